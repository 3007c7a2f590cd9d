"""A declaration as a formal A4 PDF, drawn with ReportLab from a :class:`Document`.

Fonts: every text uses ReportLab's built-in Japanese CID fonts (HeiseiMin-W3 for body text,
HeiseiKakuGo-W5 for headings). They are not embedded: every PDF viewer supplies them, so Japanese
renders on a machine without any Japanese font installed, and the files stay small. ReportLab
writes them as Type0 fonts with the predefined CMap ``UniJIS-UCS2-H`` and the text as UTF-16BE,
so text extraction and copying work without a ToUnicode CMap (pypdf, for one, decodes every
``*-UCS2-*`` CMap as UTF-16BE).

Output is deterministic: the same document always gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib.enums import (  # type: ignore[import-untyped,unused-ignore]
    TA_CENTER,
    TA_JUSTIFY,
    TA_LEFT,
    TA_RIGHT,
)
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped,unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped,unused-ignore]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped,unused-ignore]
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped,unused-ignore]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped,unused-ignore]
from reportlab.platypus import (  # type: ignore[import-untyped,unused-ignore]
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from partnership.declarations.document import Document, DocumentSection

MINCHO = "HeiseiMin-W3"
GOTHIC = "HeiseiKakuGo-W5"
CREATOR = "Partnership Building Declaration Registry"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 22 * mm
FOOTER_Y = 12 * mm
BODY_SIZE = 10.5
INK = colors.black
MUTED = colors.HexColor("#666666")
MISSING = colors.HexColor("#ce0000")
RULE = colors.HexColor("#999999")

for _font in (MINCHO, GOTHIC):
    if _font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_font))

# Characters that call for CJK line breaking (break anywhere, with kinsoku rules) rather than
# breaking at spaces: CJK punctuation, kana, ideographs and full-width forms.
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def _collapse_ascii_space(text: str) -> str:
    return _ASCII_SPACE.sub(" ", text).strip(" ")


class _Paragraph(Paragraph):  # type: ignore[misc,unused-ignore]
    """A Paragraph that keeps the ideographic space (U+3000).

    ReportLab's default clean-up collapses every Unicode space to " ", which would turn
    「代表取締役　山田　太郎」 into 「代表取締役 山田 太郎」. Collapsing only ASCII white space
    keeps the text as typed; line breaks in the text are passed as ``<br/>``."""

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        super()._setup(text, style, bulletText, frags, _collapse_ascii_space)


def _markup(text: str) -> str:
    """Plain text (possibly typed by a user) as Paragraph markup: escaped, line breaks kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


