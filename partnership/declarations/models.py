"""Template versions (the declaration template as data) and declarations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_english() -> bool:
    return (get_language() or "ja").startswith("en")


class BilingualText:
    """Pick the ``<field>_ja`` / ``<field>_en`` value for the active language."""

    @staticmethod
    def pick(obj: Any, field: str) -> str:
        english: str = getattr(obj, f"{field}_en", "")
        japanese: str = getattr(obj, f"{field}_ja", "")
        return english or japanese if _in_english() else japanese


# --- Template versions -----------------------------------------------------------------------


class TemplateVersionQuerySet(models.QuerySet["TemplateVersion"]):
    def current(self) -> TemplateVersion | None:
        return self.filter(is_current=True).first()


class TemplateVersion(models.Model):
    """One revision of the official template. Texts and the item catalogue are data loaded by
    administrators; nothing of the template's wording lives in code."""

    code = models.CharField(_("version code"), max_length=20, unique=True)
    effective_date = models.DateField(_("effective date"))
    is_current = models.BooleanField(_("current version"), default=False)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    preamble_ja = models.TextField(_("preamble (Japanese)"))
    preamble_en = models.TextField(_("preamble (English)"))
    closing_ja = models.TextField(_("closing (Japanese)"), blank=True)
    closing_en = models.TextField(_("closing (English)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["-effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="template_one_current"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return BilingualText.pick(self, "title")

    @property
    def preamble(self) -> str:
        return BilingualText.pick(self, "preamble")

    @property
    def closing(self) -> str:
        return BilingualText.pick(self, "closing")


class SectionKind(models.TextChoices):
    CHOICE = "choice", _("Choose items and describe actions")
    CONFIRM = "confirm", _("Confirm fixed wording")
    FREE = "free", _("Free text")


class TemplateSection(models.Model):
    template = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices)
    required = models.BooleanField(_("required"), default=True)
    allow_own_items = models.BooleanField(_("company may add its own items"), default=False)
    heading_ja = models.CharField(_("heading (Japanese)"), max_length=200)
    heading_en = models.CharField(_("heading (English)"), max_length=200)
    body_ja = models.TextField(_("fixed text (Japanese)"), blank=True)
    body_en = models.TextField(_("fixed text (English)"), blank=True)

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="section_unique_key"),
            models.UniqueConstraint(
                fields=["template", "position"], name="section_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.code}/{self.key}"

    @property
    def heading(self) -> str:
        return BilingualText.pick(self, "heading")

    @property
    def body(self) -> str:
        return BilingualText.pick(self, "body")


class TemplateItem(models.Model):
    """A selectable (or confirmed) item. Its key is stable across template versions."""

    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("key"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"))
    label_ja = models.CharField(_("label (Japanese)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    text_ja = models.TextField(_("text (Japanese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="item_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.section}/{self.key}"

    @property
    def label(self) -> str:
        return BilingualText.pick(self, "label")

    @property
    def text(self) -> str:
        return BilingualText.pick(self, "text")


# --- Declarations ----------------------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a newer version")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REMOVED = "removed", _("Removed")


IN_PROGRESS = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
# Statuses of versions that were public at some time: each has a published interval.
WAS_PUBLISHED = (Status.PUBLISHED, Status.SUPERSEDED, Status.WITHDRAWN, Status.REMOVED)
ENDED = (Status.SUPERSEDED, Status.WITHDRAWN, Status.REMOVED)


class PrecheckOutcome(models.TextChoices):
    PASS = "pass", _("All checks pass")
    WARN = "warn", _("Warnings")
    FAIL = "fail", _("Failures")


class RemovalCategory(models.TextChoices):
    NOT_HONOURED = "not_honoured", _("The company does not honour its declaration")
    FALSE_STATEMENT = "false_statement", _("The declaration contains false statements")
    COMPANY_CLOSED = "company_closed", _("The company has closed")
    OTHER = "other", _("Other")


class DeclarationQuerySet(models.QuerySet["Declaration"]):
    def published(self) -> DeclarationQuerySet:
        """Versions public right now (at most one per company)."""
        return self.filter(status=Status.PUBLISHED)

    def was_published(self) -> DeclarationQuerySet:
        """Versions that have a published interval (current or past)."""
        return self.filter(status__in=WAS_PUBLISHED)

    def in_progress(self) -> DeclarationQuerySet:
        return self.filter(status__in=IN_PROGRESS)

    def awaiting_review(self) -> DeclarationQuerySet:
        return self.filter(status=Status.SUBMITTED)


class Declaration(models.Model):
    """One version of one company's declaration."""

    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="declarations"
    )
    version = models.PositiveIntegerField(_("version"))
    template = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="declarations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision of"),
    )
    # Answers keyed by section key; the shape is validated by services.validate_answers().
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    company_name = models.CharField(_("company name on the document"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    signer_attested = models.BooleanField(
        _("signer has representative authority (attested)"), default=False
    )
    document_date = models.DateField(_("date on the document"), null=True, blank=True)
    signed_pdf = models.FileField(
        _("signed PDF"), upload_to="declarations/%Y/%m/", blank=True, max_length=200
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("publication ended at"), null=True, blank=True)
    end_reason_category = models.CharField(
        _("reason category"), max_length=20, choices=RemovalCategory.choices, blank=True
    )
    end_reason = models.TextField(_("public reason"), blank=True)
    # Review work: who has taken the submission, and the automatic pre-checks computed when it
    # was submitted (see declarations/prechecks.py).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned reviewer"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    prechecks = models.JSONField(_("pre-checks"), default=list, blank=True)
    precheck_outcome = models.CharField(
        _("pre-check outcome"), max_length=4, choices=PrecheckOutcome.choices, blank=True
    )

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["company", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "version"], name="declaration_unique_version"
            ),
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status="published"),
                name="declaration_one_published_per_company",
            ),
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="declaration_one_in_progress_per_company",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="declaration_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="declaration_version_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in WAS_PUBLISHED])
                | Q(published_at__isnull=False),
                name="declaration_published_has_start",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=[s.value for s in ENDED]) & Q(ended_at__isnull=False))
                | (~Q(status__in=[s.value for s in ENDED]) & Q(ended_at__isnull=True)),
                name="declaration_ended_iff_ended_status",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("published_at")),
                name="declaration_interval_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="declaration_queue_idx"),
            models.Index(fields=["company", "published_at"], name="declaration_interval_idx"),
            models.Index(fields=["status", "published_at"], name="declaration_listing_idx"),
            # The API's change feed reads endings in time order.
            models.Index(fields=["ended_at", "id"], name="declaration_ended_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company.corporate_number} v{self.version} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class ReviewKind(models.TextChoices):
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Approved and published")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed")


