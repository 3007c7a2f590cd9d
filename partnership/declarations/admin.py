from django.contrib import admin

from partnership.core.admin_mixins import ReadOnlyAdmin
from partnership.declarations.models import (
    Declaration,
    ReviewAction,
    TemplateItem,
    TemplateSection,
    TemplateVersion,
)


class TemplateSectionInline(admin.StackedInline):
    model = TemplateSection
    extra = 0
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ReadOnlyAdmin):
    list_display = ("code", "effective_date", "is_current", "title_ja")
    inlines = (TemplateSectionInline,)


@admin.register(TemplateSection)
class TemplateSectionAdmin(ReadOnlyAdmin):
    list_display = ("template", "position", "key", "kind", "heading_ja")
    list_filter = ("template",)
    inlines = (TemplateItemInline,)


class ReviewActionInline(admin.TabularInline):
    model = ReviewAction
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = (
        "company",
        "version",
        "status",
        "template",
        "submitted_at",
        "published_at",
        "ended_at",
    )
    list_filter = ("status", "template")
    search_fields = ("company__corporate_number", "company__name")
    list_select_related = ("company", "template")
    raw_id_fields = ("company", "based_on")
    inlines = (ReviewActionInline,)
    show_full_result_count = False
