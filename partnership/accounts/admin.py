from django.contrib import admin

from partnership.accounts.models import Membership, User
from partnership.core.admin_mixins import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("email", "full_name", "staff_role", "language", "is_active", "last_login")
    list_filter = ("staff_role", "is_active", "language")
    search_fields = ("email", "full_name")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "company", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "company__corporate_number", "company__name")
    list_select_related = ("user", "company")
