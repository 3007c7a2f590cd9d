"""The staff console at /staff/. Every view requires a staff role and a verified second factor
(see partnership.accounts.decorators); administrator tools require the administrator role."""

from django.urls import include, path

from partnership.review import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("declarations/<int:pk>/", views.review, name="review"),
    path("declarations/<int:pk>/assign/", views.assign, name="assign"),
    path("declarations/<int:pk>/decide/", views.decide, name="decide"),
    path("declarations/<int:pk>/signed.pdf", views.signed_pdf, name="signed_pdf"),
    path("declarations/<int:pk>/remove/", views.remove, name="remove"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("companies/", views.companies, name="companies"),
    path("templates/", include("partnership.review.template_urls")),
    path("campaigns/", include("partnership.review.campaign_urls")),
    path("audit/", include("partnership.review.audit_urls")),
    path("dashboard/", include("partnership.review.dashboard_urls")),
    path("staff/", include("partnership.review.staff_urls")),
    path("master-changes/", include("partnership.review.master_urls")),
    path("api-keys/", include("partnership.review.api_key_urls")),
]
