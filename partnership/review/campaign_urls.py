"""Administrators' renewal campaign pages under /staff/campaigns/ (see campaign_views)."""

from django.urls import URLPattern, path

from partnership.review import campaign_views as views

urlpatterns: list[URLPattern] = [
    path("", views.campaign_list, name="campaigns"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/send/", views.campaign_send, name="campaign_send"),
]
