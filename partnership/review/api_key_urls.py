"""API keys under /staff/api-keys/ (see partnership/review/urls.py). Administrators only."""

from django.urls import URLPattern, path

from partnership.review import api_key_views

urlpatterns: list[URLPattern] = [
    path("", api_key_views.api_key_list, name="api_keys"),
    path("new/", api_key_views.api_key_new, name="api_key_new"),
    path("<int:pk>/revoke/", api_key_views.api_key_revoke_view, name="api_key_revoke"),
]