class _NumberedCanvas(Canvas):  # type: ignore[misc,unused-ignore]
    """Holds every page back until the end, so each footer can say "n / N"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFont(MINCHO, 9)
            self.setFillColor(MUTED)
            self.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"{number} / {total}")
            self.restoreState()
            super().showPage()
        super().save()


class _Styles:
    """Paragraph styles for one document language."""

    def __init__(self, language: str) -> None:
        self.language = language
        body_leading = BODY_SIZE * 1.75
        self.body = ParagraphStyle(
            "body",
            fontName=MINCHO,
            fontSize=BODY_SIZE,
            leading=body_leading,
            textColor=INK,
            alignment=TA_JUSTIFY,
            spaceAfter=2 * mm,
        )
        self.preamble = ParagraphStyle(
            "preamble", parent=self.body, firstLineIndent=BODY_SIZE, spaceAfter=4 * mm
        )
        self.date = ParagraphStyle("date", parent=self.body, alignment=TA_RIGHT, spaceAfter=0)
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=GOTHIC,
            fontSize=18,
            leading=26,
            alignment=TA_CENTER,
            spaceBefore=6 * mm,
            spaceAfter=8 * mm,
        )
        self.label = ParagraphStyle(
            "label", parent=self.body, fontName=GOTHIC, fontSize=8.5, leading=12, textColor=MUTED
        )
        self.value = ParagraphStyle("value", parent=self.body, fontSize=11, leading=16)
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=GOTHIC,
            fontSize=12,
            leading=18,
            alignment=TA_LEFT,
            leftIndent=1.6 * 12,
            firstLineIndent=-1.6 * 12,
            spaceBefore=6 * mm,
            spaceAfter=2 * mm,
            keepWithNext=1,
        )
        self.section_body = ParagraphStyle("section_body", parent=self.body, leftIndent=BODY_SIZE)
        indent = BODY_SIZE * 3.2
        self.item_label = ParagraphStyle(
            "item_label",
            parent=self.body,
            fontName=GOTHIC,
            alignment=TA_LEFT,
            leftIndent=indent,
            bulletIndent=BODY_SIZE,
            bulletFontName=GOTHIC,
            bulletFontSize=BODY_SIZE,
            spaceBefore=1.5 * mm,
            spaceAfter=0.5 * mm,
            keepWithNext=1,
        )
        self.item_text = ParagraphStyle("item_text", parent=self.body, leftIndent=indent)
        self.confirmation = ParagraphStyle(
            "confirmation",
            parent=self.body,
            fontName=GOTHIC,
            alignment=TA_LEFT,
            leftIndent=BODY_SIZE,
            spaceBefore=1 * mm,
        )
        self.missing = ParagraphStyle(
            "missing", parent=self.item_text, fontName=GOTHIC, textColor=MISSING
        )
        self.closing = ParagraphStyle("closing", parent=self.body, alignment=TA_RIGHT)
        self.meta = ParagraphStyle(
            "meta",
            parent=self.body,
            fontName=GOTHIC,
            fontSize=8,
            leading=11,
            textColor=MUTED,
            spaceBefore=6 * mm,
        )

    def paragraph(self, text: str, style: Any, **overrides: Any) -> Any:
        """A paragraph of plain ``text``, wrapped the Japanese way when the document is Japanese
        or the text contains Japanese (company texts in an English document often do)."""
        if self.language == "ja" or _CJK.search(text):
            # Japanese lines are not justified: they fill up character by character already.
            alignment = TA_LEFT if style.alignment == TA_JUSTIFY else style.alignment
            overrides = {"wordWrap": "CJK", "alignment": alignment, **overrides}
        if overrides:
            style = ParagraphStyle(f"{style.name}-x", parent=style, **overrides)
        return _Paragraph(_markup(text), style)


def _signatory(document: Document, styles: _Styles) -> Any:
    rows = [
        (_("Company name"), document.company_name or "—"),
        (_("Corporate number"), document.corporate_number),
        (_("Representative's title and name"), document.signer or "—"),
    ]
    label_width, value_width = 40 * mm, 78 * mm
    table = Table(
        [
            [styles.paragraph(label, styles.label), styles.paragraph(value, styles.value)]
            for label, value in rows
        ],
        colWidths=[label_width, value_width],
        hAlign="RIGHT",
    )
    table.setStyle(
        TableStyle(
            [
                # The cells are paragraphs, but Table still selects its own font (Helvetica by
                # default) for them: name ours, so the PDF refers to no other font.
                ("FONT", (0, 0), (-1, -1), MINCHO, BODY_SIZE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _item(styles: _Styles, number: int, label: str, text: str, *, missing: str | None) -> list[Any]:
    flowables = [styles.paragraph(label or "—", styles.item_label, bulletText=f"({number})")]
    if text:
        flowables.append(styles.paragraph(text, styles.item_text))
    elif missing:
        flowables.append(styles.paragraph(missing, styles.missing))
    return flowables


def _section(section: DocumentSection, styles: _Styles) -> list[Any]:
    separator = "．" if styles.language == "ja" else ". "
    flowables: list[Any] = [
        styles.paragraph(f"{section.number}{separator}{section.heading}", styles.heading)
    ]
    if section.body:
        flowables.append(styles.paragraph(section.body, styles.section_body))
    if section.is_choice:
        if not section.has_items:
            flowables.append(styles.paragraph(_("No items chosen yet."), styles.missing))
        number = 0
        for chosen in section.chosen_items:
            number += 1
            flowables += _item(
                styles, number, chosen.label, chosen.text, missing=_("Not described yet.")
            )
        for own in section.own_items:
            number += 1
            flowables += _item(styles, number, own.title, own.text, missing=_("Not described yet."))
    elif section.is_confirm:
        for number, standard in enumerate(section.standards, start=1):
            flowables += _item(styles, number, standard.label, standard.text, missing=None)
        if section.confirmed:
            flowables.append(
                styles.paragraph(
                    "■ " + _("Compliance with the above confirmed."), styles.confirmation
                )
            )
        else:
            flowables.append(
                styles.paragraph(
                    "□ " + _("Compliance with the above not yet confirmed."),
                    styles.confirmation,
                    textColor=MISSING,
                )
            )
    elif section.text:
        flowables.append(styles.paragraph(section.text, styles.section_body))
    else:
        flowables.append(styles.paragraph(_("Not filled in yet."), styles.missing))
    return flowables


def _story(document: Document, styles: _Styles) -> list[Any]:
    story: list[Any] = [
        styles.paragraph(document.date_text, styles.date)
        if document.date_text
        else styles.paragraph(_("Date not entered yet."), styles.date, textColor=MISSING),
        styles.paragraph(document.title, styles.title),
        _signatory(document, styles),
        Spacer(0, 10 * mm),
    ]
    if document.preamble:
        story.append(styles.paragraph(document.preamble, styles.preamble))
    for section in document.sections:
        story += _section(section, styles)
    ending: list[Any] = []
    if document.closing:
        ending += [Spacer(0, 4 * mm), styles.paragraph(document.closing, styles.closing)]
    ending.append(styles.paragraph(_meta(document), styles.meta))
    # The closing ("以上") never stands alone on the last page: it goes with the last paragraph.
    return [*story[:-1], KeepTogether([story[-1], *ending])]


def _meta(document: Document) -> str:
    return _("Template %(code)s, version %(version)s") % {
        "code": document.template_code,
        "version": document.version,
    }


def render_pdf(document: Document) -> bytes:
    """The declaration as an A4 PDF: date top right, title centred, company and signer block,
    preamble, numbered sections, closing, "n / N" page numbers and document metadata
    (title, author = company name, subject, language). Labels are in the document's language."""
    with translation.override(document.language):
        styles = _Styles(document.language)
        story = _story(document, styles)
        subject = f"{document.title} ({_meta(document)})"
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=" - ".join(part for part in (document.title, document.company_name) if part),
        author=document.company_name,
        subject=subject,
        keywords=[document.corporate_number, document.template_code],
        creator=CREATOR,
        lang=document.language,
        displayDocTitle=True,
        initialFontName=MINCHO,
        pageCompression=1,
        invariant=True,
    )
    template.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
