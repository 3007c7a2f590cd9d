"""The company's declaration pages under /mypage/companies/<number>/declarations/.

The form is a series of steps driven by the template version: the company's details, one
step per template section, the signer, then a check-your-answers page with the submit button.
Every step saves the draft. Every view answers 404 unless the user acts for the company.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership.accounts.decorators import verified_email_required
from partnership.accounts.models import Membership
from partnership.audit.services import RequestContext
from partnership.companies.services import company_update_profile
from partnership.companies.views import membership_or_404
from partnership.core.errors import DomainError
from partnership.core.forms import apply_service_errors
from partnership.declarations import services
from partnership.declarations.answers import validate_answers
from partnership.declarations.document import build_document
from partnership.declarations.files import harden_pdf_response, signed_pdf_response
from partnership.declarations.forms import (
    SECTION_FORMS,
    ChoiceSectionForm,
    DeclarationCompanyForm,
    SignedPdfForm,
    SignerForm,
    WithdrawForm,
)
from partnership.declarations.models import (
    Declaration,
    SectionKind,
    Status,
    TemplateItem,
    TemplateSection,
)
from partnership.declarations.notifications import reference_number
from partnership.declarations.pdf import render_pdf
from partnership.declarations.selectors import (
    company_overview,
    declaration_timeline,
)

COMPANY_STEP = "company"
SIGNER_STEP = "signer"
SIGNER_FIELDS = ("signer_title", "signer_name", "signer_attested", "document_date")
COMPANY_FIELDS = ("company_name",)


def _language() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def _requested_language(request: HttpRequest, default: str) -> str:
    """The document language asked for with ``?lang=ja|en``."""
    requested = request.GET.get("lang", "")
    return requested if requested in ("ja", "en") else default


def _ctx(request: HttpRequest) -> RequestContext:
    return RequestContext.from_request(request)


def _declaration_or_404(
    request: HttpRequest, corporate_number: str, version: int
) -> tuple[Membership, Declaration]:
    membership = membership_or_404(request, corporate_number)
    declaration = (
        Declaration.objects.select_related("company", "template", "based_on")
        .filter(company=membership.company, version=version)
        .first()
    )
    if declaration is None:
        raise Http404
    return membership, declaration


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    section: TemplateSection | None = None


def _steps(declaration: Declaration) -> list[Step]:
    language = _language()
    sections = list(declaration.template.sections.prefetch_related("items").order_by("position"))
    return [
        Step(COMPANY_STEP, _("Company details")),
        *(Step(s.key, s.heading_en if language == "en" else s.heading_ja, s) for s in sections),
        Step(SIGNER_STEP, _("Signer and date")),
    ]


def _step_url(declaration: Declaration, step: str) -> str:
    return reverse(
        "declarations:step",
        kwargs={
            "corporate_number": declaration.company.corporate_number,
            "version": declaration.version,
            "step": step,
        },
    )


def _review_url(declaration: Declaration) -> str:
    return reverse(
        "declarations:review",
        kwargs={
            "corporate_number": declaration.company.corporate_number,
            "version": declaration.version,
        },
    )


def _status_url(declaration: Declaration) -> str:
    return reverse(
        "declarations:status",
        kwargs={
            "corporate_number": declaration.company.corporate_number,
            "version": declaration.version,
        },
    )


def _completeness_errors(declaration: Declaration) -> dict[str, list[str]]:
    """Every reason the declaration cannot be submitted yet, keyed by field path."""
    try:
        services.check_complete(declaration)
    except ValidationError as error:
        return error.message_dict
    return {}


def _step_of(path: str, declaration: Declaration) -> str:
    head = path.split(".")[0]
    if head in SIGNER_FIELDS:
        return SIGNER_STEP
    if head in COMPANY_FIELDS:
        return COMPANY_STEP
    return head


def _section_errors(
    declaration: Declaration, answers: dict[str, Any], key: str
) -> dict[str, list[str]]:
    try:
        validate_answers(declaration.template, answers, complete=True)
    except ValidationError as error:
        return {p: m for p, m in error.message_dict.items() if p.split(".")[0] == key}
    return {}


def _carry_over_notes(declaration: Declaration) -> dict[str, list[dict[str, str]]]:
    """For a renewal: the previous version's items that the new template no longer has,
    per section, with what the company had written, so it can redo them."""
    based_on = declaration.based_on
    if based_on is None or based_on.template_id == declaration.template_id:
        return {}
    _mapped, dropped = services.answers_carry_over(based_on.answers, declaration.template)
    old_items = {
        (item.section.key, item.key): item
        for item in TemplateItem.objects.filter(section__template=based_on.template).select_related(
            "section"
        )
    }
    language = _language()
    notes: dict[str, list[dict[str, str]]] = {}
    for section_key, item_key in dropped:
        old_answer = based_on.answers.get(section_key) or {}
        text = next(
            (i.get("text", "") for i in old_answer.get("items", []) if i.get("key") == item_key),
            "",
        )
        item = old_items.get((section_key, item_key))
        label = (item.label_en if language == "en" else item.label_ja) if item else item_key
        notes.setdefault(section_key, []).append({"label": label, "text": text})
    return notes


def _new_item_keys(declaration: Declaration, section: TemplateSection) -> set[str]:
    """Catalogue items that did not exist in the template of the version this one renews."""
    based_on = declaration.based_on
    if based_on is None or based_on.template_id == declaration.template_id:
        return set()
    old = based_on.template.sections.filter(key=section.key).first()
    old_keys = set(old.items.values_list("key", flat=True)) if old else set()
    return {item.key for item in section.items.all()} - old_keys


# --- starting --------------------------------------------------------------------------------


@require_POST
@verified_email_required
def start(request: HttpRequest, corporate_number: str) -> HttpResponse:
    """Start a declaration: the first one, a revision of the published one, or a renewal on
    the current template (a revision whose template changed)."""
    membership = membership_or_404(request, corporate_number)
    overview = company_overview(membership.company)
    if overview.in_progress is not None:
        messages.info(request, _("This company already has a declaration in progress."))
        return redirect(_status_url(overview.in_progress))
    based_on = overview.published
    if based_on is None:
        based_on = (
            Declaration.objects.filter(company=membership.company)
            .was_published()
            .order_by("-version")
            .first()
        )
    try:
        draft = services.declaration_create_draft(
            company=membership.company,
            actor=request.user,
            based_on=based_on,
            context=_ctx(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("companies:home", corporate_number)
    if overview.published is not None:
        messages.success(
            request,
            _(
                "A new version was started from your published declaration. The published one "
                "stays public until the new version is approved."
            ),
        )
    return redirect(_step_url(draft, COMPANY_STEP))


# --- the steps -------------------------------------------------------------------------------


def _step_form(request: HttpRequest, declaration: Declaration, step: Step, extra_own: int) -> Any:
    data = request.POST if request.method == "POST" else None
    if step.key == COMPANY_STEP:
        company = declaration.company
        initial = {
            "company_name": declaration.company_name or company.name,
            "name": company.name,
            "name_kana": company.name_kana,
            "name_en": company.name_en,
            "prefecture_id": company.prefecture_id,
            "address": company.address,
            "industry_id": company.industry_id or "",
            "capital_yen": company.capital_yen,
            "employees": company.employees,
            "website": company.website,
        }
        return DeclarationCompanyForm(data, initial=initial)
    if step.key == SIGNER_STEP:
        return SignerForm(
            data,
            initial={
                "signer_title": declaration.signer_title,
                "signer_name": declaration.signer_name,
                "signer_attested": declaration.signer_attested,
                "document_date": declaration.document_date,
            },
        )
    assert step.section is not None
    answer = (declaration.answers or {}).get(step.section.key) or {}
    form_class = SECTION_FORMS[step.section.kind]
    kwargs: dict[str, Any] = {"section": step.section, "answer": answer}
    if form_class is ChoiceSectionForm:
        kwargs.update(language=_language(), extra_own=extra_own)
    return form_class(data, **kwargs)


def _save_step(
    request: HttpRequest, declaration: Declaration, step: Step, form: Any
) -> dict[str, list[str]]:
    """Save a valid step; return this step's completeness errors (saved anyway)."""
    context = _ctx(request)
    if step.key == COMPANY_STEP:
        profile = form.profile()
        company_name = profile.pop("company_name")
        company_update_profile(
            company=declaration.company, actor=request.user, context=context, **profile
        )
        services.declaration_update_draft(
            declaration=declaration,
            actor=request.user,
            changes={"company_name": company_name},
            context=context,
        )
        return {}
    if step.key == SIGNER_STEP:
        updated = services.declaration_update_draft(
            declaration=declaration, actor=request.user, changes=form.changes(), context=context
        )
        errors = _completeness_errors(updated)
        return {k: v for k, v in errors.items() if k in SIGNER_FIELDS}
    assert step.section is not None
    answers = dict(declaration.answers or {})
    answers[step.section.key] = form.answer()
    updated = services.declaration_update_draft(
        declaration=declaration, actor=request.user, changes={"answers": answers}, context=context
    )
    return _section_errors(updated, updated.answers, step.section.key)


