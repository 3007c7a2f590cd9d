"""Published declarations that the corporation master contradicts: the company has since
changed its trade name, or closed, or was deleted from the master.

The comparison of names ignores what :func:`partnership.core.text.normalize_for_search`
folds (widths, case, hiragana/katakana, spaces, dash variants), so "ＡＢＣ株式会社" and
"ABC株式会社" are the same name; a different legal-form spelling ("(株)") is a difference worth
a look. The master is joined on the corporate number (there is no foreign key: the master is
imported independently of the registry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from partnership.companies.models import Company, Corporation
from partnership.core.text import normalize_for_search
from partnership.declarations.models import Declaration, Status

SHOW_ALL = ""
SHOW_RENAMED = "renamed"
SHOW_CLOSED = "closed"
SHOW_CHOICES = (SHOW_ALL, SHOW_RENAMED, SHOW_CLOSED)

# The tax agency's close causes (closeCause).
CLOSE_CAUSES = {
    "01": _("liquidation completed"),
    "11": _("dissolved by merger"),
    "21": _("closed by the registrar"),
    "31": _("other"),
}


@dataclass(frozen=True)
class MasterChangeRef:
    """One flagged published declaration, before its objects are loaded (a whole result set
    of these is cheap; only a page of them is turned into :class:`MasterChange`)."""

    declaration_id: int
    corporation_id: int
    renamed: bool
    closed: bool


@dataclass(frozen=True)
class MasterChange:
    declaration: Declaration
    corporation: Corporation
    renamed: bool
    closed: bool

    @property
    def company(self) -> Company:
        return self.declaration.company

    @property
    def close_cause_label(self) -> str:
        cause = self.corporation.close_cause
        return str(CLOSE_CAUSES.get(cause, cause))


def names_differ(registry_name: str, master_name: str) -> bool:
    """Whether two trade names differ beyond width, case, kana and spacing."""
    return normalize_for_search(registry_name) != normalize_for_search(master_name)


def published_master_changes(show: str = SHOW_ALL) -> list[MasterChangeRef]:
    """Published declarations whose company's master row has another name or is closed or
    deleted (``show``: every one, only the renamed, only the closed), the most recent change
    in the master first.

    One query joins the published declarations to the master and keeps the rows whose names
    differ at all or which are closed; the names are then compared in their normalised form
    (which SQL cannot compute), so only plausible candidates are ever read."""
    quote = connection.ops.quote_name
    declaration = quote(Declaration._meta.db_table)
    company = quote(Company._meta.db_table)
    master = quote(Corporation._meta.db_table)

    def column(model: type[Declaration | Company | Corporation], name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        assert field.column is not None
        return quote(field.column)

    number = column(Company, "corporate_number")
    sql = (
        f"SELECT d.{column(Declaration, 'id')}, m.{column(Corporation, 'id')}, "  # noqa: S608
        f"c.{column(Company, 'name')}, m.{column(Corporation, 'name')}, "
        f"m.{column(Corporation, 'close_date')}, m.{column(Corporation, 'deleted')} "
        f"FROM {declaration} d "
        f"JOIN {company} c ON c.{column(Company, 'id')} = d.{column(Declaration, 'company')} "
        f"JOIN {master} m ON m.{column(Corporation, 'corporate_number')} = c.{number} "
        f"WHERE d.{column(Declaration, 'status')} = %s AND ("
        f"m.{column(Corporation, 'close_date')} IS NOT NULL "
        f"OR m.{column(Corporation, 'deleted')} = %s "
        f"OR m.{column(Corporation, 'name')} <> c.{column(Company, 'name')}) "
        f"ORDER BY m.{column(Corporation, 'update_date')} DESC NULLS LAST, "
        f"c.{column(Company, 'sort_key')}, d.{column(Declaration, 'id')}"
    )
    refs: list[MasterChangeRef] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.PUBLISHED.value, True])
        for declaration_id, corporation_id, name, master_name, close_date, deleted in cursor:
            renamed = names_differ(name, master_name)
            closed = close_date is not None or bool(deleted)
            if show == SHOW_RENAMED and not renamed:
                continue
            if show == SHOW_CLOSED and not closed:
                continue
            if renamed or closed:
                refs.append(MasterChangeRef(declaration_id, corporation_id, renamed, closed))
    return refs


def master_changes(refs: Sequence[MasterChangeRef]) -> list[MasterChange]:
    """The declarations (with their company) and master rows of ``refs``, in their order."""
    declarations = Declaration.objects.select_related("company", "company__prefecture").in_bulk(
        [ref.declaration_id for ref in refs]
    )
    corporations = Corporation.objects.in_bulk([ref.corporation_id for ref in refs])
    return [
        MasterChange(
            declarations[ref.declaration_id],
            corporations[ref.corporation_id],
            ref.renamed,
            ref.closed,
        )
        for ref in refs
        if ref.declaration_id in declarations and ref.corporation_id in corporations
    ]
