"""The company side of /mypage/: the dashboard, claiming a company, its profile and members.

Every view that takes a corporate number answers 404 unless the signed-in user acts for that
company, so nobody can learn about another company's drafts or members by guessing URLs.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership.accounts.decorators import verified_email_required
from partnership.accounts.models import Membership, MembershipRole
from partnership.audit.services import RequestContext
from partnership.companies import selectors, services
from partnership.companies.corporate_number import validate_corporate_number
from partnership.companies.forms import (
    CompanyProfileForm,
    CorporateNumberForm,
    InvitationForm,
    RoleForm,
)
from partnership.companies.models import Company, Invitation
from partnership.core.errors import DomainError
from partnership.core.forms import apply_service_errors
from partnership.declarations import selectors as declaration_selectors


def membership_or_404(request: HttpRequest, corporate_number: str) -> Membership:
    """The signed-in user's membership of this company; 404 when there is none."""
    membership = selectors.membership_for(request.user, corporate_number)
    if membership is None:
        raise Http404
    return membership


def _owner_or_404(request: HttpRequest, corporate_number: str) -> Membership:
    membership = membership_or_404(request, corporate_number)
    if not selectors.is_owner(membership):
        raise Http404
    return membership


@verified_email_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.memberships_of(request.user))
    companies = [
        {
            "membership": m,
            "company": m.company,
            "overview": declaration_selectors.company_overview(m.company),
        }
        for m in memberships
    ]
    return render(
        request,
        "companies/dashboard.html",
        {
            "companies": companies,
            "invitations": selectors.invitations_for_email(
                request.user.email  # type: ignore[union-attr]
            ),
        },
    )


@verified_email_required
def claim(request: HttpRequest) -> HttpResponse:
    """Step 1: the corporate number."""
    form = CorporateNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["corporate_number"]
        if selectors.membership_for(request.user, number) is not None:
            messages.info(request, _("You already act for this company."))
            return redirect("companies:home", corporate_number=number)
        company = Company.objects.filter(corporate_number=number).first()
        if company is not None and services.company_has_owner(company):
            form.add_error(
                "corporate_number",
                _(
                    "This company already has an owner on the registry. Ask them to invite "
                    "you from the company's members page."
                ),
            )
        else:
            return redirect("companies:claim_confirm", corporate_number=number)
    return render(request, "companies/claim.html", {"form": form})


@verified_email_required
def claim_confirm(request: HttpRequest, corporate_number: str) -> HttpResponse:
    """Step 2: check the details (prefilled from the corporation master) and claim."""
    try:
        number = validate_corporate_number(corporate_number)
    except ValidationError:
        raise Http404 from None
    if number != corporate_number:
        return redirect("companies:claim_confirm", corporate_number=number)
    prefill = selectors.claim_prefill(number)
    corporation = selectors.corporation_lookup(number)
    form = CompanyProfileForm(request.POST or None, initial=prefill)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_claim(
                corporate_number=number,
                actor=request.user,  # type: ignore[arg-type]
                context=RequestContext.from_request(request),
                **form.profile(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("companies:claim")
        else:
            messages.success(
                request, _("You now act for %(name)s as its owner.") % {"name": company.name}
            )
            return redirect("companies:home", corporate_number=number)
    return render(
        request,
        "companies/claim_confirm.html",
        {
            "form": form,
            "corporate_number": number,
            "corporation": corporation,
            "prefilled": bool(prefill),
        },
    )


@verified_email_required
def home(request: HttpRequest, corporate_number: str) -> HttpResponse:
    membership = membership_or_404(request, corporate_number)
    company = membership.company
    return render(
        request,
        "companies/home.html",
        {
            "membership": membership,
            "company": company,
            "is_owner": selectors.is_owner(membership),
            "overview": declaration_selectors.company_overview(company),
            "declarations": declaration_selectors.company_history(company),
        },
    )


@verified_email_required
def profile(request: HttpRequest, corporate_number: str) -> HttpResponse:
    membership = membership_or_404(request, corporate_number)
    company = membership.company
    initial = selectors.claim_prefill(company.corporate_number)
    form = CompanyProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update_profile(
                company=company,
                actor=request.user,
                context=RequestContext.from_request(request),
                **form.profile(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The company's details were saved."))
            return redirect("companies:home", corporate_number)
    return render(
        request,
        "companies/profile.html",
        {"form": form, "company": company, "membership": membership},
    )


@verified_email_required
def members(request: HttpRequest, corporate_number: str) -> HttpResponse:
    membership = membership_or_404(request, corporate_number)
    company = membership.company
    is_owner = selectors.is_owner(membership)
    form = InvitationForm(request.POST or None) if is_owner else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.invitation_create(
                    company=company,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    actor=request.user,  # type: ignore[arg-type]
                    context=RequestContext.from_request(request),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("companies:members", corporate_number)
    return render(
        request,
        "companies/members.html",
        {
            "company": company,
            "membership": membership,
            "is_owner": is_owner,
            "members": selectors.company_members(company),
            "invitations": selectors.open_invitations(company) if is_owner else [],
            "form": form,
            "roles": MembershipRole.choices,
        },
    )


def _member_of_company(company: Company, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "company"), pk=membership_id, company=company
    )


@require_POST
@verified_email_required
def member_remove(request: HttpRequest, corporate_number: str, membership_id: int) -> HttpResponse:
    own = membership_or_404(request, corporate_number)
    target = _member_of_company(own.company, membership_id)
    if target.pk != own.pk and not selectors.is_owner(own):
        raise Http404
    try:
        services.membership_remove(
            membership=target,
            actor=request.user,  # type: ignore[arg-type]
            context=RequestContext.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("companies:members", corporate_number)
    if target.pk == own.pk:
        messages.success(request, _("You no longer act for %(name)s.") % {"name": own.company.name})
        return redirect("companies:dashboard")
    messages.success(request, _("%(email)s was removed.") % {"email": target.user.email})
    return redirect("companies:members", corporate_number)


@require_POST
@verified_email_required
def member_role(request: HttpRequest, corporate_number: str, membership_id: int) -> HttpResponse:
    own = _owner_or_404(request, corporate_number)
    target = _member_of_company(own.company, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("companies:members", corporate_number)
    try:
        services.membership_change_role(
            membership=target,
            role=form.cleaned_data["role"],
            actor=request.user,  # type: ignore[arg-type]
            context=RequestContext.from_request(request),
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("The role of %(email)s was changed.") % {"email": target.user.email}
        )
    return redirect("companies:members", corporate_number)


@require_POST
@verified_email_required
def invitation_revoke(
    request: HttpRequest, corporate_number: str, invitation_id: int
) -> HttpResponse:
    own = _owner_or_404(request, corporate_number)
    invitation = get_object_or_404(Invitation, pk=invitation_id, company=own.company)
    services.invitation_revoke(
        invitation=invitation,
        actor=request.user,  # type: ignore[arg-type]
        context=RequestContext.from_request(request),
    )
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("companies:members", corporate_number)


@verified_email_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: see the company and accept."""
    found = services.invitation_find(token)
    if request.method == "POST" and found is not None:
        try:
            membership = services.invitation_accept(
                token=token,
                user=request.user,  # type: ignore[arg-type]
                context=RequestContext.from_request(request),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You now act for %(name)s.") % {"name": membership.company.name},
            )
            return redirect("companies:home", membership.company.corporate_number)
    return render(
        request,
        "companies/invitation.html",
        {
            "invitation": found,
            "token": token,
            "matches": found is not None and found.email.lower() == request.user.email.lower(),  # type: ignore[union-attr]
        },
        status=200 if found is not None else 404,
    )
