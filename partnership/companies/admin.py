from django.contrib import admin
from django.db import models

from partnership.companies.models import Company, Corporation, Invitation
from partnership.core.admin_mixins import ReadOnlyAdmin


@admin.register(Company)
class CompanyAdmin(ReadOnlyAdmin):
    list_display = (
        "corporate_number",
        "name",
        "prefecture",
        "industry",
        "capital_yen",
        "employees",
    )
    list_filter = ("prefecture__region", "industry")
    search_fields = ("corporate_number", "name", "name_kana", "name_en")
    list_select_related = ("prefecture", "industry")
    show_full_result_count = False
    # The read-only view still builds the form; say how a scheme-less address is read.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Corporation)
class CorporationAdmin(ReadOnlyAdmin):
    list_display = ("corporate_number", "name", "prefecture_name", "city_name", "close_date")
    search_fields = ("corporate_number", "name", "name_kana")
    show_full_result_count = False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("company", "email", "role", "created_at", "expires_at", "accepted_at")
    list_select_related = ("company",)
    search_fields = ("email", "company__corporate_number", "company__name")