@verified_email_required
def step(request: HttpRequest, corporate_number: str, version: int, step: str) -> HttpResponse:
    membership, declaration = _declaration_or_404(request, corporate_number, version)
    if not declaration.is_editable:
        messages.info(request, _("This declaration can no longer be edited."))
        return redirect(_status_url(declaration))
    steps = _steps(declaration)
    keys = [s.key for s in steps]
    if step not in keys:
        raise Http404
    index = keys.index(step)
    current = steps[index]
    extra_own = 1 + (1 if request.method == "POST" and "add_own" in request.POST else 0)
    form = _step_form(request, declaration, current, extra_own)
    action = request.POST.get("action", "continue")
    back_to_review = request.GET.get("from") == "review"
    if request.method == "POST" and "add_own" not in request.POST and form.is_valid():
        try:
            problems = _save_step(request, declaration, current, form)
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(_status_url(declaration))
        else:
            if action == "save":
                messages.success(
                    request,
                    _("Your draft was saved. You can come back to it at any time."),
                )
                return redirect("companies:home", corporate_number)
            if not problems:
                if back_to_review or index + 1 == len(steps):
                    return redirect(_review_url(declaration))
                return redirect(_step_url(declaration, steps[index + 1].key))
            # Saved, but this step is not complete: say what is missing, keep the input.
            for path, texts in problems.items():
                field = (
                    path
                    if path in form.fields
                    else (form.field_for_path(path) if hasattr(form, "field_for_path") else None)
                )
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
    section = current.section
    return render(
        request,
        "declarations/step.html",
        {
            "membership": membership,
            "company": membership.company,
            "declaration": declaration,
            "steps": steps,
            "step": current,
            "step_number": index + 1,
            "step_count": len(steps),
            "form": form,
            "section": section,
            "language": _language(),
            "choice": section is not None and section.kind == SectionKind.CHOICE,
            "confirm": section is not None and section.kind == SectionKind.CONFIRM,
            "free": section is not None and section.kind == SectionKind.FREE,
            "new_items": _new_item_keys(declaration, section) if section else set(),
            "dropped": _carry_over_notes(declaration).get(section.key, []) if section else [],
            "previous_url": _step_url(declaration, steps[index - 1].key) if index else None,
            "back_to_review": back_to_review,
            "last_review": declaration.review_actions.filter(kind="returned").last(),
        },
    )


