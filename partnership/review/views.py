"""The review queue, the review page, decisions (single and bulk), removals and the staff's
company lookup. Every view requires a staff role and a verified second factor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership.accounts.decorators import administrator_required, reviewer_required
from partnership.accounts.models import StaffRole, User
from partnership.audit.services import RequestContext
from partnership.companies.models import Company
from partnership.core.errors import DomainError
from partnership.core.forms import apply_service_errors
from partnership.core.models import Prefecture
from partnership.core.text import normalize_for_search
from partnership.declarations import services
from partnership.declarations.document import build_document
from partnership.declarations.files import signed_pdf_response
from partnership.declarations.models import (
    Declaration,
    PrecheckOutcome,
    Status,
    TemplateVersion,
)
from partnership.declarations.notifications import reference_number
from partnership.declarations.prechecks import stored_checks
from partnership.review.diff import compare
from partnership.review.forms import (
    OUT_OF_DATE,
    CompanySearchForm,
    DecisionForm,
    QueueFilterForm,
    RemovalForm,
    parse_seen,
)

PAGE_SIZE = 50
BULK_MAX = 200


def _language() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def _ctx(request: HttpRequest) -> RequestContext:
    return RequestContext.from_request(request)


def _queue(filters: dict[str, str], user: Any) -> QuerySet[Declaration]:
    queryset = Declaration.objects.filter(status=filters.get("status") or Status.SUBMITTED)
    now = timezone.now()
    if filters.get("waiting"):
        queryset = queryset.filter(
            submitted_at__lt=now - dt.timedelta(days=int(filters["waiting"]))
        )
    if filters.get("template"):
        queryset = queryset.filter(template__code=filters["template"])
    if filters.get("prefecture"):
        queryset = queryset.filter(company__prefecture_id=filters["prefecture"])
    if filters.get("outcome"):
        queryset = queryset.filter(precheck_outcome=filters["outcome"])
    assigned = filters.get("assigned")
    if assigned == "me":
        queryset = queryset.filter(assigned_to=user)
    elif assigned == "none":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif assigned == "others":
        queryset = queryset.exclude(assigned_to__isnull=True).exclude(assigned_to=user)
    elif assigned and assigned.isdigit():
        queryset = queryset.filter(assigned_to_id=int(assigned))
    return queryset


@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions, oldest first, with filters in the query string and their counts."""
    templates = list(TemplateVersion.objects.order_by("-code").values_list("code", flat=True))
    reviewers = list(
        User.objects.filter(
            is_active=True, staff_role__in=[StaffRole.REVIEWER, StaffRole.ADMINISTRATOR]
        ).order_by("full_name", "email")
    )
    form = QueueFilterForm(
        request.GET or None,
        templates=templates,
        prefectures=list(Prefecture.objects.all()),
        reviewers=reviewers,
    )
    filters = form.values() if request.GET else {}
    queryset = _queue(filters, request.user)
    # Counts by pre-check outcome for the current filters (without the outcome filter itself).
    without_outcome = {k: v for k, v in filters.items() if k != "outcome"}
    counts = dict(
        _queue(without_outcome, request.user)
        .values_list("precheck_outcome")
        .annotate(n=Count("id"))
        .values_list("precheck_outcome", "n")
    )
    rows = queryset.select_related(
        "company", "company__prefecture", "template", "assigned_to"
    ).order_by("submitted_at", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    items = [
        {
            "declaration": d,
            "age_days": (now - d.submitted_at).days if d.submitted_at else None,
            "reference": reference_number(d),
        }
        for d in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/queue.html",
        {
            "staff_section": "queue",
            "form": form,
            "invalid": form.errors if request.GET else {},
            "page": page,
            "items": items,
            "total": page.paginator.count,
            "counts": {
                "pass": counts.get(PrecheckOutcome.PASS, 0),
                "warn": counts.get(PrecheckOutcome.WARN, 0),
                "fail": counts.get(PrecheckOutcome.FAIL, 0),
            },
            "query": query.urlencode(),
            "status": filters.get("status") or Status.SUBMITTED,
        },
    )


def _declaration(pk: int) -> Declaration:
    return get_object_or_404(
        Declaration.objects.select_related(
            "company", "company__prefecture", "company__industry", "template", "assigned_to"
        ),
        pk=pk,
    )


@reviewer_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(pk)
    if declaration.status == Status.SUBMITTED:
        declaration = services.declaration_refresh_prechecks(declaration=declaration)
    language = _language()
    document = build_document(declaration, language)
    published = (
        Declaration.objects.filter(company_id=declaration.company_id, status=Status.PUBLISHED)
        .exclude(pk=declaration.pk)
        .select_related("template", "company")
        .first()
    )
    changes = compare(build_document(published, language), document) if published else None
    form = DecisionForm(
        initial={
            "submitted_at": declaration.submitted_at.isoformat() if declaration.submitted_at else ""
        }
    )
    return render(
        request,
        "review/review.html",
        {
            "staff_section": "queue",
            "declaration": declaration,
            "company": declaration.company,
            "document": document,
            "published": published,
            "changes": changes,
            "checks": stored_checks(declaration),
            "form": form,
            "reference": reference_number(declaration),
            "history": declaration.review_actions.select_related("actor").order_by("created_at"),
            "versions": Declaration.objects.filter(company_id=declaration.company_id)
            .select_related("template")
            .order_by("-version"),
        },
    )


@reviewer_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(pk)
    mine = request.POST.get("to") != "nobody"
    try:
        services.declaration_assign(
            declaration=declaration,
            reviewer=request.user,
            assignee=request.user if mine else None,
            context=_ctx(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The declaration is assigned to you.") if mine else _("The assignment was removed."),
        )
    if request.POST.get("back") == "queue":
        return redirect("review:queue")
    return redirect("review:review", pk)


@reviewer_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        seen = form.cleaned_data["seen"]
        decision = form.cleaned_data["decision"]
        text = form.cleaned_data["message"]
        try:
            if decision == "publish":
                services.declaration_publish(
                    declaration=declaration,
                    reviewer=request.user,
                    message=text,
                    context=_ctx(request),
                    expected_submitted_at=seen,
                )
                done = _("Approved and published. The company has been told by email.")
            elif decision == "return":
                services.declaration_return(
                    declaration=declaration,
                    reviewer=request.user,
                    message=text,
                    context=_ctx(request),
                    expected_submitted_at=seen,
                )
                done = _("Returned to the company with your comment.")
            else:
                services.declaration_reject(
                    declaration=declaration,
                    reviewer=request.user,
                    reason=text,
                    context=_ctx(request),
                    expected_submitted_at=seen,
                )
                done = _("Rejected. The company has been told the reason by email.")
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:review", pk)
        else:
            messages.success(request, done)
            return redirect("review:queue")
    # Show the page again with the errors and what was typed.
    language = _language()
    return render(
        request,
        "review/review.html",
        {
            "staff_section": "queue",
            "declaration": declaration,
            "company": declaration.company,
            "document": build_document(declaration, language),
            "published": None,
            "changes": None,
            "checks": stored_checks(declaration),
            "form": form,
            "reference": reference_number(declaration),
            "history": declaration.review_actions.select_related("actor").order_by("created_at"),
            "versions": Declaration.objects.filter(company_id=declaration.company_id).order_by(
                "-version"
            ),
        },
        status=400,
    )


@reviewer_required
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve several submissions whose pre-checks all pass, after a confirmation step."""
    if request.method != "POST":
        return redirect("review:queue")
    # Only ids a database key can hold: "²" is a digit to str.isdigit, 10**30 overflows.
    ids = [
        int(v) for v in request.POST.getlist("ids") if v.isascii() and v.isdigit() and len(v) < 19
    ][:BULK_MAX]
    candidates = list(
        Declaration.objects.filter(
            pk__in=ids, status=Status.SUBMITTED, precheck_outcome=PrecheckOutcome.PASS
        )
        .select_related("company")
        .order_by("submitted_at")
    )
    skipped = len(ids) - len(candidates)
    if not candidates:
        messages.error(
            request,
            _("Choose at least one submission whose pre-checks all pass."),
        )
        return redirect("review:queue")
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "review/bulk_confirm.html",
            {"staff_section": "queue", "candidates": candidates, "skipped": skipped},
        )
    published, failed = 0, []
    for declaration in candidates:
        try:
            seen = parse_seen(request.POST.get(f"seen_{declaration.pk}", ""))
        except ValueError:
            failed.append(f"{declaration.company.name}: {OUT_OF_DATE}")
            continue
        try:
            # Each in its own transaction: one stale item does not undo the others.
            services.declaration_publish(
                declaration=declaration,
                reviewer=request.user,
                context=_ctx(request),
                expected_submitted_at=seen,
            )
            published += 1
        except DomainError as error:
            failed.append(f"{declaration.company.name}: {error}")
    if published:
        messages.success(
            request,
            ngettext(
                "%(count)d declaration was approved and published.",
                "%(count)d declarations were approved and published.",
                published,
            )
            % {"count": published},
        )
    for problem in failed:
        messages.error(request, problem)
    return redirect("review:queue")


@reviewer_required
def signed_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return signed_pdf_response(_declaration(pk))


@administrator_required
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = _declaration(pk)
    if declaration.status != Status.PUBLISHED:
        messages.error(request, _("Only a published declaration can be removed."))
        return redirect("review:review", pk)
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_remove(
                declaration=declaration,
                administrator=request.user,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
                context=_ctx(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:review", pk)
        else:
            messages.success(request, _("The declaration was removed from publication."))
            return redirect("review:review", pk)
    return render(
        request,
        "review/remove.html",
        {"staff_section": "companies", "declaration": declaration, "form": form},
    )


@reviewer_required
def companies(request: HttpRequest) -> HttpResponse:
    """Find a company (by number or name) and its declarations."""
    form = CompanySearchForm(request.GET or None)
    results: list[Company] = []
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = normalize_for_search(form.cleaned_data["q"])
        digits = query.replace("-", "").replace(" ", "")
        condition = Q(search_text__contains=query)
        if digits.isdigit():
            condition |= Q(corporate_number__startswith=digits)
        results = list(
            Company.objects.filter(condition)
            .select_related("prefecture")
            .prefetch_related("declarations")
            .order_by("sort_key")[:50]
        )
    return render(
        request,
        "review/companies.html",
        {"staff_section": "companies", "form": form, "results": results, "query": query},
    )
