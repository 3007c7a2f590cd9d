"""Two sessions acting on the same declaration at once: exactly one wins, the other is told."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from partnership.core.errors import InvalidTransition
from partnership.declarations import services
from partnership.declarations.models import Declaration, ReviewAction, Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions in separate threads (each with its own database connection), released
    together by a barrier; return each one's result or exception."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = action()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("attempt", range(5))
def test_two_reviewers_publish_and_return_the_same_submission(
    attempt: int, company: Any, make_user: Any, make_declaration: Callable[..., Declaration]
) -> None:
    assert connection.vendor == "postgresql"
    first, second = make_user(staff_role="reviewer"), make_user(staff_role="reviewer")
    submitted = make_declaration(company, Status.SUBMITTED)
    results = race(
        lambda: services.declaration_publish(declaration=submitted, reviewer=first),
        lambda: services.declaration_return(
            declaration=submitted, reviewer=second, message="Fix it."
        ),
    )
    winners = [r for r in results if isinstance(r, Declaration)]
    losers = [r for r in results if isinstance(r, InvalidTransition)]
    assert len(winners) == 1 and len(losers) == 1, results
    submitted.refresh_from_db()
    assert submitted.status == winners[0].status
    assert ReviewAction.objects.filter(declaration=submitted).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_reviewers_both_approving_publish_once(
    attempt: int, company: Any, make_user: Any, make_declaration: Callable[..., Declaration]
) -> None:
    first, second = make_user(staff_role="reviewer"), make_user(staff_role="reviewer")
    previous = make_declaration(company, Status.PUBLISHED)
    submitted = make_declaration(company, Status.SUBMITTED)
    results = race(
        lambda: services.declaration_publish(declaration=submitted, reviewer=first),
        lambda: services.declaration_publish(declaration=submitted, reviewer=second),
    )
    assert sum(isinstance(r, Declaration) for r in results) == 1, results
    assert sum(isinstance(r, InvalidTransition) for r in results) == 1, results
    previous.refresh_from_db()
    assert previous.status == Status.SUPERSEDED
    assert Declaration.objects.published().filter(company=company).count() == 1


def test_company_withdraws_while_administrator_removes(
    company: Any, owner: Any, administrator: Any, make_declaration: Callable[..., Declaration]
) -> None:
    published = make_declaration(company, Status.PUBLISHED)
    results = race(
        lambda: services.declaration_withdraw(
            declaration=published, actor=owner, reason="Closing."
        ),
        lambda: services.declaration_remove(
            declaration=published,
            administrator=administrator,
            category="other",
            reason="Duplicate.",
        ),
    )
    assert sum(isinstance(r, Declaration) for r in results) == 1, results
    assert sum(isinstance(r, InvalidTransition) for r in results) == 1, results
    published.refresh_from_db()
    assert published.status in (Status.WITHDRAWN, Status.REMOVED)
