"""Companies (declarants), keyed by their corporate number."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnership.companies.corporate_number import corporate_number_validator
from partnership.core.bands import is_large_company
from partnership.core.models import Industry, Prefecture
from partnership.core.text import normalize_for_search

CORPORATE_NUMBER_PATTERN = r"^[1-9][0-9]{12}$"


class Company(models.Model):
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=13,
        unique=True,
        validators=[corporate_number_validator],
    )
    name = models.CharField(_("company name"), max_length=200)
    name_kana = models.CharField(_("name reading (kana)"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("prefecture")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("industry (JSIC major division)"),
    )
    capital_yen = models.BigIntegerField(_("capital (yen)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Written by the services whenever a name changes; see partnership.core.text.
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(editable=False, max_length=200, default="", db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["corporate_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(corporate_number__regex=CORPORATE_NUMBER_PATTERN),
                name="company_corporate_number_format",
            ),
            models.CheckConstraint(
                condition=models.Q(capital_yen__isnull=True) | models.Q(capital_yen__gte=0),
                name="company_capital_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.corporate_number})"

    @property
    def is_large(self) -> bool:
        return is_large_company(self.capital_yen)

    def refresh_search_fields(self) -> None:
        """Recompute the normalised search text and reading-based sort key."""
        self.search_text = " ".join(
            part
            for part in (
                normalize_for_search(self.name),
                normalize_for_search(self.name_kana),
                normalize_for_search(self.name_en),
                self.corporate_number,
            )
            if part
        )
        self.sort_key = normalize_for_search(self.name_kana or self.name)[:200]
