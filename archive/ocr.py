"""OCR of a scanned page: Tesseract with its Persian data (``fas``), line by line with confidence.

Tesseract runs as a program (``tesseract stdin stdout -l fas --psm 6 tsv``) with a timeout and one
thread (``OMP_THREAD_LIMIT=1``: on two cores its own threads made a page four times slower). Its
TSV gives each word with its place, paragraph and confidence; a line's confidence is that of its
least certain word, since one misread digit is what makes a date wrong. A line under
``UNSURE_BELOW``, or holding digits, is marked for staff to check beside the page's image.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from archive.pdf_layer import LABEL, starts_item
from secretariat.persian import localize_digits, to_ascii_digits, to_persian_digits

LANGUAGE = "fas"
PAGE_SECONDS = 120
# Below this (Tesseract's 0–100) a line is checked by a person. On the corpus's scans a word
# read wrong had 14–92, one read right 0–97: no threshold parts them, so this one is high.
UNSURE_BELOW = 90
_DIGIT = re.compile(r"[0-9۰-۹٠-٩]")


class OcrFailed(ValueError):
    """Tesseract could not read the page; the message is for the user."""


@dataclass
class Line:
    """One line as OCR read it: where it is (page, box in pixels of an image ``width`` × ``height``)
    and how sure it was (0–100). ``paragraph`` groups the lines of one paragraph of the page."""

    page: int
    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    page_width: int
    page_height: int
    paragraph: str = ""
    text_line: int = 0  # the line of the read text that holds it (1-based), set by paragraphs_text

    @property
    def unsure(self) -> bool:
        """Checked by a person: OCR was unsure of a word, or the line holds digits — Tesseract's
        Persian model reads ۲ as ۳ (and ۴ as ۳) as confidently as it reads them right, and dates
        and numbers are the facts that matter most."""
        return self.confidence < UNSURE_BELOW or bool(_DIGIT.search(self.text))

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> Line:
        return cls(**{key: values[key] for key in cls.__dataclass_fields__ if key in values})


@dataclass
class PageRead:
    image: bytes
    lines: list[Line]


def available() -> bool:
    """Tesseract is installed with its Persian data (what ``make run``'s system check says)."""
    from secretariat.system_check import ocr_problem

    return ocr_problem() is None


def read_page(image: bytes, *, page_number: int = 1) -> PageRead:
    """Read one page's image (PNG, JPEG or TIFF)."""
    program = shutil.which("tesseract")
    if program is None:
        raise OcrFailed(_("Tesseract is not installed on this server."))
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [program, "stdin", "stdout", "-l", LANGUAGE, "--psm", "6", "tsv"],
            input=image,
            capture_output=True,
            timeout=PAGE_SECONDS,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrFailed(
            _("Reading page %(page)s took more than %(seconds)s seconds and was stopped.")
            % {"page": localize_digits(page_number), "seconds": localize_digits(PAGE_SECONDS)}
        ) from None
    if done.returncode != 0:
        raise OcrFailed(
            _("Page %(page)s is not an image that can be read.") % {"page": localize_digits(page_number)}
        )
    return PageRead(image=image, lines=lines_of_tsv(done.stdout.decode("utf-8", "replace"), page_number))


def lines_of_tsv(tsv: str, page_number: int) -> list[Line]:
    """Tesseract's TSV as lines, in reading order (Tesseract lists a right-to-left line's words in
    reading order)."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    page_width = page_height = 0
    words: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        if row.get("level") == "1":
            page_width, page_height = int(row["width"]), int(row["height"])
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        words.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines = []
    for (block, paragraph, _line), line_words in words.items():
        left = min(int(word["left"]) for word in line_words)
        top = min(int(word["top"]) for word in line_words)
        right = max(int(word["left"]) + int(word["width"]) for word in line_words)
        bottom = max(int(word["top"]) + int(word["height"]) for word in line_words)
        lines.append(
            Line(
                page=page_number,
                text=" ".join(word["text"].strip() for word in line_words),
                confidence=round(min(float(word["conf"]) for word in line_words), 1),
                left=left,
                top=top,
                width=right - left,
                height=bottom - top,
                page_width=page_width,
                page_height=page_height,
                paragraph=f"{page_number}.{block}.{paragraph}",
            )
        )
    return lines


def paragraphs_text(lines: list[Line]) -> str:
    """The lines joined into paragraphs, one a line: Tesseract's paragraphs, split where a line
    begins an item or a label (Tesseract joins a full-width line to the item after it). Each
    line learns which line of the text holds it; what OCR is known to misread is mended
    (``mend``)."""
    paragraphs: list[list[Line]] = []
    previous = None
    for line in lines:
        line.text = _mend_commas(line.text)
        if not paragraphs or line.paragraph != previous or starts_item(line.text) or LABEL.match(line.text):
            paragraphs.append([])
        paragraphs[-1].append(line)
        line.text_line = len(paragraphs)
        previous = line.paragraph
    _mend_item_numbers([parts[0] for parts in paragraphs])
    return "\n".join(" ".join(line.text for line in parts) for parts in paragraphs)


def _mend_commas(text: str) -> str:
    """A Persian comma «،» read as a closing guillemet with no opening one."""
    return text if "«" in text else text.replace("»", "،")


# An item's marker as OCR reads it: a number, nothing, or what it reads for a lost ۱ or ۴.
_NUMBERED = re.compile(r"^(?P<number>[0-9۰-۹٠-٩]{0,3}|ع|[(|!])\s*(?P<mark>[).\-–])\s")
_MISREAD_NUMBER = ("", "ع", "(", "|", "!")


def _mend_item_numbers(firsts: list[Line]) -> None:
    """An item whose number OCR lost («) مصوب شد…») or misread («ع)» for «۴)», «(-» for «۱-»)
    takes the number its neighbour implies — the paragraph before, if an item marked alike, or
    else the one after — and is marked unsure."""
    items = [_NUMBERED.match(line.text) for line in firsts]

    def numbered(position: int, mark: str) -> int | None:
        if 0 <= position < len(items):
            match = items[position]
            if match and match["number"].isdigit() and match["mark"] == mark:
                return int(to_ascii_digits(match["number"]))
        return None

    for position, (line, match) in enumerate(zip(firsts, items, strict=True)):
        if match is None or match["number"] not in _MISREAD_NUMBER:
            continue
        if match["mark"] in "-–" and not match["number"]:
            continue  # a dash bullet
        before, after = numbered(position - 1, match["mark"]), numbered(position + 1, match["mark"])
        number = before + 1 if before is not None else after - 1 if after is not None else None
        if number:
            line.text = to_persian_digits(number) + line.text[match.start("mark") :]
            line.confidence = min(line.confidence, UNSURE_BELOW - 1)
            items[position] = _NUMBERED.match(line.text)
