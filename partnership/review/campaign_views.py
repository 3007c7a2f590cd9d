"""Administrators' pages for renewal campaigns: the list with the start form, the tracking page
of one campaign, and sending the next batch of emails (after a confirmation step).

Every view requires the administrator role and a verified second factor.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnership.accounts.decorators import administrator_required
from partnership.audit.services import RequestContext
from partnership.core.errors import DomainError
from partnership.core.forms import apply_service_errors
from partnership.review import campaign_selectors, campaign_services
from partnership.review.campaign_forms import CampaignFilterForm, CampaignStartForm, SendForm
from partnership.review.models import RenewalCampaign

SECTION = "campaigns"
PAGE_SIZE = 50


@administrator_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Every campaign with its progress; POST starts a campaign for the current template."""
    offer = campaign_selectors.campaign_start_offer()
    form = CampaignStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if offer.template is None:
            form.add_error(None, _("No template version is current."))
        else:
            try:
                campaign = campaign_services.renewal_campaign_start(
                    template=offer.template,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    context=RequestContext.from_request(request),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                targets = campaign.notices.count()
                messages.success(
                    request,
                    ngettext(
                        "The campaign was started for %(count)d company. No email has been "
                        "sent yet: send them from this page.",
                        "The campaign was started for %(count)d companies. No email has been "
                        "sent yet: send them from this page.",
                        targets,
                    )
                    % {"count": targets},
                )
                return redirect("review:campaign", pk=campaign.pk)
    return render(
        request,
        "review/campaigns_list.html",
        {
            "staff_section": SECTION,
            "rows": campaign_selectors.campaign_list(),
            "offer": offer,
            "form": form,
        },
    )


def _tracking(request: HttpRequest, campaign: RenewalCampaign, send_form: SendForm) -> HttpResponse:
    filters = CampaignFilterForm(request.GET or None)
    status = filters.status_value()
    rows = campaign_selectors.campaign_table(campaign, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/campaigns_detail.html",
        {
            "staff_section": SECTION,
            "campaign": campaign,
            "progress": campaign_selectors.campaign_progress(campaign),
            "filters": filters,
            "status": status,
            "page": page,
            "query": query.urlencode(),
            "send_form": send_form,
        },
    )


def _campaign_or_404(pk: int) -> RenewalCampaign:
    return get_object_or_404(
        RenewalCampaign.objects.select_related("template", "created_by"), pk=pk
    )


@administrator_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(pk)
    return _tracking(request, campaign, SendForm())


@administrator_required
@require_POST
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Without ``confirm``: show what the batch will do. With it: send the batch."""
    campaign = _campaign_or_404(pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _tracking(request, campaign, form)
    batch_size: int = form.cleaned_data["batch_size"]
    progress = campaign_selectors.campaign_progress(campaign)
    seen = request.POST.get("handled", "")
    if request.POST.get("confirm") == "yes" and seen == str(progress.handled):
        try:
            handled = campaign_services.renewal_send_batch(
                campaign=campaign,
                batch_size=batch_size,
                actor=request.user,
                context=RequestContext.from_request(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return _tracking(request, campaign, form)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            after = campaign_selectors.campaign_progress(campaign)
            messages.success(
                request,
                ngettext(
                    "%(count)d company was handled (%(emails)d emails sent in all so far). "
                    "%(pending)d to go.",
                    "%(count)d companies were handled (%(emails)d emails sent in all so far). "
                    "%(pending)d to go.",
                    handled,
                )
                % {"count": handled, "emails": after.emails, "pending": after.pending},
            )
        return redirect("review:campaign", pk=campaign.pk)
    companies, people = campaign_selectors.next_batch_recipients(campaign, batch_size)
    return render(
        request,
        "review/campaigns_send_confirm.html",
        {
            "staff_section": SECTION,
            "campaign": campaign,
            "progress": progress,
            "batch_size": batch_size,
            "companies": companies,
            "people": people,
            # Someone sent a batch between this page and the confirmation: ask again.
            "changed": request.POST.get("confirm") == "yes",
        },
    )
