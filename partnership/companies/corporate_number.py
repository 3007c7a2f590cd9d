"""The corporate number (法人番号): the one validation used everywhere.

People type numbers with hyphens, spaces (including the ideographic space) and full-width
digits; we accept those and normalise to the 13 ASCII digits that are stored. The checks and
check-digit arithmetic are python-stdnum's ``jp.cn``; we add the normalisation and messages
that tell the user exactly what is wrong, in their language.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.jp import cn as stdnum_cn

LENGTH = 13
_SEPARATORS_RE = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d]")


class CorporateNumberError(ValidationError):
    """A corporate number that cannot be accepted. ``code`` is one of
    ``empty``, ``length``, ``digits``, ``checksum``."""


def normalize_corporate_number(raw: str) -> str:
    """Fold what a person typed to plain ASCII: NFKC (full-width digits become ASCII) and no
    separators. Does not validate."""
    return _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", raw or ""))


def validate_corporate_number(raw: str) -> str:
    """Return the normalised 13-digit number or raise :class:`CorporateNumberError`."""
    number = normalize_corporate_number(raw)
    if not number:
        raise CorporateNumberError(_("Enter a corporate number."), code="empty")
    if not number.isascii() or not number.isdigit():
        raise CorporateNumberError(
            _("A corporate number contains only digits (hyphens and spaces are allowed)."),
            code="digits",
        )
    if len(number) != LENGTH:
        raise CorporateNumberError(
            _("A corporate number has 13 digits; this one has %(count)d.") % {"count": len(number)},
            code="length",
        )
    try:
        return str(stdnum_cn.validate(number))
    except stdnum_cn.InvalidChecksum:
        raise CorporateNumberError(
            _(
                "The check digit (the first digit) does not match: please check the number "
                "for a typing error."
            ),
            code="checksum",
        ) from None


def is_valid_corporate_number(raw: str) -> bool:
    try:
        validate_corporate_number(raw)
    except CorporateNumberError:
        return False
    return True


def with_check_digit(body: str) -> str:
    """Complete a 12-digit body with its check digit (used for demo data and tests).

    The body is 12 ASCII digits, the stored form: ``str.isdigit`` alone would also let through
    other scripts' digits, which give a number the validator refuses."""
    if len(body) != LENGTH - 1 or not (body.isascii() and body.isdigit()):
        raise ValueError("body must be 12 ASCII digits")
    return str(stdnum_cn.calc_check_digit(body)) + body


def format_corporate_number(number: str) -> str:
    """The usual display form, e.g. 5-8356-7825-6246."""
    return str(stdnum_cn.format(number))


def corporate_number_validator(value: str) -> None:
    """Model/form field validator for stored (already normalised) numbers."""
    if normalize_corporate_number(value) != value:
        raise CorporateNumberError(_("Store the normalised 13-digit form."), code="digits")
    validate_corporate_number(value)


# Weighted digit sums of every three-digit group, for the bulk check below: the 12 digits
# after the check digit are weighted 2,1,2 | 1,2,1 | 2,1,2 | 1,2,1 (1 on the rightmost).
_GROUP_212 = {f"{i:03d}": 2 * (i // 100) + (i // 10 % 10) + 2 * (i % 10) for i in range(1000)}
_GROUP_121 = {f"{i:03d}": (i // 100) + 2 * (i // 10 % 10) + (i % 10) for i in range(1000)}


def has_valid_check_digit(number: str) -> bool:
    """True when ``number`` is 13 ASCII digits whose first digit is the right check digit.

    The same arithmetic as :func:`validate_corporate_number`, for already-normalised numbers
    read in bulk (the corporation master has millions of rows): about ten times faster, and it
    neither normalises nor explains."""
    if len(number) != LENGTH or not number.isascii() or not number.isdigit():
        return False
    total = (
        _GROUP_212[number[1:4]]
        + _GROUP_121[number[4:7]]
        + _GROUP_212[number[7:10]]
        + _GROUP_121[number[10:13]]
    )
    return ord(number[0]) - 48 == 9 - total % 9
