"""Authorization matrix: every URL of the site, for every kind of visitor, GET and POST.

The URLs are read from the URL configuration: a new URL fails
``test_every_url_is_in_the_matrix`` until it is added to ``MATRIX`` below with what each kind
of visitor must get. Each row fills the URL's arguments with real objects (see
``security_world``), so "the page exists but this person may not see it" is what is tested,
not "the object does not exist".

Outcome classes: ``200``, ``login`` (sent to the login page), ``2fa`` (sent to enter or set
up the staff second factor), ``403``, ``404``, ``405``, ``400``, ``redirect`` (any other
redirect, e.g. after a form or to the canonical URL). Django admin pages that send people to
the admin's own login page are followed one step (that page sends them on).

Columns: anonymous, outsider (owner of another company), owner (of the company in the URL),
reviewer_pending (reviewer who has not entered a one-time code), reviewer, administrator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnership.companies.models import Company
from partnership.core.tests.security_world import ROLES, World, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


# --- the URL configuration -------------------------------------------------------------------


def url_routes() -> list[str]:
    """Every URL pattern of the site as its route text (``staff/declarations/<int:pk>/``)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return list(walk(get_resolver().url_patterns, ""))


# --- the matrix ------------------------------------------------------------------------------

Kwargs = Callable[[World], str]


@dataclass(frozen=True)
class Row:
    route: str
    path: Kwargs  # the path to request, built from the world
    get: str  # six outcome classes, one per role (see ROLES)
    post: str
    label: str = ""  # tells apart two rows of the same route

    @property
    def id(self) -> str:
        return self.route + (f" [{self.label}]" if self.label else "")


def everyone(outcome: str) -> str:
    return " ".join([outcome] * len(ROLES))


PUBLIC_PAGE = everyone("200")
SAFE_ONLY = everyone("405")
#                anon   outsider owner reviewer_pending reviewer administrator
MEMBER_ONLY = "login 404 200 404 404 404"
MEMBERS_NOT_FOUND = "login 404 404 404 404 404"
REVIEWERS = "login 403 403 2fa 200 200"
ADMINISTRATORS = "login 403 403 403 403 200"
SIGNED_IN = "login 200 200 200 200 200"
REVIEWERS_GET_ONLY = "login 403 403 2fa 405 405"
ADMINISTRATORS_GET_ONLY = "login 403 403 403 403 405"
ADMIN_POST_ONLY = ADMINISTRATORS_GET_ONLY  # a confirmation step that only takes a POST
ADMIN_ACTION = "login 403 403 403 403 redirect"  # a POST that acts (rolled back here)


def own(world: World) -> str:
    return world.company.corporate_number


def declaration_url(name: str, declaration: str, **extra: Any) -> Kwargs:
    def build(world: World) -> str:
        d = getattr(world, declaration)
        return reverse(
            f"declarations:{name}",
            kwargs={"corporate_number": d.company.corporate_number, "version": d.version, **extra},
        )

    return build


def fixed(path: str) -> Kwargs:
    return lambda world: path


