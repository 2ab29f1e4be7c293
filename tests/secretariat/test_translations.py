"""The Persian catalogue is complete and its compiled file matches it."""

import shutil
import subprocess

import pytest

from secretariat.translation_check import LOCALE, problems_in


def test_persian_catalogue_is_complete_and_compiled():
    assert problems_in(LOCALE / "fa" / "LC_MESSAGES" / "django.po") == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs msgfmt from gettext")
def test_the_check_finds_untranslated_fuzzy_and_uncompiled_messages(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "present"\nmsgstr "حاضر"\n\n'
        'msgid "absent"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "guest"\nmsgstr "مهمان"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(po)], check=True)
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "late"\nmsgstr "دیر"\n', encoding="utf-8")
    problems = problems_in(po)
    assert any(p.startswith("untranslated: 'absent'") for p in problems)
    assert any(p.startswith("fuzzy: 'guest'") for p in problems)
    assert any(p.startswith("not compiled") and "'late'" in p for p in problems)
    assert not any("'present'" in p for p in problems)
