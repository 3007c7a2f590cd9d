"""Published declarations the corporation master contradicts, under /staff/master-changes/
(see partnership/review/urls.py)."""

from django.urls import URLPattern, path

from partnership.review import master_views

urlpatterns: list[URLPattern] = [
    path("", master_views.master_changes, name="master_changes"),
]
