"""Administrators' template pages under /staff/templates/ (see template_views)."""

from django.urls import URLPattern, path

from partnership.review import template_views as views

urlpatterns: list[URLPattern] = [
    path("", views.template_list, name="templates"),
    path("<int:pk>/", views.template_detail, name="template"),
    path("<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("<int:pk>/make-current/", views.make_current, name="template_make_current"),
    path(
        "<int:pk>/sections/<int:section_id>/",
        views.section_edit,
        name="template_section",
    ),
    path(
        "<int:pk>/sections/<int:section_id>/items/add/",
        views.item_add,
        name="template_item_add",
    ),
    path("<int:pk>/items/<int:item_id>/", views.item_edit, name="template_item"),
    path(
        "<int:pk>/items/<int:item_id>/remove/",
        views.item_remove,
        name="template_item_remove",
    ),
    path("<int:pk>/items/<int:item_id>/move/", views.item_move, name="template_item_move"),
]
