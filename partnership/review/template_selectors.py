"""Reads for the administrators' template pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from partnership.declarations.models import (
    Declaration,
    Status,
    TemplateItem,
    TemplateSection,
    TemplateVersion,
)
from partnership.declarations.template_services import template_edit_blocker


@dataclass(frozen=True)
class TemplateRow:
    template: TemplateVersion
    declarations: int
    published: int

    @property
    def editable(self) -> bool:
        return not self.template.is_current and self.declarations == 0


def template_versions() -> list[TemplateRow]:
    """Every version, newest effective date first, with how many declarations use it (all
    statuses) and how many of those are published now."""
    rows = TemplateVersion.objects.annotate(
        n_declarations=Count("declarations"),
        n_published=Count("declarations", filter=Q(declarations__status=Status.PUBLISHED)),
    ).order_by("-effective_date", "-code")
    return [
        TemplateRow(
            template=t,
            declarations=t.n_declarations,
            published=t.n_published,
        )
        for t in rows
    ]


def template_with_catalogue(pk: int) -> TemplateVersion:
    """One version with its sections and their items prefetched in order (raises
    ``TemplateVersion.DoesNotExist``)."""
    sections = TemplateSection.objects.order_by("position").prefetch_related(
        Prefetch("items", queryset=TemplateItem.objects.order_by("position", "id"))
    )
    return TemplateVersion.objects.prefetch_related(Prefetch("sections", queryset=sections)).get(
        pk=pk
    )


def template_blocker(template: TemplateVersion) -> str | None:
    """Why the version cannot be edited (None when it can)."""
    return template_edit_blocker(template)


def outdated_if_made_current(template: TemplateVersion) -> int:
    """How many published declarations would use an older template once ``template`` is
    current (those on other versions than ``template``)."""
    return Declaration.objects.published().exclude(template=template).count()
