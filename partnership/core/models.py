"""Reference tables shared by every app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Japanese unless English is active)."""
        return self.name_en if (get_language() or "ja").startswith("en") else self.name_ja


class Region(BilingualNameMixin):
    code = models.SlugField(_("code"), primary_key=True, max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Prefecture(BilingualNameMixin):
    code = models.CharField(_("JIS X 0401 code"), primary_key=True, max_length=2)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="prefectures")

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__gte="01") & models.Q(code__lte="47"),
                name="prefecture_code_jis_x0401",
            )
        ]


class Industry(BilingualNameMixin):
    code = models.CharField(_("JSIC major division"), primary_key=True, max_length=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__gte="A") & models.Q(code__lte="T"),
                name="industry_code_jsic_major",
            )
        ]
