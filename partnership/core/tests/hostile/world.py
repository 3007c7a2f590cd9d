"""A small registry in every state a page can be in, and a signed-in client per role.

The hostile suite visits every URL pattern; each needs real objects behind its parameters (a
company the owner acts for, a draft that can still be edited, a submission waiting for review,
a template version that can still be edited, …). ``build_world`` makes them once per test
through the services, and ``sample_kwargs`` says which object fills which URL parameter.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import MembershipRole, StaffRole, User
from partnership.accounts.services import membership_grant, user_create
from partnership.accounts.testing import verify_staff
from partnership.accounts.tokens import make_email_change_token, make_verify_token
from partnership.accounts.two_factor_services import TOTP_DEVICE_NAME
from partnership.api.services import api_key_issue
from partnership.companies.models import Company, Corporation
from partnership.companies.services import company_register, invitation_create
from partnership.conftest import declaration_in_status, new_corporate_number, template_data
from partnership.core.dates import jst_today
from partnership.core.tests.hostile.corpus import small_pdf
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.services import (
    declaration_attach_signed_pdf,
    declaration_discard,
    declaration_submit,
    template_version_import,
)
from partnership.declarations.template_services import template_version_copy
from partnership.registry.open_data import export_open_data
from partnership.review.campaign_services import renewal_campaign_start
from partnership.review.models import NoticeOutcome, RenewalCampaign, RenewalNotice

PASSWORD = "correct horse battery"  # what partnership.conftest.make_user gives everyone

# Who visits. Pages are tried as each of these in turn (staff pages as their role only).
ROLES = ("anonymous", "owner", "unverified", "staff_pending", "reviewer", "administrator")
COMPANY_ROLES = ("anonymous", "owner", "unverified", "staff_pending", "administrator")


@dataclass
class World:
    current: TemplateVersion
    old: TemplateVersion
    draft_template: TemplateVersion
    company: Company  # the owner's: version 1 published, version 2 a draft with a signed PDF
    published: Declaration
    draft: Declaration
    other: Company  # another company, whose submission waits for review
    submitted: Declaration
    outdated: Declaration  # published on the old template (a renewal campaign targets it)
    owner: User
    member: User
    unverified: User
    reviewer: User
    administrator: User
    staff_pending: User  # a reviewer with an authenticator app who has not entered a code yet
    other_staff: User
    campaign: RenewalCampaign
    unclaimed_number: str
    invitation_token: str  # an invitation to the owner, from the other company
    open_invitation_id: int
    verify_token: str
    email_change_token: str
    reset_uid: str
    reset_token: str
    api_key_id: int
    clients: dict[str, Client] = field(default_factory=dict)

    def membership_id(self) -> int:
        return int(self.company.memberships.get(user=self.member).pk)


_emails = itertools.count(1)


def _user(staff_role: str = StaffRole.NONE, company: Company | None = None, **kwargs: Any) -> User:
    kwargs.setdefault("email_verified", True)
    user = user_create(
        email=f"hostile{next(_emails)}@example.jp",
        password=PASSWORD,
        staff_role=staff_role,
        **kwargs,
    )
    if company is not None:
        membership_grant(company=company, user=user, role=MembershipRole.OWNER)
    return user


def _company(name: str, **fields: Any) -> Company:
    return company_register(
        corporate_number=new_corporate_number(), name=name, prefecture_code="13", **fields
    )


def build_world() -> World:
    """Every object the pages need, made through the services where they exist."""
    template = template_version_import(data=template_data(), make_current=True)
    administrator = _user(staff_role=StaffRole.ADMINISTRATOR, full_name="管理 花子")
    reviewer = _user(staff_role=StaffRole.REVIEWER, full_name="審査 太郎")
    other_staff = _user(staff_role=StaffRole.REVIEWER, full_name="別の 審査員")
    staff_pending = _user(staff_role=StaffRole.REVIEWER, full_name="未確認 審査員")
    TOTPDevice.objects.create(user=staff_pending, name=TOTP_DEVICE_NAME, confirmed=True)

    old = template_version_import(data=template_data(code="2025-06"))
    company = _company("株式会社敵対入力", name_kana="テキタイニュウリョク")
    owner = _user(company=company, full_name="山田 太郎")
    member = _user(full_name="佐藤 次郎")
    membership_grant(company=company, user=member, role=MembershipRole.MEMBER)
    published = declaration_in_status(company, template, Status.PUBLISHED)
    draft = declaration_in_status(company, template, Status.DRAFT, based_on=published)
    declaration_attach_signed_pdf(
        declaration=draft,
        actor=owner,
        upload=SimpleUploadedFile("signed.pdf", small_pdf(), "application/pdf"),
    )

    other = _company("株式会社審査待ち")
    # In the corporation master under the same name: its pre-checks pass (bulk approval).
    Corporation.objects.create(
        corporate_number=other.corporate_number,
        name=other.name,
        prefecture_code="13",
        prefecture_name="東京都",
    )
    other_owner = _user(company=other)
    waiting = declaration_in_status(other, template, Status.DRAFT)
    declaration_attach_signed_pdf(
        declaration=waiting,
        actor=other_owner,
        upload=SimpleUploadedFile("signed.pdf", small_pdf(), "application/pdf"),
    )
    submitted = declaration_submit(declaration=waiting, actor=other_owner)

    third = _company("株式会社旧様式")
    _user(company=third)
    outdated = declaration_in_status(third, old, Status.PUBLISHED)
    campaign = renewal_campaign_start(template=template, actor=administrator)
    draft_template = template_version_copy(
        source=template,
        code="2027-01",
        effective_date=dt.date(2027, 1, 1),
        actor=administrator,
    )

    unclaimed = new_corporate_number()
    Corporation.objects.create(
        corporate_number=unclaimed,
        name="株式会社未登録",
        name_kana="ミトウロク",
        prefecture_code="27",
        prefecture_name="大阪府",
        city_name="大阪市北区",
    )
    _invitation, invitation_token = invitation_create(
        company=other, email=owner.email, role=MembershipRole.MEMBER, actor=other_owner
    )
    open_invitation, _token = invitation_create(
        company=company, email="invitee@example.jp", role=MembershipRole.MEMBER, actor=owner
    )
    unverified = _user(email_verified=False, full_name="未確認 利用者")
    api_key, _secret = api_key_issue(actor=administrator, name="補助金事務局")
    # The open-data files, so that their downloads and feed are there to be requested.
    export_open_data(Path(settings.OPEN_DATA_DIR))
    # Objects for the admin's pages of models the services above do not create.
    Group.objects.create(name="hostile")
    StaticDevice.objects.create(user=administrator, name="backup")
    return World(
        current=template,
        old=old,
        draft_template=draft_template,
        company=company,
        published=published,
        draft=Declaration.objects.get(pk=draft.pk),
        other=other,
        submitted=submitted,
        outdated=outdated,
        owner=owner,
        member=member,
        unverified=unverified,
        reviewer=reviewer,
        administrator=administrator,
        staff_pending=staff_pending,
        other_staff=other_staff,
        campaign=campaign,
        unclaimed_number=unclaimed,
        invitation_token=invitation_token,
        open_invitation_id=open_invitation.pk,
        verify_token=make_verify_token(user_id=unverified.pk, email=unverified.email),
        email_change_token=make_email_change_token(
            user_id=owner.pk,
            old_email=owner.email,
            new_email="owner-new@example.jp",
            password_hash=owner.password,
        ),
        reset_uid=urlsafe_base64_encode(force_bytes(owner.pk)),
        reset_token=default_token_generator.make_token(owner),
        api_key_id=api_key.pk,
    )


def sign_in_everyone(world: World) -> None:
    """One client per role; staff pass the second factor the real way (``verify_staff``).
    From then on the clients check CSRF tokens as production does: the suite sends each form
    with the token of the page it came from."""
    clients = {role: Client() for role in ROLES}
    clients["owner"].force_login(world.owner)
    clients["unverified"].force_login(world.unverified)
    clients["staff_pending"].force_login(world.staff_pending)
    verify_staff(clients["reviewer"], world.reviewer)
    verify_staff(clients["administrator"], world.administrator)
    for client in clients.values():
        client.handler.enforce_csrf_checks = True
        client.get("/")  # the CSRF cookie every form's token is checked against
    world.clients = clients
    # A password-reset link stops working when its user logs in: made after the logins.
    world.owner.refresh_from_db()
    world.reset_token = default_token_generator.make_token(world.owner)


def today() -> str:
    return jst_today().isoformat()


# --- which object fills which URL parameter --------------------------------------------------

Kwargs = dict[str, Any]


def _step_kwargs(world: World) -> list[Kwargs]:
    steps = ["company", *world.draft.template.sections.values_list("key", flat=True), "signer"]
    return [
        {
            "corporate_number": world.company.corporate_number,
            "version": world.draft.version,
            "step": s,
        }
        for s in steps
    ]


def _company_version(world: World, declaration: Declaration) -> list[Kwargs]:
    return [
        {"corporate_number": declaration.company.corporate_number, "version": declaration.version}
    ]


def _template_section(world: World) -> list[Kwargs]:
    section = world.draft_template.sections.order_by("position").first()
    assert section is not None
    return [{"pk": world.draft_template.pk, "section_id": section.pk}]


def _template_item(world: World) -> list[Kwargs]:
    from partnership.declarations.models import TemplateItem

    # The second item of the first section: it can move both up and down.
    items = TemplateItem.objects.filter(section__template=world.draft_template).order_by(
        "section__position", "position"
    )
    return [{"pk": world.draft_template.pk, "item_id": items[1].pk}]


def _campaign_finished(world: World) -> None:
    """Every company of the campaign emailed: the campaigns page offers to start another."""
    RenewalNotice.objects.filter(campaign=world.campaign).update(
        sent_at=timezone.now(), outcome=NoticeOutcome.SENT
    )


def _no_draft(world: World) -> None:
    """The draft discarded: the company's page offers to start a new version."""
    declaration_discard(declaration=world.draft, actor=world.owner)


