"""Administrators issue and revoke API keys; the secret is shown once and stored hashed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnership.api.models import ApiKey, digest
from partnership.audit.models import AuditEvent
from partnership.conftest import sign_in_staff

pytestmark = pytest.mark.django_db


def test_issue_show_once_and_revoke(client: Client, administrator: Any) -> None:
    sign_in_staff(client, administrator)
    assert client.get(reverse("review:api_keys")).status_code == 200
    response = client.post(
        reverse("review:api_key_new"),
        {
            "name": "補助金事務局",
            "contact_email": "ops@example.jp",
            "requests_per_minute": "１,２００",
        },
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("prk_") and secret in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    key = ApiKey.objects.get()
    assert key.requests_per_minute == 1200
    assert key.key_digest == digest(secret) and secret not in key.key_digest
    listing = client.get(reverse("review:api_keys")).content.decode()
    assert key.prefix in listing and secret not in listing
    assert client.get("/api/v1/statistics", HTTP_X_API_KEY=secret).status_code == 200

    assert client.get(reverse("review:api_key_revoke", args=[key.pk])).status_code == 200
    client.post(reverse("review:api_key_revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == administrator
    assert client.get("/api/v1/statistics", HTTP_X_API_KEY=secret).status_code == 401
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"api_key.issue", "api_key.revoke"} <= actions


def test_bad_input_is_explained_and_kept(client: Client, administrator: Any) -> None:
    sign_in_staff(client, administrator)
    response = client.post(
        reverse("review:api_key_new"), {"name": "  ", "requests_per_minute": "-5"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "requests_per_minute"}
    assert not ApiKey.objects.exists()


def test_reviewers_cannot_manage_keys(client: Client, reviewer: Any) -> None:
    sign_in_staff(client, reviewer)
    for name in ("review:api_keys", "review:api_key_new"):
        assert client.get(reverse(name)).status_code == 403
