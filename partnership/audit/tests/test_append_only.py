from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from partnership.audit.models import AuditEvent, AuditImmutableError

pytestmark = pytest.mark.django_db


def test_services_write_audit_events_with_actor_and_company(company: Any, owner: Any) -> None:
    event = AuditEvent.objects.filter(action="membership.grant", company=company).get()
    assert event.after == {"user": owner.email, "role": "owner"}
    assert AuditEvent.objects.filter(action="company.register", company=company).exists()


def test_orm_cannot_update_or_delete(company: Any) -> None:
    event = AuditEvent.objects.filter(company=company).first()
    assert event is not None
    event.action = "tampered"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_raw_update(company: Any) -> None:
    event = AuditEvent.objects.filter(company=company).first()
    assert event is not None
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["tampered", event.pk])
    event.refresh_from_db()
    assert event.action != "tampered"


@pytest.mark.postgres
def test_postgres_refuses_raw_delete(company: Any) -> None:
    event = AuditEvent.objects.filter(company=company).first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
