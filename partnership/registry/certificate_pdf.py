"""The publication certificate (公表証明書) as an A4 PDF, drawn with ReportLab.

Same fonts as the declaration PDF (:mod:`partnership.declarations.pdf`): the built-in Japanese
CID fonts, not embedded, so Japanese renders and extracts everywhere. The issue time is passed
in, never read from the clock here: the same certificate data always gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped,unused-ignore]
from reportlab.platypus import (  # type: ignore[import-untyped,unused-ignore]
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from partnership.declarations.document import normalize_language
from partnership.declarations.pdf import (
    _CJK,
    CREATOR,
    GOTHIC,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MINCHO,
    MUTED,
    PAGE_WIDTH,
    RULE,
    _markup,
    _NumberedCanvas,
    _Paragraph,
)
from partnership.registry.declaration_selectors import Certificate
from partnership.registry.templatetags.public_pages import format_jst_datetime

BODY_SIZE = 10.5
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X


class _Styles:
    def __init__(self, language: str) -> None:
        self.language = language
        self.body = ParagraphStyle(
            "body",
            fontName=MINCHO,
            fontSize=BODY_SIZE,
            leading=BODY_SIZE * 1.7,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=2 * mm,
        )
        self.issued = ParagraphStyle("issued", parent=self.body, alignment=TA_RIGHT)
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=GOTHIC,
            fontSize=20,
            leading=28,
            alignment=TA_CENTER,
            spaceBefore=8 * mm,
            spaceAfter=10 * mm,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=GOTHIC,
            fontSize=12,
            leading=18,
            spaceBefore=6 * mm,
            spaceAfter=2 * mm,
            keepWithNext=1,
        )
        self.label = ParagraphStyle(
            "label", parent=self.body, fontName=GOTHIC, fontSize=9, leading=13, spaceAfter=0
        )
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=11, leading=16, spaceAfter=0)
        self.note = ParagraphStyle(
            "note", parent=self.body, fontSize=9, leading=14, textColor=MUTED, spaceAfter=1 * mm
        )
        # A URL may break anywhere rather than run off the page.
        self.url = ParagraphStyle("url", parent=self.body, fontName=GOTHIC, wordWrap="CJK")
        self.issuer = ParagraphStyle(
            "issuer", parent=self.body, fontName=GOTHIC, alignment=TA_RIGHT, spaceBefore=10 * mm
        )

    def p(self, text: str, style: Any) -> Any:
        """Japanese text wraps between characters; English text at spaces."""
        if style.wordWrap != "CJK" and (self.language == "ja" or _CJK.search(text)):
            style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
        return _Paragraph(_markup(text), style)


def _table(rows: list[list[Any]], widths: list[float], *, header: bool) -> Any:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        # Cells are paragraphs, but Table still picks its own font: name ours.
        ("FONT", (0, 0), (-1, -1), MINCHO, BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, INK))
    table.setStyle(TableStyle(commands))
    return table


def _story(
    certificate: Certificate, language: str, check_url: str, verify_url: str, s: _Styles
) -> list[Any]:
    issued = format_jst_datetime(certificate.issued_at, language)
    company_rows = [[_("Company name"), certificate.company_name]]
    if language == "en" and certificate.company_name_en:
        company_rows.append([_("English name"), certificate.company_name_en])
    company_rows.append([_("Corporate number"), certificate.corporate_number])
    interval_rows: list[list[Any]] = [
        [s.p(_("No."), s.label), s.p(_("From"), s.label), s.p(_("To"), s.label)]
    ]
    for number, (start, end) in enumerate(certificate.intervals, start=1):
        interval_rows.append(
            [
                s.p(str(number), s.cell),
                s.p(format_jst_datetime(start, language), s.cell),
                s.p(format_jst_datetime(end, language) if end else _("to present"), s.cell),
            ]
        )
    return [
        s.p(
            f"{_('Issued at')}：{issued}{_('(Japan time)')}"
            if language == "ja"
            else f"{_('Issued at')}: {issued} {_('(Japan time)')}",
            s.issued,
        ),
        s.p(_("Certificate of publication"), s.title),
        s.p(
            _(
                "This certifies that the Declaration of Partnership Building of the company "
                "below was published in this registry during the periods listed."
            ),
            s.body,
        ),
        Spacer(0, 4 * mm),
        _table(
            [[s.p(label, s.label), s.p(value, s.cell)] for label, value in company_rows],
            [40 * mm, TEXT_WIDTH - 40 * mm],
            header=False,
        ),
        s.p(_("Periods of publication"), s.heading),
        _table(interval_rows, [14 * mm, *[(TEXT_WIDTH - 14 * mm) / 2] * 2], header=True),
        Spacer(0, 2 * mm),
        s.p(_("All dates and times are Japan Standard Time (JST)."), s.note),
        s.p(
            _("At the time of issue, the declaration is published.")
            if certificate.published_now
            else _("At the time of issue, the declaration is not published."),
            s.body,
        ),
        KeepTogether(
            [
                s.p(_("How to check this certificate"), s.heading),
                s.p(_("The current state of this certificate is shown at:"), s.body),
                s.p(check_url, s.url),
                s.p(
                    _(
                        "Whether the company was declared on any given date can be checked at "
                        "%(url)s."
                    )
                    % {"url": verify_url},
                    s.body,
                ),
                s.p(
                    _(
                        "A declaration is the company's own statement. The registry checks its "
                        "form, not whether the company keeps it."
                    ),
                    s.note,
                ),
                s.p(_("Partnership Building Declaration Registry"), s.issuer),
            ]
        ),
    ]


def render_certificate_pdf(
    certificate: Certificate, *, language: str, check_url: str, verify_url: str
) -> bytes:
    """The certificate as an A4 PDF in ``language`` ("ja" or "en"): issue date and time, title,
    statement, company, numbered periods of publication (JST; "to present" for an open one),
    status at issue, where to check it, and the issuer. Deterministic for the same arguments."""
    language = normalize_language(language)
    with translation.override(language):
        story = _story(certificate, language, check_url, verify_url, _Styles(language))
        title = _("Certificate of publication")
        issuer = _("Partnership Building Declaration Registry")
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{title} - {certificate.company_name}",
        author=issuer,
        subject=f"{title}: {certificate.company_name} ({certificate.corporate_number})",
        keywords=[certificate.corporate_number],
        creator=CREATOR,
        lang=language,
        displayDocTitle=True,
        initialFontName=MINCHO,
        pageCompression=1,
        invariant=True,
    )
    template.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
