"""Staff accounts: the list, opening an account, and (each behind a confirmation page)
changing a role, deactivating or reactivating, resetting the second factor. Administrators
only; the rules live in ``partnership.accounts.staff_services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from partnership.accounts import staff_services
from partnership.accounts.decorators import administrator_required
from partnership.accounts.models import StaffRole, User
from partnership.audit.services import RequestContext
from partnership.core.errors import Conflict, DomainError
from partnership.core.forms import apply_service_errors
from partnership.review import staff_selectors as selectors
from partnership.review.audit_selectors import audit_rows
from partnership.review.staff_forms import NO_ROLE, ActiveForm, StaffCreateForm, StaffRoleForm


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # administrator_required let only administrators in
    return user


def _ctx(request: HttpRequest) -> RequestContext:
    return RequestContext.from_request(request)


def _name(user: User) -> str:
    return user.full_name or user.email


def _role_label(role: str) -> str:
    return str(StaffRole(role).label) if role else _("No staff role")


@administrator_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "review/staff_list.html",
        {"staff_section": "staff", "members": selectors.staff_members()},
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None)
    existing: User | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = staff_services.staff_create(
                actor=_actor(request),
                email=data["email"],
                full_name=data["full_name"],
                staff_role=data["staff_role"],
                language=data["language"],
                context=_ctx(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except Conflict as error:
            existing = User.objects.filter(email__iexact=data["email"].strip()).first()
            form.add_error("email", str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "The staff account of %(email)s was opened. We have emailed them a link to "
                    "set their password."
                )
                % {"email": user.email},
            )
            return redirect("review:staff_detail", pk=user.pk)
    return render(
        request,
        "review/staff_create.html",
        {"staff_section": "staff", "form": form, "existing": existing},
    )


@administrator_required
@require_GET
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    return render(
        request,
        "review/staff_detail.html",
        {
            "staff_section": "staff",
            "person": person,
            "is_self": person.pk == request.user.pk,
            "two_factor": selectors.two_factor_state(person),
            "events": audit_rows(selectors.events_about(person)),
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the new role, confirm it on a second page, then change it."""
    person = get_object_or_404(User, pk=pk)
    initial = {"staff_role": person.staff_role or NO_ROLE}
    form = StaffRoleForm(request.POST or None, initial=initial)
    context = {"staff_section": "staff", "person": person, "is_self": person.pk == request.user.pk}
    if request.method == "POST" and form.is_valid():
        role = form.role()
        if not form.cleaned_data["confirmed"]:
            return render(
                request,
                "review/staff_role_confirm.html",
                {
                    **context,
                    "form": form,
                    "choice": form.cleaned_data["staff_role"],
                    "old_label": _role_label(person.staff_role),
                    "new_label": _role_label(role),
                },
            )
        try:
            staff_services.staff_change_role(
                actor=_actor(request), user=person, staff_role=role, context=_ctx(request)
            )
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:staff_detail", pk=person.pk)
        messages.success(
            request,
            _("%(name)s is now: %(role)s.") % {"name": _name(person), "role": _role_label(role)},
        )
        return redirect("review:staff_detail", pk=person.pk)
    return render(request, "review/staff_role.html", {**context, "form": form})


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then deactivate an active account or reactivate an inactive one."""
    person = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        form = ActiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was changed: the request was not complete."))
            return redirect("review:staff_detail", pk=person.pk)
        active = bool(form.cleaned_data["active"])
        try:
            staff_services.staff_set_active(
                actor=_actor(request), user=person, active=active, context=_ctx(request)
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            message = (
                _("The account of %(name)s is active again.")
                if active
                else _("The account of %(name)s is deactivated: they can no longer log in.")
            )
            messages.success(request, message % {"name": _name(person)})
        return redirect("review:staff_detail", pk=person.pk)
    return render(
        request,
        "review/staff_active_confirm.html",
        {"staff_section": "staff", "person": person, "is_self": person.pk == request.user.pk},
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete the person's authenticator apps and backup codes."""
    person = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        try:
            count = staff_services.staff_reset_two_factor(
                actor=_actor(request), user=person, context=_ctx(request)
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Two-factor authentication of %(name)s was reset (%(count)d device "
                    "removed). They set up a new authenticator app at their next login.",
                    "Two-factor authentication of %(name)s was reset (%(count)d devices "
                    "removed). They set up a new authenticator app at their next login.",
                    count,
                )
                % {"name": _name(person), "count": count},
            )
        return redirect("review:staff_detail", pk=person.pk)
    return render(
        request,
        "review/staff_two_factor_confirm.html",
        {
            "staff_section": "staff",
            "person": person,
            "is_self": person.pk == request.user.pk,
            "two_factor": selectors.two_factor_state(person),
        },
    )
