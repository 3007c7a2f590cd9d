"""The audit log viewer: every audit event, newest first, filtered by the query string, and
the same selection as CSV. Reviewers and administrators (second factor verified)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnership.accounts.decorators import reviewer_required
from partnership.core.csv_export import csv_response
from partnership.review import audit_selectors as selectors
from partnership.review.audit_forms import AuditFilterForm, filter_query


def _form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, actions=selectors.action_choices())


@reviewer_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    query = filter_query(filters)
    invalid: dict[str, Any] = {
        str(form.fields[name].label): errors for name, errors in form.errors.items()
    }
    after = request.GET.get("after", "")
    before = request.GET.get("before", "")
    after_cursor = selectors.Cursor.decode(after) if after else None
    before_cursor = selectors.Cursor.decode(before) if before else None
    if (after and after_cursor is None) or (before and before_cursor is None):
        invalid[_("Page")] = [_("The page link is not valid; showing the newest events.")]
    events = selectors.audit_events(filters)
    page = selectors.audit_page(events, after=after_cursor, before=before_cursor)

    def link(**extra: str) -> str:
        return "?" + urlencode({**query, **extra})

    return render(
        request,
        "review/audit_list.html",
        {
            "staff_section": "audit",
            "form": form,
            "invalid": invalid,
            "rows": selectors.audit_rows(page.events),
            "total": selectors.count_capped(events, selectors.COUNT_CAP),
            "filtered": bool(query),
            "newest_url": link() if page.newer else None,
            "newer_url": link(before=page.newer.encode()) if page.newer else None,
            "older_url": link(after=page.older.encode()) if page.older else None,
            "csv_query": urlencode(query),
            "export_cap": selectors.EXPORT_CAP,
        },
    )


@reviewer_required
@require_GET
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered events as CSV (newest first, at most ``EXPORT_CAP`` rows); invalid
    filters are ignored exactly as on the page."""
    filters = _form(request).filters()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(
        f"audit-log-{stamp}.csv",
        selectors.EXPORT_HEADER,
        selectors.export_rows(selectors.audit_events(filters), selectors.EXPORT_CAP),
    )
