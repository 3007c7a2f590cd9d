"""Every write to templates and declarations, and every life-cycle transition.

Each transition runs in one transaction, locks the company row and then the declaration row
(always in that order, so two transitions never deadlock), checks the state it expects, writes
the change and its audit event. A transition that finds another state than expected — usually
because someone else acted first — raises :class:`InvalidTransition` with a plain message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import User
from partnership.accounts.services import user_can_act_for
from partnership.audit.services import RequestContext, audit_record
from partnership.companies.models import Company
from partnership.core.dates import jst_date
from partnership.core.errors import DomainError, InvalidTransition, NotAllowed
from partnership.core.text import clean_text
from partnership.declarations import listing_index, notifications
from partnership.declarations.answers import validate_answers
from partnership.declarations.models import (
    Declaration,
    RemovalCategory,
    ReviewAction,
    ReviewKind,
    SectionKind,
    Status,
    TemplateItem,
    TemplateSection,
    TemplateVersion,
)

MESSAGE_MAX = 4000
SIGNER_MAX = 100
DRAFT_FIELDS = (
    "answers",
    "company_name",
    "signer_title",
    "signer_name",
    "signer_attested",
    "document_date",
)

_ACTION_NAMES = {
    "submit": _("submitted"),
    "resubmit": _("resubmitted"),
    "return": _("returned"),
    "publish": _("approved and published"),
    "reject": _("rejected"),
    "withdraw": _("withdrawn"),
    "remove": _("removed"),
    "edit": _("edited"),
    "discard": _("discarded"),
    "assign": _("assigned"),
}


# --- helpers ---------------------------------------------------------------------------------


def _lock(declaration: Declaration) -> Declaration:
    """Lock the company, then the declaration, and return the fresh declaration."""
    Company.objects.select_for_update().only("pk").get(pk=declaration.company_id)
    return (
        Declaration.objects.select_for_update()
        .select_related("company", "template")
        .get(pk=declaration.pk)
    )


def _expect(declaration: Declaration, allowed: Iterable[str], action: str) -> None:
    if declaration.status not in allowed:
        raise InvalidTransition(
            _(
                "This declaration is now “%(status)s”, so it cannot be %(action)s. Someone may "
                "have acted on it first: reload the page to see its current state."
            )
            % {"status": Status(declaration.status).label, "action": _ACTION_NAMES[action]},
        )


def _require_member(actor: Any, declaration: Declaration) -> None:
    if not user_can_act_for(actor, declaration.company_id):
        raise NotAllowed(_("You are not allowed to act for this company."))


def _require_reviewer(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_reviewer", False):
        raise NotAllowed(_("Only reviewers can decide on declarations."))


def _require_administrator(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_administrator", False):
        raise NotAllowed(_("Only administrators can do this."))


def _clean_message(message: str, *, required: bool, field: str = "message") -> str:
    text = clean_text(message or "")
    if required and not text:
        raise ValidationError({field: _("Write a message for the company.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            {field: _("Use at most %(limit)d characters.") % {"limit": MESSAGE_MAX}}
        )
    return text


def _state(declaration: Declaration) -> dict[str, Any]:
    return {
        "status": declaration.status,
        "version": declaration.version,
        "published_at": declaration.published_at.isoformat() if declaration.published_at else None,
        "ended_at": declaration.ended_at.isoformat() if declaration.ended_at else None,
    }


def _audit(
    actor: Any,
    action: str,
    declaration: Declaration,
    before: dict[str, Any] | None,
    context: RequestContext | None,
    at: dt.datetime,
    **extra: Any,
) -> None:
    audit_record(
        actor=actor,
        action=f"declaration.{action}",
        obj=declaration,
        company=declaration.company,
        before=before,
        after={**_state(declaration), **extra},
        context=context,
        at=at,
    )


def check_complete(declaration: Declaration) -> None:
    """Everything a submission needs; raises ValidationError naming each missing field."""
    errors: dict[str, Any] = {}
    try:
        validate_answers(declaration.template, declaration.answers, complete=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not declaration.company_name:
        errors["company_name"] = [_("Enter the company name as it appears on the declaration.")]
    if not declaration.signer_title:
        errors["signer_title"] = [_("Enter the signer's title.")]
    if not declaration.signer_name:
        errors["signer_name"] = [_("Enter the signer's name.")]
    if not declaration.signer_attested:
        errors["signer_attested"] = [
            _("Confirm that the signer has the authority to represent the company.")
        ]
    if declaration.document_date is None:
        errors["document_date"] = [_("Enter the date of the declaration.")]
    elif declaration.document_date > jst_date(timezone.now()):
        errors["document_date"] = [_("The date of the declaration cannot be in the future.")]
    if errors:
        raise ValidationError(errors)


# --- templates -------------------------------------------------------------------------------


def _bilingual(data: Mapping[str, Any], field: str, *, required: bool = True) -> tuple[str, str]:
    value = data.get(field) or {}
    if not isinstance(value, Mapping):
        raise ValidationError({field: f"{field} must be an object with 'ja' and 'en'"})
    ja, en = clean_text(value.get("ja") or ""), clean_text(value.get("en") or "")
    if required and not (ja and en):
        raise ValidationError({field: f"{field} needs both 'ja' and 'en' text"})
    return ja, en


@transaction.atomic
def template_version_import(
    *,
    data: Mapping[str, Any],
    actor: User | None = None,
    make_current: bool = False,
    context: RequestContext | None = None,
) -> TemplateVersion:
    """Create a template version from its data (the JSON layout of
    ``partnership/declarations/demo/template_*.json``)."""
    if actor is not None:
        _require_administrator(actor)
    code = clean_text(str(data.get("code") or ""))
    if not code:
        raise ValidationError({"code": "code is required"})
    if TemplateVersion.objects.filter(code=code).exists():
        raise ValidationError({"code": f"template version {code} already exists"})
    try:
        effective = dt.date.fromisoformat(str(data.get("effective_date")))
    except ValueError:
        raise ValidationError({"effective_date": "effective_date must be YYYY-MM-DD"}) from None
    title = _bilingual(data, "title")
    preamble = _bilingual(data, "preamble")
    closing = _bilingual(data, "closing", required=False)
    template = TemplateVersion.objects.create(
        code=code,
        effective_date=effective,
        title_ja=title[0],
        title_en=title[1],
        preamble_ja=preamble[0],
        preamble_en=preamble[1],
        closing_ja=closing[0],
        closing_en=closing[1],
    )
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise ValidationError({"sections": "at least one section is required"})
    for position, section_data in enumerate(sections, start=1):
        kind = section_data.get("kind")
        if kind not in SectionKind.values:
            raise ValidationError({"sections": f"section {position}: unknown kind {kind!r}"})
        heading = _bilingual(section_data, "heading")
        body = _bilingual(section_data, "body", required=False)
        section = TemplateSection.objects.create(
            template=template,
            key=section_data["key"],
            position=position,
            kind=kind,
            required=bool(section_data.get("required", True)),
            allow_own_items=bool(section_data.get("allow_own_items", False)),
            heading_ja=heading[0],
            heading_en=heading[1],
            body_ja=body[0],
            body_en=body[1],
        )
        for item_position, item_data in enumerate(section_data.get("items") or [], start=1):
            label = _bilingual(item_data, "label")
            text = _bilingual(item_data, "text", required=False)
            TemplateItem.objects.create(
                section=section,
                key=item_data["key"],
                position=item_position,
                label_ja=label[0],
                label_en=label[1],
                text_ja=text[0],
                text_en=text[1],
            )
    for obj in [
        template,
        *template.sections.all(),
        *TemplateItem.objects.filter(section__template=template),
    ]:
        obj.full_clean()
    audit_record(actor=actor, action="template.import", obj=template, after={"code": code})
    if make_current:
        template_version_make_current(template=template, actor=actor, context=context)
    return template


@transaction.atomic
def template_version_make_current(
    *, template: TemplateVersion, actor: User | None, context: RequestContext | None = None
) -> TemplateVersion:
    """Make ``template`` the version new declarations are written on."""
    if actor is not None:
        _require_administrator(actor)
    previous = TemplateVersion.objects.select_for_update().filter(is_current=True).first()
    if previous is not None and previous.pk == template.pk:
        return template
    TemplateVersion.objects.filter(is_current=True).update(is_current=False)
    TemplateVersion.objects.filter(pk=template.pk).update(is_current=True)
    template.is_current = True
    audit_record(
        actor=actor,
        action="template.make_current",
        obj=template,
        before={"current": previous.code if previous else None},
        after={"current": template.code},
        context=context,
    )
    return template


# --- drafts ----------------------------------------------------------------------------------


@transaction.atomic
def declaration_create_draft(
    *,
    company: Company,
    actor: Any,
    template: TemplateVersion | None = None,
    based_on: Declaration | None = None,
    context: RequestContext | None = None,
) -> Declaration:
    """Start a new version for ``company`` on ``template`` (default: the current one).

    With ``based_on`` (the company's published or previous version) the answers are copied,
    mapped onto the template by stable item keys; items the template no longer has are dropped
    (the caller shows them to the user via :func:`answers_carry_over`)."""
    Company.objects.select_for_update().only("pk").get(pk=company.pk)
    if not user_can_act_for(actor, company.pk):
        raise NotAllowed(_("You are not allowed to act for this company."))
    template = template or TemplateVersion.objects.current()
    if template is None:
        raise DomainError(_("No declaration template is in force yet."), code="no_template")
    if Declaration.objects.filter(company=company).in_progress().exists():
        raise InvalidTransition(
            _("This company already has a declaration in progress: continue that one.")
        )
    if based_on is not None and based_on.company_id != company.pk:
        raise NotAllowed(_("You are not allowed to act for this company."))
    now = timezone.now()
    latest = Declaration.objects.filter(company=company).aggregate(v=Max("version"))["v"] or 0
    answers: dict[str, Any] = {}
    fields: dict[str, Any] = {"company_name": company.name}
    if based_on is not None:
        answers = answers_carry_over(
            based_on.answers,
            template,
            keep_confirmations=based_on.template_id == template.pk,
        )[0]
        fields.update(
            company_name=company.name,
            signer_title=based_on.signer_title,
            signer_name=based_on.signer_name,
        )
    declaration = Declaration.objects.create(
        company=company,
        version=latest + 1,
        template=template,
        status=Status.DRAFT,
        based_on=based_on,
        answers=answers,
        created_by=actor,
        created_at=now,
        updated_at=now,
        **fields,
    )
    _audit(actor, "create", declaration, None, context, now, template=template.code)
    return declaration


def answers_carry_over(
    answers: Mapping[str, Any], template: TemplateVersion, *, keep_confirmations: bool = False
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Map ``answers`` onto ``template`` by section and item key. Confirmations of fixed texts
    are kept only with ``keep_confirmations`` (same template: the text did not change).

    Returns the mapped answers and the (section key, item key) pairs that could not be carried
    over because the new template no longer has them."""
    catalogue = {
        section.key: (section, {item.key for item in section.items.all()})
        for section in template.sections.prefetch_related("items")
    }
    mapped: dict[str, Any] = {}
    dropped: list[tuple[str, str]] = []
    for section_key, value in answers.items():
        if section_key not in catalogue or not isinstance(value, Mapping):
            dropped.append((section_key, ""))
            continue
        section, keys = catalogue[section_key]
        if section.kind == SectionKind.CHOICE:
            kept = [item for item in value.get("items", []) if item.get("key") in keys]
            dropped += [
                (section_key, item.get("key", ""))
                for item in value.get("items", [])
                if item.get("key") not in keys
            ]
            own = list(value.get("own_items", [])) if section.allow_own_items else []
            mapped[section_key] = {"items": kept, "own_items": own}
        elif section.kind == SectionKind.CONFIRM:
            # A revised text must be confirmed afresh.
            confirmed = keep_confirmations and value.get("confirmed") is True
            mapped[section_key] = {"confirmed": confirmed}
        else:
            mapped[section_key] = {"text": value.get("text", "")}
    return mapped, dropped


@transaction.atomic
def declaration_update_draft(
    *,
    declaration: Declaration,
    actor: Any,
    changes: Mapping[str, Any],
    context: RequestContext | None = None,
) -> Declaration:
    """Save changes to a draft or returned declaration. Only shape and lengths are checked,
    so a half-finished form can always be saved."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown draft fields: {sorted(unknown)}")
    locked = _lock(declaration)
    _require_member(actor, locked)
    _expect(locked, (Status.DRAFT, Status.RETURNED), "edit")
    errors: dict[str, Any] = {}
    if "answers" in changes:
        try:
            locked.answers = validate_answers(locked.template, changes["answers"], complete=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for field in ("company_name", "signer_title", "signer_name"):
        if field in changes:
            value = clean_text(str(changes[field] or ""))
            limit = 200 if field == "company_name" else SIGNER_MAX
            if len(value) > limit:
                errors[field] = [_("Use at most %(limit)d characters.") % {"limit": limit}]
            setattr(locked, field, value)
    if "signer_attested" in changes:
        locked.signer_attested = bool(changes["signer_attested"])
    if "document_date" in changes:
        value = changes["document_date"]
        if value is not None and not isinstance(value, dt.date):
            errors["document_date"] = [_("Enter a valid date.")]
        else:
            locked.document_date = value
    if errors:
        raise ValidationError(errors)
    locked.updated_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def declaration_discard(
    *, declaration: Declaration, actor: Any, context: RequestContext | None = None
) -> None:
    """Throw away a draft that was never submitted (submitted versions are never deleted)."""
    locked = _lock(declaration)
    _require_member(actor, locked)
    _expect(locked, (Status.DRAFT,), "discard")
    if locked.submitted_at is not None:
        raise InvalidTransition(_("A declaration that was submitted cannot be discarded."))
    now = timezone.now()
    _audit(actor, "discard", locked, _state(locked), context, now)
    locked.delete()


# --- transitions -----------------------------------------------------------------------------


def _submit(
    declaration: Declaration, actor: Any, context: RequestContext | None, *, action: str
) -> Declaration:
    allowed = (Status.DRAFT,) if action == "submit" else (Status.RETURNED,)
    locked = _lock(declaration)
    _require_member(actor, locked)
    _expect(locked, allowed, action)
    check_complete(locked)
    before = _state(locked)
    now = timezone.now()
    locked.status = Status.SUBMITTED
    locked.submitted_at = now
    locked.updated_at = now
    _store_prechecks(locked)
    locked.save()
    _audit(actor, action, locked, before, context, now, prechecks=locked.precheck_outcome)
    notifications.notify_submitted(locked)
    return locked


@transaction.atomic
def declaration_submit(
    *, declaration: Declaration, actor: Any, context: RequestContext | None = None
) -> Declaration:
    """draft → submitted. Raises ValidationError listing every missing answer."""
    return _submit(declaration, actor, context, action="submit")


@transaction.atomic
def declaration_resubmit(
    *, declaration: Declaration, actor: Any, context: RequestContext | None = None
) -> Declaration:
    """returned → submitted, after the company has made the requested changes."""
    return _submit(declaration, actor, context, action="resubmit")


def _store_prechecks(declaration: Declaration) -> None:
    from partnership.declarations.prechecks import overall, run_prechecks

    checks = run_prechecks(declaration)
    declaration.prechecks = [c.as_data() for c in checks]
    declaration.precheck_outcome = overall(checks)


def _expect_unchanged(declaration: Declaration, expected_submitted_at: dt.datetime | None) -> None:
    """A reviewer decides on what they saw: if the company resubmitted since (or someone else
    returned it and it came back), the decision is refused rather than applied to new content."""
    if expected_submitted_at is not None and declaration.submitted_at != expected_submitted_at:
        raise InvalidTransition(
            _(
                "This declaration was changed and submitted again after you opened it. Reload "
                "the page and review the current content."
            ),
            code="stale",
        )


@transaction.atomic
def declaration_refresh_prechecks(*, declaration: Declaration) -> Declaration:
    """Recompute the stored pre-checks of a submitted declaration (e.g. after the corporation
    master was refreshed). Not audited: it changes no state a person decided."""
    locked = _lock(declaration)
    if locked.status != Status.SUBMITTED:
        return locked
    _store_prechecks(locked)
    Declaration.objects.filter(pk=locked.pk).update(
        prechecks=locked.prechecks, precheck_outcome=locked.precheck_outcome
    )
    return locked


@transaction.atomic
def declaration_assign(
    *,
    declaration: Declaration,
    reviewer: Any,
    assignee: Any | None,
    context: RequestContext | None = None,
) -> Declaration:
    """Assign a submitted declaration to a reviewer (``assignee`` None: unassign)."""
    _require_reviewer(reviewer)
    if assignee is not None and not getattr(assignee, "is_reviewer", False):
        raise NotAllowed(_("Declarations can only be assigned to reviewers."))
    locked = _lock(declaration)
    _expect(locked, (Status.SUBMITTED,), "assign")
    before = {"assigned_to": locked.assigned_to.email if locked.assigned_to else None}
    now = timezone.now()
    locked.assigned_to = assignee
    locked.assigned_at = now if assignee is not None else None
    locked.save(update_fields=["assigned_to", "assigned_at"])
    audit_record(
        actor=reviewer,
        action="declaration.assign",
        obj=locked,
        company=locked.company,
        before=before,
        after={"assigned_to": assignee.email if assignee is not None else None},
        context=context,
        at=now,
    )
    return locked


def _decide(
    declaration: Declaration,
    reviewer: Any,
    context: RequestContext | None,
    *,
    action: str,
    new_status: Status,
    kind: ReviewKind,
    message: str,
    expected_submitted_at: dt.datetime | None = None,
) -> Declaration:
    locked = _lock(declaration)
    _expect(locked, (Status.SUBMITTED,), action)
    _expect_unchanged(locked, expected_submitted_at)
    before = _state(locked)
    now = timezone.now()
    locked.status = new_status
    locked.decided_at = now
    locked.updated_at = now
    locked.save()
    ReviewAction.objects.create(
        declaration=locked, actor=reviewer, kind=kind, message=message, created_at=now
    )
    _audit(reviewer, action, locked, before, context, now, message=message)
    return locked


@transaction.atomic
def declaration_return(
    *,
    declaration: Declaration,
    reviewer: Any,
    message: str,
    context: RequestContext | None = None,
    expected_submitted_at: dt.datetime | None = None,
) -> Declaration:
    """submitted → returned, with a required message telling the company what to change."""
    _require_reviewer(reviewer)
    text = _clean_message(message, required=True)
    returned = _decide(
        declaration,
        reviewer,
        context,
        action="return",
        new_status=Status.RETURNED,
        kind=ReviewKind.RETURNED,
        message=text,
        expected_submitted_at=expected_submitted_at,
    )
    notifications.notify_returned(returned, text)
    return returned


@transaction.atomic
def declaration_reject(
    *,
    declaration: Declaration,
    reviewer: Any,
    reason: str,
    context: RequestContext | None = None,
    expected_submitted_at: dt.datetime | None = None,
) -> Declaration:
    """submitted → rejected, with a required reason. Final for this version."""
    _require_reviewer(reviewer)
    text = _clean_message(reason, required=True, field="reason")
    rejected = _decide(
        declaration,
        reviewer,
        context,
        action="reject",
        new_status=Status.REJECTED,
        kind=ReviewKind.REJECTED,
        message=text,
        expected_submitted_at=expected_submitted_at,
    )
    notifications.notify_rejected(rejected, text)
    return rejected


@transaction.atomic
def declaration_publish(
    *,
    declaration: Declaration,
    reviewer: Any,
    message: str = "",
    context: RequestContext | None = None,
    expected_submitted_at: dt.datetime | None = None,
) -> Declaration:
    """submitted → published. The company's previously published version, if any, becomes
    superseded at the same instant, so the published intervals leave no gap."""
    _require_reviewer(reviewer)
    text = _clean_message(message, required=False)
    locked = _lock(declaration)
    _expect(locked, (Status.SUBMITTED,), "publish")
    _expect_unchanged(locked, expected_submitted_at)
    now = timezone.now()
    previous = (
        Declaration.objects.select_for_update()
        .filter(company_id=locked.company_id)
        .published()
        .first()
    )
    if previous is not None:
        before_previous = _state(previous)
        previous.status = Status.SUPERSEDED
        previous.ended_at = now
        previous.updated_at = now
        previous.save()
        _audit(
            reviewer,
            "supersede",
            previous,
            before_previous,
            context,
            now,
            superseded_by=locked.version,
        )
    before = _state(locked)
    locked.status = Status.PUBLISHED
    locked.decided_at = now
    locked.published_at = now
    locked.updated_at = now
    locked.save()
    ReviewAction.objects.create(
        declaration=locked, actor=reviewer, kind=ReviewKind.PUBLISHED, message=text, created_at=now
    )
    _audit(reviewer, "publish", locked, before, context, now, message=text)
    listing_index.sync_companies([locked.company_id])
    notifications.notify_published(locked)
    return locked


@transaction.atomic
def declaration_withdraw(
    *, declaration: Declaration, actor: Any, reason: str, context: RequestContext | None = None
) -> Declaration:
    """published → withdrawn, by the company, with a reason shown on the public page."""
    locked = _lock(declaration)
    _require_member(actor, locked)
    text = _clean_message(reason, required=False, field="reason")
    _expect(locked, (Status.PUBLISHED,), "withdraw")
    before = _state(locked)
    now = timezone.now()
    locked.status = Status.WITHDRAWN
    locked.ended_at = now
    locked.updated_at = now
    locked.end_reason = text
    locked.save()
    _audit(actor, "withdraw", locked, before, context, now, reason=text)
    listing_index.sync_companies([locked.company_id])
    notifications.notify_withdrawn(locked)
    return locked


@transaction.atomic
def declaration_remove(
    *,
    declaration: Declaration,
    administrator: Any,
    category: str,
    reason: str,
    context: RequestContext | None = None,
) -> Declaration:
    """published → removed, by an administrator, with a public reason category and text."""
    _require_administrator(administrator)
    if category not in RemovalCategory.values:
        raise ValidationError({"category": _("Choose a reason category.")})
    text = _clean_message(reason, required=True, field="reason")
    locked = _lock(declaration)
    _expect(locked, (Status.PUBLISHED,), "remove")
    before = _state(locked)
    now = timezone.now()
    locked.status = Status.REMOVED
    locked.ended_at = now
    locked.updated_at = now
    locked.end_reason_category = category
    locked.end_reason = text
    locked.save()
    ReviewAction.objects.create(
        declaration=locked,
        actor=administrator,
        kind=ReviewKind.REMOVED,
        message=text,
        created_at=now,
    )
    _audit(administrator, "remove", locked, before, context, now, category=category, reason=text)
    listing_index.sync_companies([locked.company_id])
    notifications.notify_removed(locked)
    return locked


# --- signed PDF --------------------------------------------------------------------------------

SIGNED_PDF_MAX_BYTES = 10 * 1024 * 1024


def check_pdf(upload: Any) -> None:
    """Raise ValidationError unless ``upload`` (a Django UploadedFile) is a PDF of at most
    10 MB, judged by its content: the ``%PDF-`` signature and a document pypdf can open."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if upload.size > SIGNED_PDF_MAX_BYTES:
        raise ValidationError(
            {"signed_pdf": _("The file is larger than 10 MB. Upload a smaller PDF.")}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(
            {"signed_pdf": _("This file is not a PDF. Upload the signed declaration as a PDF.")}
        )
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                {"signed_pdf": _("The PDF is password-protected. Upload it without a password.")}
            )
        if len(reader.pages) < 1:
            raise PdfReadError("no pages")
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise ValidationError(
            {"signed_pdf": _("The PDF could not be read; it may be damaged. Try saving it again.")}
        ) from None
    finally:
        upload.seek(0)


@transaction.atomic
def declaration_attach_signed_pdf(
    *,
    declaration: Declaration,
    actor: Any,
    upload: Any,
    context: RequestContext | None = None,
) -> Declaration:
    """Attach (or replace) the company's signed PDF on a draft or returned declaration."""
    import secrets

    from django.core.files.base import ContentFile

    check_pdf(upload)
    locked = _lock(declaration)
    _require_member(actor, locked)
    _expect(locked, (Status.DRAFT, Status.RETURNED), "edit")
    name = f"{locked.company.corporate_number}-v{locked.version}-{secrets.token_hex(8)}.pdf"
    previous = locked.signed_pdf.name if locked.signed_pdf else ""
    locked.signed_pdf.save(name, ContentFile(upload.read()), save=False)
    locked.updated_at = timezone.now()
    locked.save()
    _audit(
        actor,
        "attach_pdf",
        locked,
        {"signed_pdf": previous},
        context,
        locked.updated_at,
        signed_pdf=locked.signed_pdf.name,
    )
    return locked
