"""Two reviewers pressing their decision buttons at the same moment, through the console."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnership.conftest import sign_in_staff
from partnership.declarations.models import Declaration, ReviewAction, Status
from partnership.declarations.tests.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_reviewers_deciding_at_once_end_with_exactly_one_decision(
    attempt: int,
    company: Any,
    make_user: Callable[..., Any],
    make_declaration: Callable[..., Declaration],
) -> None:
    submitted = make_declaration(company, Status.SUBMITTED)
    seen = submitted.submitted_at.isoformat()
    clients = []
    for _ in range(2):
        client = Client()
        sign_in_staff(client, make_user(staff_role="reviewer"))
        clients.append(client)
    url = reverse("review:decide", args=[submitted.pk])
    results = race(
        lambda: clients[0].post(url, {"decision": "publish", "message": "", "submitted_at": seen}),
        lambda: clients[1].post(
            url, {"decision": "return", "message": "直してください", "submitted_at": seen}
        ),
    )
    assert all(getattr(r, "status_code", None) == 302 for r in results), results
    submitted.refresh_from_db()
    assert submitted.status in (Status.PUBLISHED, Status.RETURNED)
    assert ReviewAction.objects.filter(declaration=submitted).count() == 1
    assert Declaration.objects.filter(company=company, status=Status.PUBLISHED).count() <= 1
