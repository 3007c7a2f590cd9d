"""Faults: a database that stops answering mid-request, SQLite busy with another writer, a
crash between two steps of a transition, and the health check when a component is down.

The rules (DESIGN.md §7): a lost connection is a clear 503 with Retry-After (a page in the
user's language, ``{"detail": …}`` under /api/), never a 500; nothing is left half-written.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.test import Client, override_settings
from django.urls import reverse

from partnership.accounts.models import User
from partnership.api import api as api_module
from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.conftest import sign_in_staff
from partnership.declarations import listing_index, notifications, services
from partnership.declarations.models import (
    Declaration,
    ListingCount,
    ListingEntry,
    ReviewAction,
    Status,
)
from partnership.registry import views as registry_views

ON_SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="SQLite's busy handling")
# The transitions below run their own, outermost transactions (as in a real request), so the
# rollback under test is the real one, not a savepoint of the test's wrapping transaction.
real_transactions = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE_JA = "一時的にご利用いただけません"
TITLE_EN = "Temporarily unavailable"


def snapshot() -> dict[str, Any]:
    """Everything a transition may write: declarations (every field), review actions, audit
    events, the listing index and its counts, and the mail sent."""
    return {
        "declarations": list(Declaration.objects.order_by("pk").values()),
        "review_actions": list(ReviewAction.objects.order_by("pk").values()),
        "audit": list(AuditEvent.objects.order_by("pk").values()),
        "listing": list(ListingEntry.objects.order_by("pk").values()),
        "counts": sorted(ListingCount.objects.values_list("facet", "value", "count")),
        "mail": len(mail.outbox),
    }


def submitted(
    make_declaration: Callable[..., Declaration], company: Company, owner: User
) -> Declaration:
    return services.declaration_submit(
        declaration=make_declaration(company, Status.DRAFT), actor=owner
    )


# --- a database error inside a view ----------------------------------------------------------


def _fail(exc: Exception) -> Callable[..., Any]:
    def raise_(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return raise_


@pytest.mark.django_db
@pytest.mark.parametrize(
    "exc",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
    ids=["operational", "interface"],
)
def test_database_lost_in_a_page_is_a_translated_503_with_retry_after(
    client: Client, monkeypatch: pytest.MonkeyPatch, exc: Exception
) -> None:
    monkeypatch.setattr(registry_views, "headline_figures", _fail(exc))

    japanese = client.get("/")
    assert japanese.status_code == 503
    assert int(japanese["Retry-After"]) > 0
    assert "no-store" in japanese["Cache-Control"]
    html = japanese.content.decode()
    assert '<html lang="ja">' in html
    assert TITLE_JA in html
    assert "もう一度お試しください" in html

    english = client.get("/en/")
    assert english.status_code == 503
    assert english["Retry-After"] == japanese["Retry-After"]
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert TITLE_EN in html
    assert "Please try again in a minute." in html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_database_lost_in_the_api_is_a_json_503_in_the_clients_language(
    client: Client, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    # With DEBUG on, django-ninja would answer an unhandled exception itself with a traceback.
    monkeypatch.setattr(
        api_module, "registry_statistics", _fail(OperationalError("terminating connection"))
    )
    with override_settings(DEBUG=debug):
        japanese = client.get("/api/v1/statistics")
        english = client.get("/api/v1/statistics", HTTP_ACCEPT_LANGUAGE="en")
    for response in (japanese, english):
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert int(response["Retry-After"]) > 0
        assert set(response.json()) == {"detail"}
    assert "一時的にご利用いただけません" in japanese.json()["detail"]
    assert english.json()["detail"] == (
        "The registry is temporarily unavailable. Please try again in a minute."
    )
    assert english["Content-Language"] == "en"


@pytest.mark.django_db
def test_other_database_errors_are_not_disguised_as_an_outage(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken constraint is a bug: it must surface as an error (the test client re-raises
    what would be a 500), not be reported to the user as a temporary outage."""
    monkeypatch.setattr(registry_views, "headline_figures", _fail(IntegrityError("duplicate")))
    with pytest.raises(IntegrityError):
        client.get("/")


# --- PostgreSQL: the backend really terminated in the middle of a request --------------------


def _terminate_backend(pid: int) -> None:
    """pg_terminate_backend(pid) from a second connection, waiting until the backend is gone."""
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=str(params["PORT"]) if params["PORT"] else None,
        autocommit=True,
    ) as other:
        terminated = other.execute("SELECT pg_terminate_backend(%s, 10000)", [pid]).fetchone()
    assert terminated == (True,)