class ReviewAction(models.Model):
    """A staff decision on a declaration and the message the company sees."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="review_actions"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("decision"), max_length=12, choices=ReviewKind.choices)
    message = models.TextField(_("message to the company"), blank=True)
    created_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        ordering = ["declaration", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.declaration} {self.kind}"


# --- The public listing's index ----------------------------------------------------------------


class ListingEntry(models.Model):
    """One row per published declaration, with the company facts the public listing filters
    and sorts on: a derived copy kept by ``declarations.listing_index`` inside the transactions
    that change a publication or a published company, so that every filter and sort of the
    listing walks one narrow table in listing order (no join, no sort of every match).
    ``manage.py rebuild_listing`` recreates it from the declarations."""

    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    corporate_number = models.CharField(max_length=13)
    sort_key = models.CharField(max_length=200)
    search_text = models.TextField()
    prefecture_code = models.CharField(max_length=2)
    region_code = models.CharField(max_length=20)
    industry_code = models.CharField(max_length=2, blank=True)
    capital_band = models.CharField(max_length=10, blank=True)
    employee_band = models.CharField(max_length=10, blank=True)
    template = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("listing entry")
        verbose_name_plural = _("listing entries")
        indexes = [
            models.Index(fields=["published_at", "declaration"], name="listing_published_idx"),
            models.Index(fields=["sort_key", "corporate_number"], name="listing_name_idx"),
            models.Index(fields=["corporate_number"], name="listing_number_idx"),
            # The commonest pair of filters, so that it walks (and counts) one index range.
            models.Index(
                fields=["prefecture_code", "industry_code", "published_at"],
                name="listing_pref_industry_idx",
            ),
            *(
                models.Index(fields=[column, "published_at"], name=f"listing_{short}_idx")
                for column, short in (
                    ("prefecture_code", "prefecture"),
                    ("region_code", "region"),
                    ("industry_code", "industry"),
                    ("capital_band", "capital"),
                    ("employee_band", "employees"),
                    ("template", "template"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.corporate_number} (declaration {self.declaration_id})"


class ListingCount(models.Model):
    """How many published declarations have each facet value (``facet`` "all" holds the
    total), kept in step with :class:`ListingEntry` in the same transactions: the unfiltered
    listing's facet counts in one cheap query, exact on every process."""

    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("listing count")
        verbose_name_plural = _("listing counts")
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="listing_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}: {self.count}"