@verified_email_required
def review(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    """Check your answers: every answer with a change link, what is missing, and submit."""
    membership, declaration = _declaration_or_404(request, corporate_number, version)
    if not declaration.is_editable:
        return redirect(_status_url(declaration))
    steps = _steps(declaration)
    errors = _completeness_errors(declaration)
    problems = [
        {
            "message": text,
            "url": _step_url(declaration, _step_of(path, declaration)) + "?from=review",
            "step": next((s.title for s in steps if s.key == _step_of(path, declaration)), ""),
        }
        for path, texts in errors.items()
        for text in texts
    ]
    incomplete = {_step_of(path, declaration) for path in errors}
    document = build_document(declaration, _language())
    return render(
        request,
        "declarations/review.html",
        {
            "membership": membership,
            "company": membership.company,
            "declaration": declaration,
            "steps": [
                {
                    "step": s,
                    "url": _step_url(declaration, s.key) + "?from=review",
                    "complete": s.key not in incomplete,
                }
                for s in steps
            ],
            "problems": problems,
            "document": document,
            "dropped": _carry_over_notes(declaration),
            "upload_form": SignedPdfForm(),
            "last_review": declaration.review_actions.filter(kind="returned").last(),
        },
    )


@require_POST
@verified_email_required
def submit(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    _membership, declaration = _declaration_or_404(request, corporate_number, version)
    submit_service = (
        services.declaration_resubmit
        if declaration.status == Status.RETURNED
        else services.declaration_submit
    )
    try:
        submitted = submit_service(
            declaration=declaration, actor=request.user, context=_ctx(request)
        )
    except ValidationError:
        messages.error(request, _("Some answers are missing. Complete them, then submit again."))
        return redirect(_review_url(declaration))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_status_url(declaration))
    messages.success(
        request,
        _(
            "Your declaration was submitted (reference %(reference)s). We have sent you a "
            "confirmation email."
        )
        % {"reference": reference_number(submitted)},
    )
    return redirect(_status_url(submitted))


# --- status, documents, life cycle -----------------------------------------------------------


@verified_email_required
def status(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    membership, declaration = _declaration_or_404(request, corporate_number, version)
    return render(
        request,
        "declarations/status.html",
        {
            "membership": membership,
            "company": membership.company,
            "declaration": declaration,
            "timeline": declaration_timeline(declaration),
            "reference": reference_number(declaration),
            "overview": company_overview(membership.company),
            "review_days": settings.REVIEW_TARGET_DAYS,
        },
    )


@verified_email_required
def preview(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    membership, declaration = _declaration_or_404(request, corporate_number, version)
    language = _requested_language(request, _language())
    return render(
        request,
        "declarations/preview.html",
        {
            "membership": membership,
            "company": membership.company,
            "declaration": declaration,
            "document": build_document(declaration, language),
            "document_language": language,
        },
    )


@verified_email_required
def pdf(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    _membership, declaration = _declaration_or_404(request, corporate_number, version)
    language = _requested_language(request, "ja")
    content = render_pdf(build_document(declaration, language))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"declaration-{corporate_number}-v{version}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    harden_pdf_response(response)
    return response


@verified_email_required
def upload(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    membership, declaration = _declaration_or_404(request, corporate_number, version)
    if not declaration.is_editable:
        raise Http404
    form = SignedPdfForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_attach_signed_pdf(
                declaration=declaration,
                actor=request.user,
                upload=form.cleaned_data["signed_pdf"],
                context=_ctx(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(_status_url(declaration))
        else:
            messages.success(request, _("The signed PDF was attached."))
            return redirect(_review_url(declaration))
    return render(
        request,
        "declarations/upload.html",
        {
            "membership": membership,
            "company": membership.company,
            "declaration": declaration,
            "form": form,
        },
    )


@verified_email_required
def signed_pdf(
    request: HttpRequest, corporate_number: str, version: int
) -> HttpResponse | FileResponse:
    _membership, declaration = _declaration_or_404(request, corporate_number, version)
    return signed_pdf_response(declaration)


@verified_email_required
def withdraw(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    membership, declaration = _declaration_or_404(request, corporate_number, version)
    if declaration.status != Status.PUBLISHED:
        messages.info(request, _("Only a published declaration can be withdrawn."))
        return redirect(_status_url(declaration))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_withdraw(
                declaration=declaration,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                context=_ctx(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(_status_url(declaration))
        else:
            messages.success(request, _("The declaration was withdrawn."))
            return redirect(_status_url(declaration))
    return render(
        request,
        "declarations/withdraw.html",
        {
            "membership": membership,
            "company": membership.company,
            "declaration": declaration,
            "form": form,
        },
    )


@require_POST
@verified_email_required
def discard(request: HttpRequest, corporate_number: str, version: int) -> HttpResponse:
    _membership, declaration = _declaration_or_404(request, corporate_number, version)
    try:
        services.declaration_discard(
            declaration=declaration, actor=request.user, context=_ctx(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_status_url(declaration))
    messages.success(request, _("The draft was deleted."))
    return redirect("companies:home", corporate_number)
