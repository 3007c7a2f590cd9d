"""The forms of an HTML page, read as a browser would submit them (for the load test).

Only what the registry's pages use: ``input`` (checked boxes and radios only), ``select``
(selected options, else the first of a single select), ``textarea`` and named submit buttons,
which are left out unless the caller presses one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SUBMIT_TYPES = {"submit", "image"}
SKIPPED_TYPES = {"file", "reset", "button"}


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Named submit buttons as (name, value): the caller chooses the one it presses.
    buttons: list[tuple[str, str]] = field(default_factory=list)
    # Every checkbox, checked or not, as (name, value): for filling in required boxes.
    checkboxes: list[tuple[str, str]] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def set(self, name: str, value: str) -> None:
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, value)]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._options: list[tuple[str, bool]] = []
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in SUBMIT_TYPES:
                form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                if kind == "checkbox":
                    form.checkboxes.append((name, value))
                if "checked" in a:
                    form.fields.append((name, value))
            elif kind not in SKIPPED_TYPES:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select = (name, "multiple" in a)
            self._options = []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = name
            self._textarea_text = ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def _close_option(self) -> None:
        if self._option is not None:
            value, selected = self._option
            self._options.append(
                (value if value is not None else self._option_text.strip(), selected)
            )
            self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None and self._form is not None:
            self._close_option()
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.fields.extend((name, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A newline right after <textarea> is not part of the value.
            text = self._textarea_text
            self._form.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    """Every form of ``html``, in page order."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, *, action_contains: str = "", field_name: str = "") -> Form | None:
    """The first post form whose action contains ``action_contains`` and that has a field (or
    button) named ``field_name``."""
    for form in forms(html):
        if form.method != "post" or action_contains not in form.action:
            continue
        names = {n for n, _ in form.fields} | {n for n, _ in form.buttons}
        if not field_name or field_name in names:
            return form
    return None
