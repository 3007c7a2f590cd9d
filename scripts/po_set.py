"""Set Japanese translations in the catalogue: po_set.py 'msgid=msgstr' ... (clears fuzzy)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/ja/LC_MESSAGES/django.po"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> None:
    text = PO.read_text(encoding="utf-8")
    for arg in sys.argv[1:]:
        msgid, msgstr = arg.split("=", 1)
        pattern = re.compile(
            r'(?:#, fuzzy\n)?(?:#\| msgid .*\n(?:#\| ".*\n)*)?(msgid '
            + re.escape(quote(msgid))
            + r'\n)msgstr (?:".*"\n)+'
        )
        replacement = f"msgstr {quote(msgstr)}\n"
        text, count = pattern.subn(lambda m, r=replacement: m.group(1) + r, text)
        if count != 1:
            sys.exit(f"{msgid!r}: {count} matches")
    PO.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
