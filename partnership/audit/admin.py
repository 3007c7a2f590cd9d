from django.contrib import admin

from partnership.audit.models import AuditEvent
from partnership.core.admin_mixins import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "action", "object_type", "object_id", "company")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "company__corporate_number")
    list_select_related = ("company",)
    date_hierarchy = "created_at"
    show_full_result_count = False
