from django.contrib import admin

from partnership.core.admin_mixins import AdministratorAdmin
from partnership.core.models import Industry, Prefecture, Region


@admin.register(Region)
class RegionAdmin(AdministratorAdmin):
    list_display = ("code", "name_ja", "name_en", "position")
    readonly_fields = ("code",)


@admin.register(Prefecture)
class PrefectureAdmin(AdministratorAdmin):
    list_display = ("code", "name_ja", "name_en", "region")
    list_filter = ("region",)
    readonly_fields = ("code",)


@admin.register(Industry)
class IndustryAdmin(AdministratorAdmin):
    list_display = ("code", "name_ja", "name_en")
    readonly_fields = ("code",)
