"""Mounted under /mypage/companies/<corporate_number>/declarations/ (see companies.urls)."""

from django.urls import path

from partnership.declarations import views

app_name = "declarations"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("<int:version>/", views.status, name="status"),
    path("<int:version>/steps/<slug:step>/", views.step, name="step"),
    path("<int:version>/review/", views.review, name="review"),
    path("<int:version>/submit/", views.submit, name="submit"),
    path("<int:version>/preview/", views.preview, name="preview"),
    path("<int:version>/declaration.pdf", views.pdf, name="pdf"),
    path("<int:version>/upload/", views.upload, name="upload"),
    path("<int:version>/signed.pdf", views.signed_pdf, name="signed_pdf"),
    path("<int:version>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:version>/discard/", views.discard, name="discard"),
]