@pytest.mark.postgres
@real_transactions
def test_backend_terminated_mid_publication_is_a_503_and_nothing_is_half_written(
    client: Client,
    reviewer: User,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declaration = submitted(make_declaration, company, owner)
    sign_in_staff(client, reviewer)
    before = snapshot()
    killed: list[int] = []
    real_sync = listing_index.sync_companies

    def sync_after_losing_the_connection(company_ids: Any) -> None:
        # Halfway through the publication: the declaration row, its review action and audit
        # event are written (uncommitted); then the server ends this connection.
        assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLISHED
        pid = connection.connection.info.backend_pid
        _terminate_backend(pid)
        killed.append(pid)
        real_sync(company_ids)

    monkeypatch.setattr(listing_index, "sync_companies", sync_after_losing_the_connection)
    response = client.post(
        reverse("review:decide", args=[declaration.pk]),
        {
            "decision": "publish",
            "message": "",
            "submitted_at": declaration.submitted_at.isoformat(),
        },
    )
    assert killed, "the request never reached the listing sync"
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert TITLE_JA in response.content.decode()

    # What Django does at the end of every request (the test client skips it): the broken
    # connection is dropped, and the next request gets a new one.
    close_old_connections()
    monkeypatch.setattr(listing_index, "sync_companies", real_sync)
    assert snapshot() == before
    assert Declaration.objects.get(pk=declaration.pk).status == Status.SUBMITTED
    assert client.get("/healthz").status_code == 200
    # The reviewer simply tries again, and it works.
    retry = client.post(
        reverse("review:decide", args=[declaration.pk]),
        {
            "decision": "publish",
            "message": "",
            "submitted_at": declaration.submitted_at.isoformat(),
        },
    )
    assert retry.status_code == 302
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLISHED
    assert ListingEntry.objects.filter(declaration=declaration).exists()


# --- SQLite: a writer blocked by another writer -------------------------------------------------


@contextmanager
def write_lock_held_elsewhere() -> Iterator[sqlite3.Connection]:
    """Another process's writer: a second connection to the same file holding the write lock
    (BEGIN IMMEDIATE) until it commits."""
    other = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, timeout=0, check_same_thread=False
    )
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
        if other.in_transaction:
            other.execute("COMMIT")
    finally:
        other.close()


def _publish_request(client: Client, declaration: Declaration) -> Any:
    return client.post(
        reverse("review:decide", args=[declaration.pk]),
        {
            "decision": "publish",
            "message": "",
            "submitted_at": declaration.submitted_at.isoformat(),
        },
    )


