from django.urls import path

from partnership.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("companies/claim/", views.claim, name="claim"),
    path("companies/claim/<str:corporate_number>/", views.claim_confirm, name="claim_confirm"),
    path("companies/<str:corporate_number>/", views.home, name="home"),
    path("companies/<str:corporate_number>/profile/", views.profile, name="profile"),
    path("companies/<str:corporate_number>/members/", views.members, name="members"),
    path(
        "companies/<str:corporate_number>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "companies/<str:corporate_number>/members/<int:membership_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "companies/<str:corporate_number>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
