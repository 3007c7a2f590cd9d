"""Reads for the audit log viewer: filtering, keyset pages, a capped count, readable rows.

The audit table grows without end (every state change of every declaration, every staff
action), so nothing here counts or offsets over the whole table: pages are found by keyset
(``created_at``, ``id``) and the count stops at :data:`COUNT_CAP`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnership.audit.models import AuditEvent
from partnership.core.dates import JST, jst_day_bounds
from partnership.core.text import normalize_for_search
from partnership.declarations.selectors import TIMELINE_ACTIONS

PAGE_SIZE = 50
COUNT_CAP = 10_000
EXPORT_CAP = 200_000
VALUE_MAX_CHARS = 200

# Human labels of the actions the registry records. Actions not listed here (added later by
# another part of the system) are still shown and filterable, by their code.
ACTION_LABELS: dict[str, str | Promise] = {
    **TIMELINE_ACTIONS,
    "declaration.discard": _("Draft discarded"),
    "declaration.attach_pdf": _("Signed PDF attached"),
    "user.create": _("Account created"),
    "user.verify_email": _("Email address confirmed"),
    "user.update_profile": _("Profile changed"),
    "user.password_change": _("Password changed"),
    "user.password_reset": _("Password reset by email link"),
    "user.request_email_change": _("Email address change requested"),
    "user.change_email": _("Email address changed"),
    "company.register": _("Company registered"),
    "company.claim": _("Company claimed"),
    "company.update": _("Company details changed"),
    "membership.grant": _("Member added"),
    "membership.remove": _("Member removed"),
    "membership.role": _("Member's role changed"),
    "invitation.create": _("Invitation sent"),
    "invitation.accept": _("Invitation accepted"),
    "invitation.revoke": _("Invitation cancelled"),
    "declaration.assign": _("Review assigned"),
    "user.otp_enrol": _("Authenticator app set up"),
    "user.otp_verify": _("Second factor passed"),
    "user.otp_fail": _("Wrong second-factor code"),
    "user.otp_backup_codes": _("New backup codes made"),
    "template.import": _("Template version loaded"),
    "template.make_current": _("Template version made current"),
    "template.copy": _("Template version copied"),
    "template.update": _("Template version edited"),
    "template.section_update": _("Template section edited"),
    "template.item_add": _("Template item added"),
    "template.item_update": _("Template item edited"),
    "template.item_move": _("Template item moved"),
    "template.item_remove": _("Template item removed"),
    "renewal.start": _("Renewal campaign started"),
    "renewal.send_batch": _("Renewal notices sent"),
    "staff.change_role": _("Staff role changed"),
    "staff.deactivate": _("Account deactivated"),
    "staff.reactivate": _("Account reactivated"),
    "staff.reset_two_factor": _("Two-factor authentication reset"),
}

_ACTIONS_CACHE_KEY = "review:audit:actions"
_ACTIONS_CACHE_SECONDS = 600


def action_label(code: str) -> str:
    """The human label of an action code, or the code itself when it has none."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def known_actions() -> list[str]:
    """Every action code worth offering in the filter: the labelled ones and any other code
    present in the table (read with DISTINCT over the action index, cached for ten minutes)."""
    found = cache.get(_ACTIONS_CACHE_KEY)
    if found is None:
        found = list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
        cache.set(_ACTIONS_CACHE_KEY, found, _ACTIONS_CACHE_SECONDS)
    return sorted(set(ACTION_LABELS) | set(found))


def action_choices() -> list[tuple[str, str]]:
    """(code, "label (code)") for the action filter, sorted by code so related actions sit
    together."""
    return [
        (code, f"{action_label(code)} ({code})" if code in ACTION_LABELS else code)
        for code in known_actions()
    ]


# --- filtering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    """What the viewer asked for; empty values mean "any". Dates are Japan-time calendar
    days, both inclusive."""

    actor: str = ""
    company: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


_NUMBER_NOISE = re.compile(r"[\s\-‐‑‒–—―−－]")


def _corporate_number(text: str) -> str | None:
    """The 13 digits when ``text`` is a corporate number (full-width digits, hyphens and
    spaces allowed), else None."""
    digits = _NUMBER_NOISE.sub("", unicodedata.normalize("NFKC", text))
    return digits if re.fullmatch(r"\d{13}", digits) else None


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first, with their company."""
    events = AuditEvent.objects.select_related("company").order_by("-created_at", "-id")
    if filters.actor:
        events = events.filter(
            Q(actor_label__icontains=filters.actor) | Q(actor__email__icontains=filters.actor)
        )
    if filters.company:
        number = _corporate_number(filters.company)
        if number is not None:
            events = events.filter(company__corporate_number=number)
        else:
            events = events.filter(
                company__search_text__contains=normalize_for_search(filters.company)
            )
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from is not None:
        events = events.filter(created_at__gte=jst_day_bounds(filters.date_from)[0])
    if filters.date_to is not None:
        events = events.filter(created_at__lt=jst_day_bounds(filters.date_to)[1])
    return events


@dataclass(frozen=True)
class CappedCount:
    """How many rows matched, counting no further than ``cap`` (``more`` is then True)."""

    count: int
    cap: int

    @property
    def more(self) -> bool:
        return self.count > self.cap

    @property
    def shown(self) -> int:
        return min(self.count, self.cap)