@sqlite_only
@real_transactions
def test_sqlite_writer_locked_out_past_the_busy_timeout_gets_a_503(
    client: Client,
    reviewer: User,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = submitted(make_declaration, company, owner)
    sign_in_staff(client, reviewer)
    before = snapshot()
    connection.ensure_connection()
    try:
        # The settings wait 20 s; this test waits a tenth of a second.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 100")
        with write_lock_held_elsewhere():
            response = _publish_request(client, declaration)
    finally:
        connection.close()  # the next connection gets the settings' timeout again
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert TITLE_JA in response.content.decode()
    assert snapshot() == before


@sqlite_only
@real_transactions
def test_sqlite_writer_waits_for_another_writer_and_then_succeeds(
    client: Client,
    reviewer: User,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declaration = submitted(make_declaration, company, owner)
    sign_in_staff(client, reviewer)
    real_publish = services.declaration_publish
    released = threading.Event()

    with write_lock_held_elsewhere() as other:

        def release_soon() -> None:
            other.execute("COMMIT")
            released.set()

        def publish_while_locked(**kwargs: Any) -> Declaration:
            # The other writer still holds the lock when this transaction starts; it lets go
            # a moment later, well within the busy timeout of the settings.
            assert not released.is_set()
            timer = threading.Timer(0.3, release_soon)
            timer.start()
            try:
                return real_publish(**kwargs)
            finally:
                timer.join()

        monkeypatch.setattr(services, "declaration_publish", publish_while_locked)
        response = _publish_request(client, declaration)
    assert released.is_set()
    assert response.status_code == 302
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLISHED


# --- a crash between two steps of a transition -------------------------------------------------


class Crash(Exception):
    pass


def _transition(
    name: str, declaration: Declaration, owner: User, reviewer: User, administrator: User
) -> Callable[[], Any]:
    return {
        "submit": lambda: services.declaration_submit(declaration=declaration, actor=owner),
        "resubmit": lambda: services.declaration_resubmit(declaration=declaration, actor=owner),
        "return": lambda: services.declaration_return(
            declaration=declaration, reviewer=reviewer, message="役職名を正式に"
        ),
        "reject": lambda: services.declaration_reject(
            declaration=declaration, reviewer=reviewer, reason="対象外の団体"
        ),
        "publish": lambda: services.declaration_publish(declaration=declaration, reviewer=reviewer),
        "withdraw": lambda: services.declaration_withdraw(
            declaration=declaration, actor=owner, reason="事業譲渡のため"
        ),
        "remove": lambda: services.declaration_remove(
            declaration=declaration,
            administrator=administrator,
            category="false_statement",
            reason="虚偽の記載",
        ),
    }[name]


# (transition, status it starts from, status it writes first, the step that crashes)
CRASHES = [
    ("submit", Status.DRAFT, Status.SUBMITTED, "audit"),
    ("submit", Status.DRAFT, Status.SUBMITTED, "notify_submitted"),
    ("resubmit", Status.RETURNED, Status.SUBMITTED, "audit"),
    ("return", Status.SUBMITTED, Status.RETURNED, "audit"),
    ("return", Status.SUBMITTED, Status.RETURNED, "notify_returned"),
    ("reject", Status.SUBMITTED, Status.REJECTED, "notify_rejected"),
    ("publish", Status.SUBMITTED, Status.PUBLISHED, "audit"),
    ("publish", Status.SUBMITTED, Status.PUBLISHED, "listing"),
    ("publish", Status.SUBMITTED, Status.PUBLISHED, "notify_published"),
    ("withdraw", Status.PUBLISHED, Status.WITHDRAWN, "audit"),
    ("withdraw", Status.PUBLISHED, Status.WITHDRAWN, "listing"),
    ("remove", Status.PUBLISHED, Status.REMOVED, "listing"),
    ("remove", Status.PUBLISHED, Status.REMOVED, "notify_removed"),
]


@real_transactions
@pytest.mark.parametrize(
    ("transition", "start", "written", "step"),
    CRASHES,
    ids=[f"{c[0]}-{c[3]}" for c in CRASHES],
)
def test_a_crash_between_two_steps_of_a_transition_leaves_the_previous_state(
    transition: str,
    start: str,
    written: str,
    step: str,
    company: Company,
    owner: User,
    reviewer: User,
    administrator: User,
    make_declaration: Callable[..., Declaration],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if transition == "publish":
        # A published first version, so that publishing supersedes it on the way.
        make_declaration(company, Status.PUBLISHED)
    declaration = make_declaration(company, start)
    before = snapshot()
    reached: list[str] = []

    def crash(*args: Any, **kwargs: Any) -> None:
        # The first step is done (inside the transaction) when the second one fails.
        current = Declaration.objects.get(pk=declaration.pk)
        assert current.status == written
        reached.append(current.status)
        raise Crash(step)

    if step == "audit":
        real_audit = services.audit_record

        def audit_then_crash(**kwargs: Any) -> Any:
            if kwargs["action"] == f"declaration.{transition}":
                crash()
            return real_audit(**kwargs)

        monkeypatch.setattr(services, "audit_record", audit_then_crash)
    elif step == "listing":
        monkeypatch.setattr(listing_index, "sync_companies", crash)
    else:
        monkeypatch.setattr(notifications, step, crash)

    with pytest.raises(Crash):
        _transition(transition, declaration, owner, reviewer, administrator)()
    assert reached == [written]
    assert snapshot() == before
    assert Declaration.objects.get(pk=declaration.pk).status == start


# --- the health check when a component is down -------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A real connection to a database that cannot be reached: a file in a folder that does not
    # exist (SQLite), or a port nothing listens on (PostgreSQL).
    unreachable = {**connection.settings_dict}
    if ON_SQLITE:
        unreachable["NAME"] = str(tmp_path / "missing" / "registry.sqlite3")
    else:
        unreachable.update(HOST="127.0.0.1", PORT="1")
    down = type(connections["default"])(unreachable, "default")
    monkeypatch.setattr(registry_views, "connection", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error: OperationalError",
        "cache": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_down(client: Client) -> None:
    # Redis on a port nothing listens on.
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "error: ConnectionError",
    }


@pytest.mark.django_db
def test_a_get_on_a_form_target_gets_a_page_in_the_users_language(client: Client) -> None:
    from django.urls import reverse

    url = reverse("accounts:logout")
    response = client.get(url)
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "フォーム" in response.content.decode()
    response = client.get("/en" + url)
    assert response.status_code == 405
    assert "the target of a form" in response.content.decode()
