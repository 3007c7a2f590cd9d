"""Staff accounts under /staff/staff/ (see partnership/review/urls.py). Administrators only."""

from django.urls import URLPattern, path

from partnership.review import staff_views

urlpatterns: list[URLPattern] = [
    path("", staff_views.staff_list, name="staff"),
    path("new/", staff_views.staff_create, name="staff_create"),
    path("<int:pk>/", staff_views.staff_detail, name="staff_detail"),
    path("<int:pk>/role/", staff_views.staff_role, name="staff_role"),
    path("<int:pk>/active/", staff_views.staff_active, name="staff_active"),
    path(
        "<int:pk>/two-factor/reset/",
        staff_views.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
]
