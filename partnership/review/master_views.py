"""Published declarations whose company, according to the corporation master, has since
changed its trade name or closed: a list for reviewers to follow up. Reviewers and
administrators (second factor verified)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnership.accounts.decorators import reviewer_required
from partnership.companies.models import Corporation
from partnership.review import master_selectors as selectors

PAGE_SIZE = 50


@reviewer_required
@require_GET
def master_changes(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", selectors.SHOW_ALL)
    invalid: list[str] = []
    if show not in selectors.SHOW_CHOICES:
        invalid.append(_("Unknown filter “%(value)s”: showing every change.") % {"value": show})
        show = selectors.SHOW_ALL
    refs = selectors.published_master_changes()
    counts = {
        "all": len(refs),
        "renamed": sum(1 for ref in refs if ref.renamed),
        "closed": sum(1 for ref in refs if ref.closed),
    }
    if show == selectors.SHOW_RENAMED:
        refs = [ref for ref in refs if ref.renamed]
    elif show == selectors.SHOW_CLOSED:
        refs = [ref for ref in refs if ref.closed]
    page = Paginator(refs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "review/master_changes.html",
        {
            "staff_section": "master_changes",
            "show": show,
            "invalid": invalid,
            "counts": counts,
            "page": page,
            "rows": selectors.master_changes(list(page.object_list)),
            "query": urlencode({"show": show}) if show else "",
            "master_loaded": Corporation.objects.exists(),
        },
    )
