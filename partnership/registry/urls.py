from django.urls import path

from partnership.registry import (
    declaration_views,
    open_data_views,
    statistics_views,
    verify_views,
    views,
)

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("declarations/", views.listing, name="listing"),
    path(
        "declarations/<str:corporate_number>/",
        declaration_views.declaration,
        name="declaration",
    ),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics.json", statistics_views.statistics_json, name="statistics_json"),
    path("open-data/", open_data_views.open_data_page, name="open_data"),
    path("open-data/<str:filename>", open_data_views.open_data_file, name="open_data_file"),
    path("feed.atom", open_data_views.feed, name="feed"),
    # Was a company declared on a date? One number (GET) or a CSV file of numbers (POST).
    path("verify/", verify_views.verify_page, name="verify"),
    # A company's public declaration: versions, PDF and publication certificate.
    path(
        "declarations/<str:corporate_number>/declaration.pdf",
        declaration_views.declaration_pdf,
        name="declaration_pdf",
    ),
    path(
        "declarations/<str:corporate_number>/versions/<int:version>/",
        declaration_views.declaration_version,
        name="declaration_version",
    ),
    path(
        "declarations/<str:corporate_number>/certificate/",
        declaration_views.certificate,
        name="certificate",
    ),
    path(
        "declarations/<str:corporate_number>/certificate.pdf",
        declaration_views.certificate_pdf,
        name="certificate_pdf",
    ),
]