def count_capped(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> CappedCount:
    """Count at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT cap+1)``), so that a
    filter matching millions of events costs no more than one matching ten thousand."""
    return CappedCount(count=queryset.order_by()[: cap + 1].count(), cap=cap)


# --- keyset pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """A position in the newest-first order: the (time, id) of an event."""

    created_at: dt.datetime
    id: int

    def encode(self) -> str:
        micros = round(self.created_at.timestamp() * 1_000_000)
        return f"{micros}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """The cursor written by :meth:`encode`, or None for anything else."""
        match = re.fullmatch(r"(\d{1,17})\.(\d{1,18})", text or "")
        if match is None:
            return None
        try:
            instant = dt.datetime.fromtimestamp(int(match[1]) / 1_000_000, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return cls(created_at=instant, id=int(match[2]))

    @classmethod
    def of(cls, event: AuditEvent) -> Cursor:
        return cls(created_at=event.created_at, id=event.pk)


@dataclass
class AuditPage:
    events: list[AuditEvent]
    older: Cursor | None  # link to the next page of older events, if there is one
    newer: Cursor | None  # link to the page of newer events, None on the first page


def audit_page(
    queryset: QuerySet[AuditEvent],
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> AuditPage:
    """One page of ``queryset`` (ordered newest first): the first page, the page of events
    older than ``after``, or the page of events newer than ``before``."""
    newest_first = queryset.order_by("-created_at", "-id")
    if before is not None:
        newer_rows = list(
            queryset.filter(
                Q(created_at__gt=before.created_at)
                | Q(created_at=before.created_at, id__gt=before.id)
            ).order_by("created_at", "id")[: size + 1]
        )
        if len(newer_rows) > size:
            events = list(reversed(newer_rows[:size]))
            return AuditPage(events=events, older=Cursor.of(events[-1]), newer=Cursor.of(events[0]))
        # Back at the top: show the first page as it is now.
        after = None
    if after is not None:
        rows = list(
            newest_first.filter(
                Q(created_at__lt=after.created_at) | Q(created_at=after.created_at, id__lt=after.id)
            )[: size + 1]
        )
        events = rows[:size]
        return AuditPage(
            events=events,
            older=Cursor.of(events[-1]) if len(rows) > size else None,
            newer=Cursor.of(events[0]) if events else None,
        )
    rows = list(newest_first[: size + 1])
    events = rows[:size]
    return AuditPage(
        events=events, older=Cursor.of(events[-1]) if len(rows) > size else None, newer=None
    )


# --- presenting an event ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    key: str
    before: str | None
    after: str | None


@dataclass
class AuditRow:
    event: AuditEvent
    action_label: str
    object_label: str
    object_url: str | None
    changes: list[Change] = field(default_factory=list)


def _shorten(text: str) -> str:
    return text if len(text) <= VALUE_MAX_CHARS else text[: VALUE_MAX_CHARS - 1] + "…"


def display_value(value: Any) -> str:
    """A JSON value as a person reads it: text as is, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    return {"value": value}


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def changes_of(before: Any, after: Any) -> list[Change]:
    """Key by key, what ``before`` and ``after`` held (None where a side lacks the key).
    Keys on one side only with an empty value (a record created with blank fields) are left
    out: they say nothing."""
    old, new = _as_dict(before), _as_dict(after)
    old = {k: v for k, v in old.items() if k in new or not _blank(v)}
    new = {k: v for k, v in new.items() if k in old or not _blank(v)}
    keys = list(old) + [key for key in new if key not in old]
    return [
        Change(
            key=str(key),
            before=_shorten(display_value(old[key])) if key in old else None,
            after=_shorten(display_value(new[key])) if key in new else None,
        )
        for key in keys
    ]


_OBJECT_URLS = {"declarations.declaration": "review:review"}


def _object_label(object_type: str, object_id: str) -> str:
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return f"{object_type} #{object_id}"
    return f"{model._meta.verbose_name} #{object_id}"


def _object_url(object_type: str, object_id: str) -> str | None:
    name = _OBJECT_URLS.get(object_type)
    if name is None or not object_id.isdigit():
        return None
    try:
        return reverse(name, kwargs={"pk": int(object_id)})
    except NoReverseMatch:
        return None


def audit_rows(events: Sequence[AuditEvent]) -> list[AuditRow]:
    """The page's events ready to show: labels, a link to the object, the changes."""
    return [
        AuditRow(
            event=event,
            action_label=action_label(event.action),
            object_label=_object_label(event.object_type, event.object_id),
            object_url=_object_url(event.object_type, event.object_id),
            changes=changes_of(event.before, event.after),
        )
        for event in events
    ]


# --- CSV -------------------------------------------------------------------------------------

EXPORT_HEADER: tuple[str | Promise, ...] = (
    _("Time (JST)"),
    _("Actor"),
    _("Action"),
    _("Action code"),
    _("Object type"),
    _("Object ID"),
    _("Corporate number"),
    _("Company"),
    _("Before"),
    _("After"),
    _("IP address"),
    _("User agent"),
)


def _json_cell(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_rows(queryset: QuerySet[AuditEvent], cap: int = EXPORT_CAP) -> Iterator[list[Any]]:
    """The newest ``cap`` events of ``queryset`` as CSV rows (see :data:`EXPORT_HEADER`),
    read in chunks so that memory stays flat however many there are."""
    events = queryset.order_by("-created_at", "-id").select_related("company")[:cap]
    for event in events.iterator(chunk_size=2000):
        company = event.company
        yield [
            event.created_at.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_label,
            action_label(event.action),
            event.action,
            event.object_type,
            event.object_id,
            company.corporate_number if company else "",
            company.name if company else "",
            _json_cell(event.before),
            _json_cell(event.after),
            event.ip_address or "",
            event.user_agent,
        ]
