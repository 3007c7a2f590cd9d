"""A small registry with one object of every kind a URL can name, and people in every role,
for the security tests (authorization matrix, CSRF, headers).

Built once per test module inside a transaction that is rolled back at the end (see
``world_fixture``); each request a test sends runs in its own savepoint (``send``), so a POST
that succeeds changes nothing for the next request.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import MembershipRole, StaffRole, User
from partnership.accounts.services import membership_grant, user_create
from partnership.api.services import api_key_issue
from partnership.companies.models import Company, Corporation
from partnership.companies.services import company_register, invitation_create
from partnership.conftest import (
    declaration_in_status,
    new_corporate_number,
    sign_in_staff,
    template_data,
)
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.services import template_version_import
from partnership.declarations.template_services import template_version_copy
from partnership.review.models import RenewalCampaign

PASSWORD = "correct horse battery"

# The kinds of visitor every URL is tried with, in the order of the matrix's columns.
ROLES = ("anonymous", "outsider", "owner", "reviewer_pending", "reviewer", "administrator")


def pdf_bytes(text: str = "signed") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass
class World:
    users: dict[str, User]
    company: Company  # the owner's: a published version 1 and a draft version 2
    published: Declaration
    draft: Declaration
    other_company: Company  # the outsider's: a draft only
    other_draft: Declaration
    submitted: Declaration  # a third company's, waiting for review, with a signed PDF
    template: TemplateVersion  # current
    template_copy: TemplateVersion  # not current: editable by administrators
    member_id: int  # a second member of the owner's company
    invitation_id: int
    invitation_token: str
    campaign_id: int
    api_key_id: int
    corporation: Corporation
    group_id: int
    static_device_id: int
    totp_device_id: int

    def client(self, role: str, **defaults: Any) -> Client:
        """A client signed in as ``role`` (reviewers and administrators with a verified second
        factor, except ``reviewer_pending``)."""
        client = Client(**defaults)
        if role == "anonymous":
            return client
        user = self.users[role]
        if role in ("reviewer", "administrator"):
            sign_in_staff(client, user)
        else:
            client.force_login(user)
        return client


def _user(email: str, staff_role: str = StaffRole.NONE) -> User:
    return user_create(
        email=email, password=PASSWORD, staff_role=staff_role, email_verified=True, language="ja"
    )


def build_world() -> World:
    users = {
        "outsider": _user("outsider@example.jp"),
        "owner": _user("owner@example.jp"),
        "reviewer_pending": _user("pending@example.jp", StaffRole.REVIEWER),
        "reviewer": _user("reviewer@example.jp", StaffRole.REVIEWER),
        "administrator": _user("admin@example.jp", StaffRole.ADMINISTRATOR),
    }
    template = template_version_import(data=template_data(), make_current=True)
    template_copy = template_version_copy(
        source=template,
        code="2027-01",
        effective_date=dt.date(2027, 1, 1),
        actor=users["administrator"],
    )

    def company(name: str) -> Company:
        return company_register(
            corporate_number=new_corporate_number(), name=name, prefecture_code="13"
        )

    own = company("株式会社山田精工")
    membership_grant(company=own, user=users["owner"], role=MembershipRole.OWNER)
    member = membership_grant(
        company=own, user=_user("member@example.jp"), role=MembershipRole.MEMBER
    )
    published = declaration_in_status(own, template, Status.PUBLISHED, version=1)
    draft = declaration_in_status(own, template, Status.DRAFT, version=2)
    draft.signed_pdf.save("own-draft.pdf", ContentFile(pdf_bytes("own draft")))

    other = company("株式会社他社工業")
    membership_grant(company=other, user=users["outsider"], role=MembershipRole.OWNER)
    other_draft = declaration_in_status(other, template, Status.DRAFT, version=1)
    other_draft.signed_pdf.save("other-draft.pdf", ContentFile(pdf_bytes("other draft")))

    third = company("株式会社審査中")
    submitted = declaration_in_status(third, template, Status.SUBMITTED, version=1)
    submitted.signed_pdf.save("submitted.pdf", ContentFile(pdf_bytes("submitted")))

    invitation, token = invitation_create(
        company=own, email="invitee@example.jp", role=MembershipRole.MEMBER, actor=users["owner"]
    )
    campaign = RenewalCampaign.objects.create(
        template=template, created_by=users["administrator"], created_at=timezone.now()
    )
    api_key, _secret = api_key_issue(actor=users["administrator"], name="Example subsidy office")
    corporation = Corporation.objects.create(
        corporate_number=new_corporate_number(), name="株式会社マスター", prefecture_code="13"
    )
    group = Group.objects.create(name="example")
    static_device = StaticDevice.objects.create(user=users["administrator"], name="backup")
    # The verified staff's authenticator apps (``sign_in_staff`` uses them).
    totp_device = TOTPDevice.objects.create(user=users["reviewer"], name="phone", confirmed=True)
    TOTPDevice.objects.create(user=users["administrator"], name="phone", confirmed=True)
    return World(
        users=users,
        company=own,
        published=published,
        draft=draft,
        other_company=other,
        other_draft=other_draft,
        submitted=submitted,
        template=template,
        template_copy=template_copy,
        member_id=member.pk,
        invitation_id=invitation.pk,
        invitation_token=token,
        campaign_id=campaign.pk,
        api_key_id=api_key.pk,
        corporation=corporation,
        group_id=group.pk,
        static_device_id=static_device.pk,
        totp_device_id=totp_device.pk,
    )


def world_fixture(django_db_blocker: Any, media_root: str) -> Iterator[World]:
    """Build the world in a transaction that is rolled back when the module is done."""
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def send(client: Client, method: str, path: str, **extra: Any) -> Any:
    """``client.get/post(path)`` in a savepoint that is rolled back: whatever the request
    changed is undone, so the next request sees the same world. Streaming bodies are read to
    the end (which closes them); ``response.close()`` must not be called again here, as it
    would close the database connection in the middle of the test's transaction."""
    with transaction.atomic():
        response = getattr(client, method)(path, **extra)
        if response.streaming:
            response.content_bytes = b"".join(response.streaming_content)
        else:
            response.content_bytes = response.content
        transaction.set_rollback(True)
    return response