# Pages that show their form only in a state the world is not in: made so (in the rolled-back
# transaction of each request) before the page is shown and before each request to its forms.
PAGE_SETUPS: dict[str, Callable[[World], None]] = {
    "review:campaigns": _campaign_finished,
    "companies:home": _no_draft,
}

# Routes whose parameters need a particular object; the key is the route's name.
ROUTE_SAMPLES: dict[str, Callable[[World], list[Kwargs]]] = {
    "accounts:verify": lambda w: [{"token": w.verify_token}],
    "accounts:email_change_confirm": lambda w: [{"token": w.email_change_token}],
    "accounts:password_reset_confirm": lambda w: [{"uidb64": w.reset_uid, "token": w.reset_token}],
    "companies:claim_confirm": lambda w: [{"corporate_number": w.unclaimed_number}],
    "companies:invitation": lambda w: [{"token": w.invitation_token}],
    "companies:member_remove": lambda w: [
        {"corporate_number": w.company.corporate_number, "membership_id": w.membership_id()}
    ],
    "companies:member_role": lambda w: [
        {"corporate_number": w.company.corporate_number, "membership_id": w.membership_id()}
    ],
    "companies:invitation_revoke": lambda w: [
        {"corporate_number": w.company.corporate_number, "invitation_id": w.open_invitation_id}
    ],
    "declarations:step": _step_kwargs,
    "declarations:status": lambda w: [
        *_company_version(w, w.draft),
        *_company_version(w, w.published),
    ],
    "declarations:withdraw": lambda w: _company_version(w, w.published),
    "registry:declaration_version": lambda w: _company_version(w, w.published),
    "registry:open_data_file": lambda w: [{"filename": "declarations.csv"}],
    "review:remove": lambda w: [{"pk": w.published.pk}],
    "review:template_section": _template_section,
    "review:template_item_add": _template_section,
    "review:template_item": _template_item,
    "review:template_item_remove": _template_item,
    "review:template_item_move": _template_item,
    "review:campaign": lambda w: [{"pk": w.campaign.pk}],
    "review:campaign_send": lambda w: [{"pk": w.campaign.pk}],
    "review:api_key_revoke": lambda w: [{"pk": w.api_key_id}],
    "admin:view_on_site": lambda w: [
        {
            "content_type_id": ContentType.objects.get_for_model(Company).pk,
            "object_id": str(w.company.pk),
        }
    ],
    "admin:app_list": lambda w: [{"app_label": "core"}],
}

