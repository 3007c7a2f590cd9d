"""Companies (declarants), keyed by their corporate number."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import MembershipRole
from partnership.companies.corporate_number import corporate_number_validator
from partnership.core.bands import is_large_company
from partnership.core.models import Industry, Prefecture
from partnership.core.text import normalize_for_search, short_grams

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
    # The distinct one- and two-character grams of the normalised names, space-separated: the
    # index for queries too short for trigrams (see partnership/registry/search.py).
    search_grams = models.TextField(editable=False, default="")
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
        self.search_grams = short_grams(self.name, self.name_kana, self.name_en)


class CorporationKind(models.TextChoices):
    NATIONAL = "101", _("National body")
    LOCAL_GOVERNMENT = "201", _("Local government")
    KABUSHIKI = "301", _("Kabushiki kaisha")
    YUGEN = "302", _("Yugen kaisha")
    GOMEI = "303", _("Gomei kaisha")
    GOSHI = "304", _("Goshi kaisha")
    GODO = "305", _("Godo kaisha")
    OTHER_REGISTERED = "399", _("Other registered corporation")
    FOREIGN = "401", _("Foreign company")
    OTHER = "499", _("Other")


class Corporation(models.Model):
    """One row of the national corporate-number master (国税庁 法人番号公表サイト), latest
    state only. Loaded by ``import_corporations``; used to prefill a company's details and to
    check submissions. Source: 国税庁法人番号公表サイト (Public Data License 1.0)."""

    corporate_number = models.CharField(_("corporate number"), max_length=13, unique=True)
    name = models.CharField(_("trade name"), max_length=300)
    name_kana = models.CharField(_("reading (furigana)"), max_length=300, blank=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=3, blank=True)
    # The master's own code; not a foreign key, because it is empty for foreign addresses.
    prefecture_code = models.CharField(_("prefecture code"), max_length=2, blank=True)
    prefecture_name = models.CharField(_("prefecture"), max_length=10, blank=True)
    city_name = models.CharField(_("city"), max_length=100, blank=True)
    street = models.CharField(_("street address"), max_length=300, blank=True)
    post_code = models.CharField(_("post code"), max_length=7, blank=True)
    address_outside = models.CharField(_("address abroad"), max_length=300, blank=True)
    process = models.CharField(_("last process code"), max_length=2, blank=True)
    update_date = models.DateField(_("updated on"), null=True, blank=True)
    change_date = models.DateField(_("changed on"), null=True, blank=True)
    close_date = models.DateField(_("closed on"), null=True, blank=True)
    close_cause = models.CharField(_("close cause"), max_length=2, blank=True)
    successor_corporate_number = models.CharField(
        _("successor corporate number"), max_length=13, blank=True
    )
    assignment_date = models.DateField(_("number assigned on"), null=True, blank=True)
    hidden = models.BooleanField(_("excluded from search by the tax agency"), default=False)
    # Deleted (process 99) rows are kept, flagged, so a check can say "deleted" not "unknown".
    deleted = models.BooleanField(_("deleted from the master"), default=False)

    class Meta:
        verbose_name = _("corporation (master)")
        verbose_name_plural = _("corporations (master)")
        ordering = ["corporate_number"]

    def __str__(self) -> str:
        return f"{self.name} ({self.corporate_number})"

    @property
    def is_closed(self) -> bool:
        return self.close_date is not None or self.deleted

    @property
    def address(self) -> str:
        """The domestic address as one line (city and street), or the foreign address."""
        if self.address_outside:
            return self.address_outside
        return f"{self.city_name}{self.street}"


class Invitation(models.Model):
    """An owner's emailed invitation for someone to act for a company. The token is stored
    hashed; the link in the email is the only copy of the secret."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["owner", "member"]), name="invitation_role_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
