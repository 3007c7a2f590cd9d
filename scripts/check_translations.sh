#!/usr/bin/env bash
# Fails when the Japanese catalogue is out of date with the source, has untranslated or fuzzy
# entries, or when the committed .mo is not the compiled .po. Needs gettext (CI installs it);
# a fresh machine running the site needs nothing, because the .mo is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
PO=locale/ja/LC_MESSAGES/django.po
MO=locale/ja/LC_MESSAGES/django.mo
tmp=$(mktemp -d)
trap 'cp "$tmp/committed.po" "$PO"; rm -rf "$tmp"' EXIT
cp "$PO" "$tmp/committed.po"
DEBUG=1 .venv/bin/python manage.py makemessages -l ja --no-location --ignore=.venv --ignore=var -v 0
cp "$PO" "$tmp/source.po"
cp "$tmp/committed.po" "$PO"
status=0
if ! msgcmp "$tmp/committed.po" "$tmp/source.po" 2>"$tmp/msgcmp.txt"; then
  echo "Source strings missing from $PO (run: make messages, then translate):"; cat "$tmp/msgcmp.txt"; status=1
fi
if [ -n "$(msgattrib --untranslated --no-obsolete "$PO")" ]; then
  echo "Untranslated entries in $PO:"; msgattrib --untranslated --no-obsolete "$PO"; status=1
fi
if [ -n "$(msgattrib --only-fuzzy --no-obsolete "$PO")" ]; then
  echo "Fuzzy entries in $PO:"; msgattrib --only-fuzzy --no-obsolete "$PO"; status=1
fi
msgfmt --check -o "$tmp/compiled.mo" "$PO"
if ! cmp -s "$tmp/compiled.mo" "$MO"; then
  echo "$MO is not the compiled $PO (run: make messages)"; status=1
fi
exit $status
