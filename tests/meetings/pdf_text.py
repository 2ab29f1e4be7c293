"""Reading our PDFs back as text, for tests: pdftotext, with its known quirks undone."""

import re
import subprocess

from tests.browser import require_tool

# pdftotext wraps right-to-left runs in embedding marks and reverses the lam-alef ligature
# ("لا" comes out as "ال"); we compare words, not layout, so both are normalized away.
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(pdf: bytes) -> str:
    executable = require_tool("pdftotext", "PDF text tests")
    result = subprocess.run([executable, "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8").translate(_MARKS)


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    return pdf_text(pdf).split("\f")[:-1]


# pdftotext also moves the space between a digit run or a Latin run and a Persian word ("۱مصوب",
# "HSEQتهیه"), so digit runs, Latin runs and Persian runs are words of their own.
_WORD = re.compile(r"\d+|[A-Za-z]+|[^\W\dA-Za-z_]+")


def words(text: str) -> list[str]:
    """Words (letter runs) and numbers (digit runs), lam-alef normalized and ZWNJ dropped (as pdftotext
    drops it), in reading order."""
    return _WORD.findall(text.replace("لا", "ال").replace("\u200c", ""))


def contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    """``needle`` appears in ``haystack`` as a subsequence (other words may come between)."""
    position = 0
    for word in haystack:
        if position < len(needle) and word == needle[position]:
            position += 1
    return position == len(needle)


def page_count(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def font_names(pdf: bytes) -> set[str]:
    """The base names of every font the PDF uses."""
    from io import BytesIO

    from pypdf import PdfReader

    names = set()
    for pdf_page in PdfReader(BytesIO(pdf)).pages:
        fonts = pdf_page.get("/Resources", {}).get_object().get("/Font", {})
        for font in fonts.get_object().values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names
