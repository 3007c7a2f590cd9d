"""Set Japanese translations in the catalogue and clear their fuzzy flags.

    .venv/bin/python scripts/po_set.py 'msgid=msgstr' ...
    .venv/bin/python scripts/po_set.py --json translations.json      ({"msgid": "msgstr", ...})
    .venv/bin/python scripts/po_set.py --untranslated                 (list what is missing)

Entries are matched on their whole msgid, however makemessages wrapped it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/ja/LC_MESSAGES/django.po"
_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unquote(lines: list[str]) -> str:
    text = "".join(m.group(1) for line in lines for m in [_STRING_RE.search(line)] if m)
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


class Entry:
    def __init__(self, lines: list[str]) -> None:
        self.comments: list[str] = []
        self.parts: dict[str, list[str]] = {}
        current = ""
        for line in lines:
            if line.startswith("#"):
                self.comments.append(line)
                continue
            keyword = line.split(" ", 1)[0]
            if keyword in ("msgctxt", "msgid", "msgid_plural") or keyword.startswith("msgstr"):
                current = keyword
                self.parts[current] = [line]
            else:
                self.parts[current].append(line)

    @property
    def msgid(self) -> str:
        return unquote(self.parts.get("msgid", []))

    @property
    def translated(self) -> bool:
        strs = [k for k in self.parts if k.startswith("msgstr")]
        return bool(strs) and all(unquote(self.parts[k]) for k in strs)

    @property
    def fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in c for c in self.comments)

    def set(self, msgstr: str) -> None:
        self.comments = [c for c in self.comments if not c.startswith("#|")]
        cleaned = []
        for c in self.comments:
            if c.startswith("#,"):
                flags = [f.strip() for f in c[2:].split(",") if f.strip() != "fuzzy"]
                if flags:
                    cleaned.append("#, " + ", ".join(flags))
            else:
                cleaned.append(c)
        self.comments = cleaned
        if "msgid_plural" in self.parts:
            for key in [k for k in self.parts if k.startswith("msgstr")]:
                self.parts[key] = [f"{key} {quote(msgstr)}"]
        else:
            self.parts["msgstr"] = [f"msgstr {quote(msgstr)}"]

    def lines(self) -> list[str]:
        return self.comments + [line for part in self.parts.values() for line in part]


def read() -> list[Entry]:
    blocks = PO.read_text(encoding="utf-8").strip("\n").split("\n\n")
    return [Entry(block.split("\n")) for block in blocks]


def write(entries: list[Entry]) -> None:
    PO.write_text("\n\n".join("\n".join(e.lines()) for e in entries) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="*")
    parser.add_argument("--json", action="append", default=[])
    parser.add_argument("--untranslated", action="store_true")
    args = parser.parse_args()
    entries = read()
    if args.untranslated:
        for entry in entries[1:]:
            if not entry.translated or entry.fuzzy:
                print(json.dumps(entry.msgid, ensure_ascii=False))
        return
    wanted: dict[str, str] = {}
    for path in args.json:
        wanted.update(json.loads(Path(path).read_text(encoding="utf-8")))
    for pair in args.pairs:
        msgid, msgstr = pair.split("=", 1)
        wanted[msgid] = msgstr
    by_id = {e.msgid: e for e in entries[1:]}
    missing = [m for m in wanted if m not in by_id]
    for msgid, msgstr in wanted.items():
        if msgid in by_id:
            by_id[msgid].set(msgstr)
    write(entries)
    if missing:
        print("not in the catalogue (run make messages first?):", file=sys.stderr)
        for m in missing:
            print("  " + json.dumps(m, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
