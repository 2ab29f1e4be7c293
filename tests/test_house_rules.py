"""The house rules CONTRIBUTING states, checked on the source: every write to domain data is in an
actions module (or one of the named infrastructure modules), and no app wires a model signal."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["secretariat", "meetings", "committees", "resolutions"]
WRITE = re.compile(r"\.(save|create|update|delete|bulk_create|bulk_update|get_or_create|update_or_create)\(")
# Calls with these names that are not database writes (a hash, a dict, a set, a file or workbook).
NOT_A_WRITE = re.compile(
    r"(digest|context|error_messages|seen|names|initial|WORD_NUMBERS|workbook|self\.document|out|storage|posted|"
    r"wanted\[[^]]+\])\.(update|save|delete)\(|\.update\(\{"
)
# Infrastructure, not domain data (CONTRIBUTING, "Where things live"), and the demo loader.
ALLOWED = {
    "meetings/demo.py",
    "meetings/minutes/drafts.py",
    "meetings/signing/certificates.py",  # the registry of the certificates the seal has used
    "meetings/models.py",  # Meeting.raise_version: the edit number the actions of both apps raise
    "resolutions/models.py",  # the guard that refuses to save a resolution read from a revision
    "secretariat/audit.py",
    "secretariat/documents.py",
    "secretariat/files.py",
    "secretariat/jobs.py",
    "secretariat/layout.py",
    "secretariat/locking.py",
    "secretariat/mail.py",
    "secretariat/notifications.py",
    "secretariat/sending.py",
    "secretariat/views.py",  # one's own notifications marked read
    "secretariat/backup.py",
    # Derived data recomputed inside the actions that change what it follows from.
    "resolutions/numbering.py",  # the register numbers
    "resolutions/reporting.py",  # the next periodic report's date
    "secretariat/management/commands/db_worker.py",
    "secretariat/management/commands/prune_stored_documents.py",
}


def sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_domain_data_is_written_only_in_actions_modules():
    strays = [
        f"{name}:{number}: {line.strip()}"
        for name, text in sources()
        if not (name.endswith("actions.py") or name in ALLOWED)
        for number, line in enumerate(text.splitlines(), start=1)
        if WRITE.search(line) and not NOT_A_WRITE.search(line) and not line.lstrip().startswith(("#", '"'))
    ]
    assert strays == []


def test_no_app_wires_a_model_signal():
    wired = [name for name, text in sources() if re.search(r"\b(post|pre)_(save|delete)\b", text)]
    assert wired == []


def test_no_app_module_is_imported_inside_a_function_to_dodge_a_cycle():
    inside = [
        f"{name}:{number}: {line.strip()}"
        for name, text in sources()
        if not name.endswith("/apps.py")  # AppConfig.ready imports once the apps are loaded, as Django asks
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s{4,}(from|import) (meetings|committees|resolutions|secretariat)\b", line)
    ]
    assert inside == []


def test_no_translated_string_is_hidden_inside_an_f_string():
    """``makemessages`` (xgettext) does not look inside f-strings: a ``_("…")`` there never reaches
    the catalogue, and the page shows it in English."""
    hidden = []
    for name, text in sources():
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING and token.string[:2].lower() in ("f'", 'f"', "rf", "fr"):
                if re.search(r"\{[^}]*\b(_|gettext|gettext_lazy|pgettext|ngettext)\(", token.string):
                    hidden.append(f"{name}:{token.start[0]}")
    assert hidden == []