_STAFF_PAGES = ("review:staff_",)
_TEMPLATE_PAGES = ("review:template",)


def _pk(world: World, name: str) -> Any:
    if name.startswith(_STAFF_PAGES):
        return world.other_staff.pk
    if name.startswith(_TEMPLATE_PAGES):
        return world.draft_template.pk
    return world.submitted.pk  # the review pages: the submission waiting for a decision


class MissingSample(LookupError):
    """A URL parameter nobody said how to fill: add it to ROUTE_SAMPLES or _parameter."""


def _admin_object_id(name: str) -> str:
    """The first object of the model an admin route is about (``admin:core_region_change``)."""
    label = name.split(":", 1)[1]
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if label.startswith(prefix):
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                raise MissingSample(f"no {model.__name__} in the world for {name}")
            return str(obj.pk)
    raise MissingSample(f"no model for {name}")


def _parameter(world: World, name: str, param: str) -> Any:
    if param == "corporate_number":
        return world.company.corporate_number
    if param == "version":
        return world.draft.version
    if param == "pk":
        return _pk(world, name)
    if param == "object_id" and name.startswith("admin:"):
        return _admin_object_id(name)
    raise MissingSample(f"no sample value for <{param}> of {name}")


def _unnamed_admin(world: World, route: str, params: tuple[str, ...]) -> list[Kwargs]:
    """The admin's unnamed routes: an object's bare URL (a redirect to its change page) and
    the catch-all."""
    if params == ("url",):
        return [{"url": "nowhere/"}]
    app_label, model_name = route.split("/")[1:3]
    return [{"object_id": _admin_object_id(f"admin:{app_label}_{model_name}_")}]


def sample_kwargs(
    world: World, name: str | None, params: tuple[str, ...], route: str = ""
) -> list[Kwargs]:
    if not params:
        return [{}]
    if name in ROUTE_SAMPLES:
        return ROUTE_SAMPLES[name](world)
    if name is None:
        if route.startswith("admin/"):
            return _unnamed_admin(world, route, params)
        raise MissingSample(f"an unnamed route {route} with parameters {params}")
    return [{param: _parameter(world, name, param) for param in params}]
