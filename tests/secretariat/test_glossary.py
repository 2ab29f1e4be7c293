"""The Persian catalogue uses the glossary's words (GLOSSARY.md): one term for one thing."""

from __future__ import annotations

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "fa" / "LC_MESSAGES" / "django.po"

# A word the glossary rules out, and the term it names instead.
RULED_OUT = {
    "رایانامه": "ایمیل",
    "پرونده": "فایل",
    "رمز عبور": "گذرواژه",
    "ویراست": "ویرایش",
    "رد پیشنهاد": "نپذیرفتن",
}


def translations():
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry.msgid, text


def test_no_translation_uses_a_word_the_glossary_rules_out():
    found = [
        f"{word} (say {term}): {msgid[:60]!r}"
        for msgid, text in translations()
        for word, term in RULED_OUT.items()
        if word in text
    ]
    assert found == []


def test_an_item_due_is_never_called_a_proposal():
    """«مورد سررسید» is the system's suggestion; «پیشنهاد» only a member's proposal."""
    wrong = [msgid for msgid, text in translations() if "suggest" in msgid.lower() and "پیشنهاد" in text]
    assert wrong == []


# Names written in Latin letters in Persian text too: formats, standards, encodings and fonts.
LATIN_NAMES = re.compile(
    r"^(API|OpenAPI|Authorization|Bearer|ISO|HSEQ|OHSAS|SHA|DER|RFC|JSON|pkcs|PKCS|PDF|A4|UTF|QR|DOCX|docx|doc|PNG|JPEG|JPG|txt|Windows|XLSX|Nazanin|Lotus|Vazirmatn|zip|pdf|png|jpg|Word|Tesseract|tesseract|ocr|fas|poppler|utils)$"
)
# Placeholders, markup and entities are not words of the text.
NOT_TEXT = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&[a-z]+;")


def test_no_translation_leaves_an_english_word_in_persian_text():
    found = [
        f"{word}: {text[:80]!r}"
        for _msgid, text in translations()
        for word in re.findall(r"[A-Za-z]{2,}", NOT_TEXT.sub("", text))
        if not LATIN_NAMES.match(word)
    ]
    assert found == []