DECLARATION_ROUTES = "mypage/companies/<str:corporate_number>/declarations/"
MATRIX: list[Row] = [
    # --- outside the language prefix
    Row("i18n/setlang/", fixed("/i18n/setlang/"), everyone("redirect"), everyone("redirect")),
    Row("healthz", fixed("/healthz"), PUBLIC_PAGE, SAFE_ONLY),
    # --- the public API (anonymous by design; keys are optional and raise the limits)
    # The schema and its docs answer any method with the same page (django-ninja).
    Row("api/v1/openapi.json", fixed("/api/v1/openapi.json"), PUBLIC_PAGE, PUBLIC_PAGE),
    Row("api/v1/docs", fixed("/api/v1/docs"), PUBLIC_PAGE, PUBLIC_PAGE),
    Row("api/v1/declarations", fixed("/api/v1/declarations"), PUBLIC_PAGE, SAFE_ONLY),
    Row(
        "api/v1/declarations/<corporate_number>",
        lambda w: f"/api/v1/declarations/{own(w)}",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "api/v1/declarations/<corporate_number>",
        lambda w: f"/api/v1/declarations/{w.other_company.corporate_number}",
        everyone("404"),
        SAFE_ONLY,
        label="a company with a draft only",
    ),
    Row(
        "api/v1/verify/<corporate_number>",
        lambda w: f"/api/v1/verify/{own(w)}",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    # Bulk verification is a POST of JSON: an empty body is a 400 with the reason.
    Row("api/v1/verify", fixed("/api/v1/verify"), SAFE_ONLY, everyone("400")),
    Row("api/v1/statistics", fixed("/api/v1/statistics"), PUBLIC_PAGE, SAFE_ONLY),
    # The change feed needs ?since=: without it, a 422 that says so.
    Row("api/v1/changes", fixed("/api/v1/changes"), everyone("422"), SAFE_ONLY),
    Row("api/v1/", fixed("/api/v1/"), everyone("404"), everyone("404")),
    # --- public registry
    Row("", fixed("/"), PUBLIC_PAGE, SAFE_ONLY),
    Row("declarations/", fixed("/declarations/"), PUBLIC_PAGE, SAFE_ONLY),
    Row(
        "declarations/<str:corporate_number>/",
        lambda w: f"/declarations/{own(w)}/",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "declarations/<str:corporate_number>/",
        lambda w: f"/declarations/{w.other_company.corporate_number}/",
        everyone("404"),
        SAFE_ONLY,
        label="a company with a draft only",
    ),
    Row("statistics/", fixed("/statistics/"), PUBLIC_PAGE, SAFE_ONLY),
    Row("statistics.json", fixed("/statistics.json"), PUBLIC_PAGE, SAFE_ONLY),
    Row("open-data/", fixed("/open-data/"), PUBLIC_PAGE, SAFE_ONLY),
    # No export has been written in the test world: the file is not there yet.
    Row(
        "open-data/<str:filename>",
        fixed("/open-data/register.csv"),
        everyone("404"),
        SAFE_ONLY,
    ),
    Row("feed.atom", fixed("/feed.atom"), everyone("404"), SAFE_ONLY),
    # POST without a file: the form's errors, on the page.
    Row("verify/", fixed("/verify/"), PUBLIC_PAGE, PUBLIC_PAGE),
    Row(
        "declarations/<str:corporate_number>/declaration.pdf",
        lambda w: f"/declarations/{own(w)}/declaration.pdf",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "declarations/<str:corporate_number>/declaration.pdf",
        lambda w: f"/declarations/{w.other_company.corporate_number}/declaration.pdf",
        everyone("404"),
        SAFE_ONLY,
        label="a company with a draft only",
    ),
    Row(
        "declarations/<str:corporate_number>/versions/<int:version>/",
        lambda w: f"/declarations/{own(w)}/versions/1/",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "declarations/<str:corporate_number>/versions/<int:version>/",
        lambda w: f"/declarations/{own(w)}/versions/2/",
        everyone("404"),
        SAFE_ONLY,
        label="the draft of a published company",
    ),
    Row(
        "declarations/<str:corporate_number>/versions/<int:version>/",
        lambda w: f"/declarations/{w.submitted.company.corporate_number}/versions/1/",
        everyone("404"),
        SAFE_ONLY,
        label="a declaration waiting for review",
    ),
    Row(
        "declarations/<str:corporate_number>/certificate/",
        lambda w: f"/declarations/{own(w)}/certificate/",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "declarations/<str:corporate_number>/certificate/",
        lambda w: f"/declarations/{w.other_company.corporate_number}/certificate/",
        everyone("404"),
        SAFE_ONLY,
        label="a company with a draft only",
    ),
    Row(
        "declarations/<str:corporate_number>/certificate.pdf",
        lambda w: f"/declarations/{own(w)}/certificate.pdf",
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "declarations/<str:corporate_number>/certificate.pdf",
        lambda w: f"/declarations/{w.other_company.corporate_number}/certificate.pdf",
        everyone("404"),
        SAFE_ONLY,
        label="a company with a draft only",
    ),
    # --- accounts
    Row(
        "accounts/signup/",
        fixed("/accounts/signup/"),
        "200 redirect redirect redirect redirect redirect",
        "200 redirect redirect redirect redirect redirect",
    ),
    Row("accounts/signup/done/", fixed("/accounts/signup/done/"), everyone("redirect"), SAFE_ONLY),
    Row(
        "accounts/verify/pending/",
        fixed("/accounts/verify/pending/"),
        "login redirect redirect redirect redirect redirect",
        "login 405 405 405 405 405",
    ),
    Row(
        "accounts/verify/resend/",
        fixed("/accounts/verify/resend/"),
        "login redirect redirect redirect redirect redirect",
        "login redirect redirect redirect redirect redirect",
    ),
    Row(
        "accounts/verify/<str:token>/",
        fixed("/accounts/verify/not-a-real-token/"),
        everyone("400"),
        SAFE_ONLY,
    ),
    Row(
        "accounts/login/",
        fixed("/accounts/login/"),
        "200 redirect redirect redirect redirect redirect",
        "200 redirect redirect redirect redirect redirect",
    ),
    Row("accounts/logout/", fixed("/accounts/logout/"), SAFE_ONLY, everyone("redirect")),
    Row("accounts/password-reset/", fixed("/accounts/password-reset/"), PUBLIC_PAGE, PUBLIC_PAGE),
    Row(
        "accounts/password-reset/done/",
        fixed("/accounts/password-reset/done/"),
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "accounts/password-reset/complete/",
        fixed("/accounts/password-reset/complete/"),
        PUBLIC_PAGE,
        SAFE_ONLY,
    ),
    Row(
        "accounts/password-reset/<uidb64>/<token>/",
        fixed("/accounts/password-reset/MQ/set-password/"),
        PUBLIC_PAGE,
        PUBLIC_PAGE,
    ),
    Row("accounts/settings/", fixed("/accounts/settings/"), SIGNED_IN, SIGNED_IN),
    Row("accounts/settings/password/", fixed("/accounts/settings/password/"), SIGNED_IN, SIGNED_IN),
    Row("accounts/settings/email/", fixed("/accounts/settings/email/"), SIGNED_IN, SIGNED_IN),
    Row(
        "accounts/settings/email/confirm/<str:token>/",
        fixed("/accounts/settings/email/confirm/not-a-real-token/"),
        everyone("400"),
        SAFE_ONLY,
    ),
    # Verified staff asking for the code again are sent on; a POST without a code is refused
    # on the page.
    Row(
        "accounts/two-factor/",
        fixed("/accounts/two-factor/"),
        "login 403 403 2fa redirect redirect",
        "login 403 403 2fa 200 200",
    ),
    Row(
        "accounts/two-factor/setup/",
        fixed("/accounts/two-factor/setup/"),
        "login 403 403 200 200 200",
        "login 403 403 200 200 200",
    ),
    Row(
        "accounts/two-factor/backup-codes/",
        fixed("/accounts/two-factor/backup-codes/"),
        "login 403 403 2fa 200 200",
        "login 403 403 2fa redirect redirect",
    ),
    # --- the company side
    Row("mypage/", fixed("/mypage/"), SIGNED_IN, SIGNED_IN),
    Row("mypage/companies/claim/", fixed("/mypage/companies/claim/"), SIGNED_IN, SIGNED_IN),
    Row(
        "mypage/companies/claim/<str:corporate_number>/",
        lambda w: f"/mypage/companies/claim/{w.corporation.corporate_number}/",
        SIGNED_IN,
        SIGNED_IN,
    ),
    Row(
        "mypage/companies/<str:corporate_number>/",
        lambda w: f"/mypage/companies/{own(w)}/",
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        "mypage/companies/<str:corporate_number>/profile/",
        lambda w: f"/mypage/companies/{own(w)}/profile/",
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        "mypage/companies/<str:corporate_number>/members/",
        lambda w: f"/mypage/companies/{own(w)}/members/",
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        "mypage/companies/<str:corporate_number>/members/<int:membership_id>/remove/",
        lambda w: f"/mypage/companies/{own(w)}/members/{w.member_id}/remove/",
        "405 405 405 405 405 405",
        "login 404 redirect 404 404 404",
    ),
    Row(
        "mypage/companies/<str:corporate_number>/members/<int:membership_id>/role/",
        lambda w: f"/mypage/companies/{own(w)}/members/{w.member_id}/role/",
        "405 405 405 405 405 405",
        "login 404 redirect 404 404 404",
    ),
    Row(
        "mypage/companies/<str:corporate_number>/invitations/<int:invitation_id>/revoke/",
        lambda w: f"/mypage/companies/{own(w)}/invitations/{w.invitation_id}/revoke/",
        "405 405 405 405 405 405",
        "login 404 redirect 404 404 404",
    ),
    Row(
        "mypage/invitations/<str:token>/",
        lambda w: f"/mypage/invitations/{w.invitation_token}/",
        SIGNED_IN,
        SIGNED_IN,
    ),
    # --- declarations (company side): the owner's draft, and the outsider's draft tried by all
    Row(
        DECLARATION_ROUTES + "start/",
        lambda w: f"/mypage/companies/{own(w)}/declarations/start/",
        SAFE_ONLY,
        "login 404 redirect 404 404 404",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/",
        declaration_url("status", "draft"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/",
        declaration_url("status", "other_draft"),
        "login 200 404 404 404 404",
        "login 200 404 404 404 404",
        label="another company's draft",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/steps/<slug:step>/",
        declaration_url("step", "draft", step="company"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/steps/<slug:step>/",
        declaration_url("step", "other_draft", step="company"),
        "login 200 404 404 404 404",
        "login 200 404 404 404 404",
        label="another company's draft",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/review/",
        declaration_url("review", "draft"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/submit/",
        declaration_url("submit", "draft"),
        SAFE_ONLY,
        "login 404 redirect 404 404 404",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/preview/",
        declaration_url("preview", "draft"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/preview/",
        declaration_url("preview", "other_draft"),
        "login 200 404 404 404 404",
        "login 200 404 404 404 404",
        label="another company's draft",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/declaration.pdf",
        declaration_url("pdf", "draft"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/declaration.pdf",
        declaration_url("pdf", "other_draft"),
        "login 200 404 404 404 404",
        "login 200 404 404 404 404",
        label="another company's draft",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/upload/",
        declaration_url("upload", "draft"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/signed.pdf",
        declaration_url("signed_pdf", "draft"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/signed.pdf",
        declaration_url("signed_pdf", "other_draft"),
        "login 200 404 404 404 404",
        "login 200 404 404 404 404",
        label="another company's draft",
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/withdraw/",
        declaration_url("withdraw", "published"),
        MEMBER_ONLY,
        MEMBER_ONLY,
    ),
    Row(
        DECLARATION_ROUTES + "<int:version>/discard/",
        declaration_url("discard", "draft"),
        SAFE_ONLY,
        "login 404 redirect 404 404 404",
    ),
    # --- the staff console
    Row("staff/", fixed("/staff/"), REVIEWERS, REVIEWERS),
    Row(
        "staff/declarations/<int:pk>/",
        lambda w: f"/staff/declarations/{w.submitted.pk}/",
        REVIEWERS,
        REVIEWERS,
    ),
    Row(
        "staff/declarations/<int:pk>/assign/",
        lambda w: f"/staff/declarations/{w.submitted.pk}/assign/",
        "login 403 403 2fa 405 405",
        "login 403 403 2fa redirect redirect",
    ),
    # An empty decision: the review page again with the errors (400).
    Row(
        "staff/declarations/<int:pk>/decide/",
        lambda w: f"/staff/declarations/{w.submitted.pk}/decide/",
        "login 403 403 2fa 405 405",
        "login 403 403 2fa 400 400",
    ),
    Row(
        "staff/declarations/<int:pk>/signed.pdf",
        lambda w: f"/staff/declarations/{w.submitted.pk}/signed.pdf",
        REVIEWERS,
        REVIEWERS,
    ),
    Row(
        "staff/declarations/<int:pk>/remove/",
        lambda w: f"/staff/declarations/{w.published.pk}/remove/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    # Nothing selected: back to the queue with a message.
    Row(
        "staff/bulk-approve/",
        fixed("/staff/bulk-approve/"),
        "login 403 403 2fa redirect redirect",
        "login 403 403 2fa redirect redirect",
    ),
    Row("staff/companies/", fixed("/staff/companies/"), REVIEWERS, REVIEWERS),
    Row("staff/templates/", fixed("/staff/templates/"), ADMINISTRATORS, ADMINISTRATORS),
    Row(
        "staff/templates/<int:pk>/",
        lambda w: f"/staff/templates/{w.template_copy.pk}/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/copy/",
        lambda w: f"/staff/templates/{w.template.pk}/copy/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/edit/",
        lambda w: f"/staff/templates/{w.template_copy.pk}/edit/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/make-current/",
        lambda w: f"/staff/templates/{w.template_copy.pk}/make-current/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/sections/<int:section_id>/",
        lambda w: (
            f"/staff/templates/{w.template_copy.pk}/sections/{w.template_copy.sections.first().pk}/"
        ),
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/sections/<int:section_id>/items/add/",
        lambda w: (
            f"/staff/templates/{w.template_copy.pk}/sections/{w.template_copy.sections.first().pk}/items/add/"
        ),
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/items/<int:item_id>/",
        lambda w: f"/staff/templates/{w.template_copy.pk}/items/{_item(w)}/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/templates/<int:pk>/items/<int:item_id>/remove/",
        lambda w: f"/staff/templates/{w.template_copy.pk}/items/{_item(w)}/remove/",
        ADMINISTRATORS,
        ADMIN_ACTION,
    ),
    Row(
        "staff/templates/<int:pk>/items/<int:item_id>/move/",
        lambda w: f"/staff/templates/{w.template_copy.pk}/items/{_item(w)}/move/",
        ADMIN_POST_ONLY,
        ADMIN_ACTION,
    ),
    Row("staff/campaigns/", fixed("/staff/campaigns/"), ADMINISTRATORS, ADMINISTRATORS),
    Row(
        "staff/campaigns/<int:pk>/",
        lambda w: f"/staff/campaigns/{w.campaign_id}/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/campaigns/<int:pk>/send/",
        lambda w: f"/staff/campaigns/{w.campaign_id}/send/",
        ADMIN_POST_ONLY,
        ADMINISTRATORS,
    ),
    Row("staff/audit/", fixed("/staff/audit/"), REVIEWERS, REVIEWERS_GET_ONLY),
    Row(
        "staff/audit/audit-log.csv",
        fixed("/staff/audit/audit-log.csv"),
        REVIEWERS,
        REVIEWERS_GET_ONLY,
    ),
    Row("staff/dashboard/", fixed("/staff/dashboard/"), REVIEWERS, REVIEWERS_GET_ONLY),
    Row("staff/staff/", fixed("/staff/staff/"), ADMINISTRATORS, ADMINISTRATORS_GET_ONLY),
    Row("staff/staff/new/", fixed("/staff/staff/new/"), ADMINISTRATORS, ADMINISTRATORS),
    Row(
        "staff/staff/<int:pk>/",
        lambda w: f"/staff/staff/{w.users['reviewer'].pk}/",
        ADMINISTRATORS,
        ADMINISTRATORS_GET_ONLY,
    ),
    Row(
        "staff/staff/<int:pk>/role/",
        lambda w: f"/staff/staff/{w.users['reviewer'].pk}/role/",
        ADMINISTRATORS,
        ADMINISTRATORS,
    ),
    Row(
        "staff/staff/<int:pk>/active/",
        lambda w: f"/staff/staff/{w.users['reviewer'].pk}/active/",
        ADMINISTRATORS,
        ADMIN_ACTION,
    ),
    Row(
        "staff/staff/<int:pk>/two-factor/reset/",
        lambda w: f"/staff/staff/{w.users['reviewer'].pk}/two-factor/reset/",
        ADMINISTRATORS,
        ADMIN_ACTION,
    ),
    Row("staff/master-changes/", fixed("/staff/master-changes/"), REVIEWERS, REVIEWERS_GET_ONLY),
    Row("staff/api-keys/", fixed("/staff/api-keys/"), ADMINISTRATORS, ADMINISTRATORS_GET_ONLY),
    Row("staff/api-keys/new/", fixed("/staff/api-keys/new/"), ADMINISTRATORS, ADMINISTRATORS),
    Row(
        "staff/api-keys/<int:pk>/revoke/",
        lambda w: f"/staff/api-keys/{w.api_key_id}/revoke/",
        ADMINISTRATORS,
        ADMIN_ACTION,
    ),
]


def _item(world: World) -> int:
    section = world.template_copy.sections.filter(items__isnull=False).first()
    assert section is not None
    return section.items.order_by("position").first().pk  # type: ignore[union-attr]


# --- the Django admin: administrators with a verified second factor; records read-only -----

# Reviewers are staff of the registry's console, not of the Django admin.
ADMIN = "login 403 403 403 403 200"
ADMIN_REFUSED = "login 403 403 403 403 403"  # e.g. adding or deleting a record: nobody may
ADMIN_REDIRECT = "login 403 403 403 403 redirect"
ADMIN_SITE_ROWS = [
    Row("admin/", fixed("/admin/"), ADMIN, ADMIN),
    # The admin's own login page sends people to the site's login or on to the admin.
    Row("admin/login/", fixed("/admin/login/"), ADMIN_REDIRECT, ADMIN_REDIRECT),
    # Logging out of the admin is a POST; others are sent to the admin's index.
    Row(
        "admin/logout/",
        fixed("/admin/logout/"),
        "redirect redirect redirect redirect redirect 405",
        everyone("redirect"),
    ),
    Row("admin/password_change/", fixed("/admin/password_change/"), ADMIN, ADMIN),
    Row(
        "admin/password_change/done/",
        fixed("/admin/password_change/done/"),
        ADMIN,
        "login 403 403 403 403 405",
    ),
    # Without its query parameters the autocomplete answers 403 even to administrators.
    Row(
        "admin/autocomplete/",
        fixed("/admin/autocomplete/"),
        ADMIN_REFUSED,
        "login 403 403 403 403 405",
    ),
    Row("admin/jsi18n/", fixed("/admin/jsi18n/"), ADMIN, "login 403 403 403 403 405"),
    # "View on site": companies have no absolute URL of their own.
    Row(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        lambda w: f"/admin/r/{ContentType.objects.get_for_model(Company).pk}/{w.company.pk}/",
        "login 403 403 403 403 404",
        "login 403 403 403 403 404",
    ),
    Row(
        "admin/^(?P<app_label>auth|core|accounts|companies|audit|declarations|otp_totp|otp_static)/$",
        fixed("/admin/companies/"),
        ADMIN,
        ADMIN,
    ),
    Row(
        "admin/(?P<url>.*)$",
        fixed("/admin/no-such-page/"),
        "login 403 403 403 403 404",
        "login 403 403 403 403 404",
    ),
]

# Every model registered in the admin: how to find a row to open, and what administrators may
# do there: "edit" (reference data), "view" (registry records change only through services)
# or "none" (Django's groups: permissions are not how this registry gives rights).
ADMIN_MODELS: dict[str, tuple[str, Callable[[World], Any]]] = {
    "auth/group": ("none", lambda w: w.group_id),
    "core/region": ("edit", lambda w: _first("core", "region")),
    "core/prefecture": ("edit", lambda w: _first("core", "prefecture")),
    "core/industry": ("edit", lambda w: _first("core", "industry")),
    "accounts/user": ("view", lambda w: w.users["owner"].pk),
    "accounts/membership": ("view", lambda w: _first("accounts", "membership")),
    "companies/company": ("view", lambda w: w.company.pk),
    "companies/corporation": ("view", lambda w: w.corporation.pk),
    "companies/invitation": ("view", lambda w: w.invitation_id),
    "audit/auditevent": ("view", lambda w: _first("audit", "auditevent")),
    "declarations/templateversion": ("view", lambda w: w.template.pk),
    "declarations/templatesection": ("view", lambda w: w.template.sections.first().pk),
    "declarations/declaration": ("view", lambda w: w.draft.pk),
    # Devices are managed on the staff pages (reset second factor), not here.
    "otp_totp/totpdevice": ("none", lambda w: w.totp_device_id),
    "otp_static/staticdevice": ("none", lambda w: w.static_device_id),
}


def _first(app_label: str, model: str) -> Any:
    model_class = ContentType.objects.get(app_label=app_label, model=model).model_class()
    assert model_class is not None
    return model_class._default_manager.order_by("pk").values_list("pk", flat=True).first()


def _admin_rows() -> list[Row]:
    rows = list(ADMIN_SITE_ROWS)
    for label, (rights, pk) in ADMIN_MODELS.items():
        base = f"admin/{label}/"

        def at(suffix: str, pk: Callable[[World], Any] = pk, base: str = base) -> Kwargs:
            return lambda w: f"/{base}{pk(w)}/{suffix}"

        see = ADMIN if rights != "none" else ADMIN_REFUSED
        # A POST to a view-only change page is refused; to an editable one, the form's errors.
        change_post = ADMIN if rights == "edit" else ADMIN_REFUSED
        rows += [
            Row(base, fixed("/" + base), see, see),
            Row(base + "add/", fixed(f"/{base}add/"), ADMIN_REFUSED, ADMIN_REFUSED),
            Row(base + "<path:object_id>/history/", at("history/"), see, see),
            Row(base + "<path:object_id>/delete/", at("delete/"), ADMIN_REFUSED, ADMIN_REFUSED),
            Row(base + "<path:object_id>/change/", at("change/"), see, change_post),
            # The object's bare URL redirects to its change page (Django's compatibility).
            Row(base + "<path:object_id>/", at(""), ADMIN_REDIRECT, ADMIN_REDIRECT),
        ]
        if label == "otp_totp/totpdevice":  # django-otp's own pages for a device
            rows += [
                Row(base + "<int:pk>/config/", at("config/"), see, see),
                Row(base + "<int:pk>/qrcode/", at("qrcode/"), see, see),
            ]
    return rows


ROWS = MATRIX + _admin_rows()


# --- checking --------------------------------------------------------------------------------

LOGIN = "/accounts/login/"
TWO_FACTOR = ("/accounts/two-factor/", "/accounts/two-factor/setup/")
ADMIN_LOGIN = "/admin/login/"


def outcome(client: Any, response: Any, hops: int = 0) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"]).path
        if location == ADMIN_LOGIN and hops == 0:
            return outcome(client, send(client, "get", response["Location"]), hops + 1)
        if location == LOGIN:
            return "login"
        if location in TWO_FACTOR:
            return "2fa"
        return "redirect"
    return str(code)


INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style[\s>]|\sstyle=\"|\son[a-z]+=\"|javascript:",
    re.IGNORECASE,
)
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def page_problems(response: Any) -> list[str]:
    """What is wrong with an HTML page (a 200, or a refusal such as 403 or 404): no
    Content-Security-Policy, inline code the policy would block, or a POST form without the
    CSRF token."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    problems = []
    policy = response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in policy or "'unsafe-inline'" in policy:
        problems.append(f"Content-Security-Policy {policy!r}")
    html = response.content_bytes.decode()
    problems += [f"inline code {m.group(0)!r}" for m in INLINE_CODE.finditer(html)]
    problems += [
        "a POST form without csrfmiddlewaretoken"
        for form in POST_FORM.findall(html)
        if 'name="csrfmiddlewaretoken"' not in form
    ]
    return problems


def test_every_url_is_in_the_matrix() -> None:
    routes = url_routes()
    covered = {row.route for row in ROWS}
    assert len(routes) > 150
    assert [route for route in routes if route not in covered] == []
    assert sorted(covered - set(routes)) == []  # no row for a URL that is gone


def test_every_role_is_a_column() -> None:
    for row in ROWS:
        assert len(row.get.split()) == len(ROLES), row.id
        assert len(row.post.split()) == len(ROLES), row.id


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_authorization(world: World, row: Row) -> None:
    path = row.path(world)
    seen: dict[str, list[str]] = {"get": [], "post": []}
    problems = []
    for role in ROLES:
        client = world.client(role)
        for method in ("get", "post"):
            response = send(client, method, path)
            seen[method].append(outcome(client, response))
            problems += [f"{role} {method}: {p}" for p in page_problems(response)]
    expected = {"get": row.get.split(), "post": row.post.split()}
    assert seen == expected, (
        f"{path}: got get={' '.join(seen['get'])!r} post={' '.join(seen['post'])!r}"
    )
    assert problems == []


class _Page:
    """Just enough of a response for ``page_problems``."""

    status_code = 200

    def __init__(self, html: str, policy: str = "default-src 'self'") -> None:
        self.content_bytes = html.encode()
        self.headers = {"Content-Type": "text/html; charset=utf-8"}
        if policy:
            self.headers["Content-Security-Policy"] = policy

    def __getitem__(self, name: str) -> str:
        return self.headers[name]

    def get(self, name: str, default: str = "") -> str:
        return self.headers.get(name, default)


def test_the_page_check_finds_what_the_policy_would_block() -> None:
    clean = (
        '<script src="/static/js/a.js"></script>'
        '<script type="application/json" id="settings">{}</script>'
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>'
        '<form method="get"></form><svg><rect fill="#fff"/></svg>'
    )
    assert page_problems(_Page(clean)) == []
    assert len(page_problems(_Page(clean, policy=""))) == 1
    assert len(page_problems(_Page(clean, policy="default-src 'self' 'unsafe-inline'"))) == 1
    for bad in (
        "<script>alert(1)</script>",
        "<style>p{}</style>",
        '<p style="color:red">x</p>',
        '<button onclick="go()">x</button>',
        '<a href="javascript:go()">x</a>',
        '<form method="post"><button>Send</button></form>',
    ):
        assert len(page_problems(_Page(clean + bad))) == 1, bad


def test_refusals_are_pages_of_the_site_in_the_visitors_language(world: World) -> None:
    outsider = world.client("outsider")
    other_draft = f"/mypage/companies/{own(world)}/declarations/2/"
    forbidden = send(outsider, "get", "/en/staff/")
    assert forbidden.status_code == 403
    html = forbidden.content_bytes.decode()
    assert '<html lang="en">' in html
    assert "You cannot open this page" in html
    not_found = send(outsider, "get", "/en" + other_draft)
    assert not_found.status_code == 404
    html = not_found.content_bytes.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html
    assert world.company.name not in html

    forbidden = send(outsider, "get", "/staff/")
    assert '<html lang="ja">' in forbidden.content_bytes.decode()
    assert "このページは開けません" in forbidden.content_bytes.decode()
    not_found = send(outsider, "get", other_draft)
    assert "ページが見つかりません" in not_found.content_bytes.decode()
