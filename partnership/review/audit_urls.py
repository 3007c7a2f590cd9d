"""The audit log viewer under /staff/audit/ (see partnership/review/urls.py)."""

from django.urls import URLPattern, path

from partnership.review import audit_views

urlpatterns: list[URLPattern] = [
    path("", audit_views.audit_list, name="audit"),
    path("audit-log.csv", audit_views.audit_csv, name="audit_csv"),
]
