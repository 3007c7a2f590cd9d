from django.contrib import admin

from partnership.companies.models import Company
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
