"""``python -m secretariat.translation_check``: the Persian catalogue is complete and compiled.

Fails when a message has no Persian translation, is marked fuzzy, or the committed ``.mo``
file does not hold the ``.po`` file's translations (someone forgot ``compilemessages``).
"""

from __future__ import annotations

import ast
import gettext
import re
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _joined(lines: list[str]) -> str:
    return "".join(ast.literal_eval(match) for line in lines for match in _STRING.findall(line))


def entries(po_file: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every non-obsolete message of a .po file; a message with a
    context has its msgid prefixed by the context, as the compiled catalogue keys it.

    A plural message gives one entry per form, its msgid suffixed with "[n]" and its msgstr
    empty if any form is untranslated.
    """
    result = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            keyword = line.split(" ", 1)[0]
            if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr") or keyword.startswith("msgstr["):
                current = keyword
                fields[current] = [line]
            elif current:
                fields[current].append(line)
        msgid = _joined(fields.get("msgid", []))
        if not msgid:
            continue
        if "msgctxt" in fields:  # gettext keys a message with a context as "context\x04msgid"
            msgid = f"{_joined(fields['msgctxt'])}\x04{msgid}"
        if "msgstr" in fields:
            result.append((msgid, _joined(fields["msgstr"]), fuzzy))
        for keyword in sorted(key for key in fields if key.startswith("msgstr[")):
            result.append((f"{msgid}{keyword[6:]}", _joined(fields[keyword]), fuzzy))
    return result


def problems_in(po_file: Path) -> list[str]:
    problems = []
    mo_file = po_file.with_suffix(".mo")
    if not mo_file.exists():
        return [f"{mo_file} is missing: run compilemessages"]
    with mo_file.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, fuzzy in entries(po_file):
        if fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not msgstr:
            problems.append(f"untranslated: {msgid!r}")
        elif "[" not in msgid and compiled.gettext(msgid) != msgstr:
            problems.append(f"not compiled (run compilemessages): {msgid!r}")
    return problems


def main() -> int:
    problems = [problem for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")) for problem in problems_in(po)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problems", file=sys.stderr)
        return 1
    print("translations complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
