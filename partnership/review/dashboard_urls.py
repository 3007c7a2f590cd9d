"""The operations dashboard under /staff/dashboard/ (see partnership/review/urls.py)."""

from django.urls import URLPattern, path

from partnership.review import dashboard_views

urlpatterns: list[URLPattern] = [path("", dashboard_views.dashboard, name="dashboard")]
