"""Automatic pre-checks shown to reviewers as pass / warn / fail.

They are computed when a declaration is submitted (and again when a reviewer opens it, since
the corporation master may have been refreshed since) and stored on the declaration as plain
data — a key, an outcome and parameters — so the queue can filter on the outcome and the
messages are written in the reader's language when shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership.companies.corporate_number import is_valid_corporate_number
from partnership.companies.models import Corporation
from partnership.core.text import normalize_for_search
from partnership.declarations.models import Declaration, PrecheckOutcome, Status, TemplateVersion

PASS = PrecheckOutcome.PASS.value
WARN = PrecheckOutcome.WARN.value
FAIL = PrecheckOutcome.FAIL.value

# Titles that carry the authority to represent a company or other body in Japan (company law,
# general incorporated associations, cooperatives, medical/school/social welfare corporations),
# and their usual English renderings.
REPRESENTATIVE_TITLE_RE = re.compile(
    r"代表取締役|代表執行役|代表社員|代表理事|理事長|組合長|会頭|代表者|代表清算人|"
    r"学長|総長|頭取|"
    r"representative director|representative executive officer|representative partner|"
    r"representative member|representative|chairman of the board|president and ceo",
    re.IGNORECASE,
)
# Legal-form words that may be written differently in the master and on the declaration.
_LEGAL_FORMS_RE = re.compile(
    r"株式会社|有限会社|合同会社|合名会社|合資会社|一般社団法人|一般財団法人|公益社団法人|"
    r"公益財団法人|社会福祉法人|医療法人社団|医療法人財団|医療法人|学校法人|"
    r"特定非営利活動法人|協同組合|\(株\)|\(有\)|\(同\)|㈱|㈲"
)


@dataclass(frozen=True)
class Check:
    key: str
    outcome: str
    params: dict[str, Any]

    def as_data(self) -> dict[str, Any]:
        return {"key": self.key, "outcome": self.outcome, "params": self.params}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Check:
        return cls(str(data.get("key")), str(data.get("outcome")), dict(data.get("params") or {}))

    @property
    def label(self) -> str:
        return str(LABELS.get(self.key, self.key))

    @property
    def message(self) -> str:
        return _message(self)


LABELS = {
    "corporate_number": gettext_lazy("Corporate number"),
    "master": gettext_lazy("Corporation master"),
    "master_name": gettext_lazy("Name matches the master"),
    "master_prefecture": gettext_lazy("Prefecture matches the master"),
    "signer_title": gettext_lazy("Signer's authority"),
    "complete": gettext_lazy("Required sections complete"),
    "template": gettext_lazy("Current template"),
    "pending": gettext_lazy("No other pending submission"),
}


def _names_match(a: str, b: str) -> bool:
    def core(text: str) -> str:
        return _LEGAL_FORMS_RE.sub("", normalize_for_search(text)).replace(" ", "")

    return normalize_for_search(a).replace(" ", "") == normalize_for_search(b).replace(" ", "") or (
        bool(core(a)) and core(a) == core(b)
    )


@dataclass
class PrecheckCache:
    """Lookups shared by many pre-check runs (bulk loads): the master rows by number, the
    current template, and the number of waiting submissions per company."""

    corporations: dict[str, Corporation]
    current: TemplateVersion | None
    waiting_per_company: dict[int, int]

    @classmethod
    def for_declarations(cls, declarations: list[Declaration]) -> PrecheckCache:
        from django.db.models import Count

        numbers = [d.company.corporate_number for d in declarations]
        corporations: dict[str, Corporation] = {}
        for start in range(0, len(numbers), 500):
            for row in Corporation.objects.filter(
                corporate_number__in=numbers[start : start + 500]
            ):
                corporations[row.corporate_number] = row
        waiting = dict(
            Declaration.objects.filter(status=Status.SUBMITTED)
            .values_list("company_id")
            .annotate(n=Count("id"))
            .values_list("company_id", "n")
        )
        return cls(corporations, TemplateVersion.objects.current(), waiting)


def run_prechecks(declaration: Declaration, cache: PrecheckCache | None = None) -> list[Check]:
    """Every pre-check for ``declaration``, in the order reviewers read them."""
    from partnership.declarations.services import check_complete

    company = declaration.company
    checks: list[Check] = []
    number = company.corporate_number
    checks.append(
        Check("corporate_number", PASS if is_valid_corporate_number(number) else FAIL, {})
    )
    corporation = (
        cache.corporations.get(number)
        if cache is not None
        else Corporation.objects.filter(corporate_number=number).first()
    )
    name = declaration.company_name or company.name
    if corporation is None:
        checks.append(Check("master", WARN, {"state": "missing"}))
    elif corporation.deleted:
        checks.append(Check("master", FAIL, {"state": "deleted"}))
    elif corporation.close_date is not None:
        checks.append(
            Check("master", FAIL, {"state": "closed", "date": corporation.close_date.isoformat()})
        )
    else:
        checks.append(Check("master", PASS, {"state": "found"}))
    if corporation is not None:
        checks.append(
            Check(
                "master_name",
                PASS if _names_match(name, corporation.name) else WARN,
                {"declared": name, "master": corporation.name},
            )
        )
        if corporation.prefecture_code:
            checks.append(
                Check(
                    "master_prefecture",
                    PASS if corporation.prefecture_code == company.prefecture_id else WARN,
                    {"declared": company.prefecture_id, "master": corporation.prefecture_code},
                )
            )
    title = declaration.signer_title or ""
    checks.append(
        Check(
            "signer_title",
            PASS if REPRESENTATIVE_TITLE_RE.search(title) else WARN,
            {"title": title},
        )
    )
    try:
        check_complete(declaration)
        checks.append(Check("complete", PASS, {}))
    except ValidationError as error:
        checks.append(Check("complete", FAIL, {"missing": len(error.message_dict)}))
    current = cache.current if cache is not None else TemplateVersion.objects.current()
    checks.append(
        Check(
            "template",
            PASS if current is None or declaration.template_id == current.pk else WARN,
            {"used": declaration.template.code, "current": current.code if current else ""},
        )
    )
    if cache is not None:
        waiting = cache.waiting_per_company.get(company.pk, 0)
        others = waiting - (1 if declaration.status == Status.SUBMITTED else 0)
    else:
        others = (
            Declaration.objects.filter(company_id=company.pk, status=Status.SUBMITTED)
            .exclude(pk=declaration.pk)
            .count()
        )
    checks.append(Check("pending", FAIL if others else PASS, {"others": others}))
    return checks


def overall(checks: list[Check]) -> str:
    outcomes = {c.outcome for c in checks}
    return FAIL if FAIL in outcomes else WARN if WARN in outcomes else PASS


def stored_checks(declaration: Declaration) -> list[Check]:
    return [Check.from_data(d) for d in (declaration.prechecks or []) if isinstance(d, dict)]


def _message(check: Check) -> str:
    p = check.params
    key, outcome = check.key, check.outcome
    if key == "corporate_number":
        return (
            _("The check digit is valid.")
            if outcome == PASS
            else _("The check digit does not match: the number is not a valid corporate number.")
        )
    if key == "master":
        state = p.get("state")
        if state == "found":
            return _("Found in the corporation master and not closed.")
        if state == "missing":
            return _(
                "Not found in the corporation master. The master may not be imported yet, or "
                "the number may be wrong."
            )
        if state == "deleted":
            return _("The corporation master marks this number as deleted.")
        return _("The corporation master says the corporation closed on %(date)s.") % {
            "date": p.get("date", "")
        }
    if key == "master_name":
        if outcome == PASS:
            return _("The name matches the master: %(master)s.") % {"master": p.get("master")}
        return _("Declared as “%(declared)s”, but the master has “%(master)s”.") % {
            "declared": p.get("declared"),
            "master": p.get("master"),
        }
    if key == "master_prefecture":
        if outcome == PASS:
            return _("The prefecture matches the master.")
        return _("Declared prefecture %(declared)s, but the master has %(master)s.") % {
            "declared": p.get("declared"),
            "master": p.get("master"),
        }
    if key == "signer_title":
        if outcome == PASS:
            return _("“%(title)s” suggests authority to represent the company.") % {
                "title": p.get("title")
            }
        return _(
            "“%(title)s” does not look like a title with authority to represent the company "
            "(such as 代表取締役, 代表執行役, 代表社員, 代表理事, 理事長 or 組合長). Check it."
        ) % {"title": p.get("title") or "—"}
    if key == "complete":
        if outcome == PASS:
            return _("Every required answer is there.")
        return _("%(count)s required answers are missing.") % {"count": p.get("missing", "?")}
    if key == "template":
        if outcome == PASS:
            return _("Made on the current template.")
        return _("Made on template %(used)s; the current template is %(current)s.") % {
            "used": p.get("used"),
            "current": p.get("current"),
        }
    if key == "pending":
        if outcome == PASS:
            return _("The company has no other submission waiting.")
        return _("The company has another submission waiting for review.")
    return key
