"""The text layer of a PDF in reading order: ``python -m archive.pdf_layer < file.pdf`` prints it,
one paragraph a line. Run as its own process, so that the caller can give it a timeout.

A PDF keeps Persian glyphs in the order they are drawn, right to left drawn from the left, and a
ligature such as «لا» as one glyph whose text is already in reading order. Tools that reverse the
line character by character (``pdftotext``) turn «اسلامی» into «اسالمی». Here each line's glyphs
(pdfminer) are put back in reading order glyph by glyph: the line is reversed, except for runs of
digits or Latin letters, which are read left to right (a bracket's glyph already faces the
way it reads). Lines are joined into paragraphs where a line runs to the left margin, and split
where a line begins an item.
"""

from __future__ import annotations

import io
import itertools
import re
import sys

MAX_PAGES = 60  # archive.reading.MAX_PAGES: a longer PDF is refused before it is read

ITEM = re.compile(
    r"^\s*(?:[(]?[0-9۰-۹٠-٩]{1,3}\s*[-–ـ).]|[-•*▪]\s|(?:الف|ب|پ|ج|د|ه)\s*[-–)]"
    r"|(?:ماده|بند|تبصره)\s*[0-9۰-۹٠-٩]*\s*[-–:])"
)
# A label opening a line: up to four words and a colon («اعضای حاضر:», «تاریخ جلسه:»).
LABEL = re.compile(r"^\s*[^\s:،.]+(?:\s+[^\s:،.]+){0,3}\s*:")
SENTENCE_END = re.compile(r"[.:!؟?]\s*$")
_LEFT_TO_RIGHT = re.compile(r"[0-9۰-۹٠-٩A-Za-z]")
_LATIN = re.compile(r"[A-Za-z]")
_INSIDE_A_NUMBER = "/:.,٫٬-"


def starts_item(text: str) -> bool:
    """The line begins a numbered, lettered or bulleted item, so it begins a paragraph."""
    return bool(ITEM.match(text))


def begins_paragraph(previous: str, text: str) -> bool:
    """``text`` cannot go on from the line ``previous``: it begins an item or a label, or the
    line before it ended a sentence."""
    return bool(starts_item(text) or LABEL.match(text) or SENTENCE_END.search(previous))


def reading_order(glyphs: list[str]) -> str:
    """A right-to-left line's glyphs, given left to right as drawn, in reading order."""
    units: list[str] = []
    position = 0
    while position < len(glyphs):
        glyph = glyphs[position]
        if not _LEFT_TO_RIGHT.search(glyph):
            units.append(glyph)
            position += 1
            continue
        end = position + 1
        while end < len(glyphs):
            following = glyphs[end + 1] if end + 1 < len(glyphs) else ""
            if _LEFT_TO_RIGHT.search(glyphs[end]):
                end += 1
            elif (
                glyphs[end] in _INSIDE_A_NUMBER or (glyphs[end] == " " and _LATIN.search(glyph))
            ) and _LEFT_TO_RIGHT.search(following):
                end += 1
            else:
                break
        units.append("".join(glyphs[position:end]))
        position = end
    return "".join(reversed(units))


def _left_to_right(glyphs: list[str]) -> bool:
    """A line with no right-to-left letter is read as drawn."""
    return not any(re.search(r"[\u0590-\u08ff\ufb50-\ufeff]", glyph) for glyph in glyphs)


def text_layer(data: bytes) -> str:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTAnno, LTChar, LTTextContainer, LTTextLine

    paragraphs: list[str] = []
    for page in extract_pages(io.BytesIO(data), maxpages=MAX_PAGES, laparams=LAParams()):
        lines = []
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if not isinstance(line, LTTextLine):
                    continue
                glyphs = [
                    item.get_text()
                    for item in line
                    if isinstance(item, LTChar) or (isinstance(item, LTAnno) and item.get_text() == " ")
                ]
                text = "".join(glyphs) if _left_to_right(glyphs) else reading_order(glyphs)
                text = re.sub(r"\s+", " ", text).strip()
                if text:
                    lines.append((line.y1, line.x0, line.x1, line.height, text))
        paragraphs += _paragraphs(sorted(lines, key=lambda line: (-line[0], -line[2])))
    return "\n".join(paragraphs)


def _paragraphs(lines: list[tuple[float, float, float, float, str]]) -> list[str]:
    """Lines (top, left, right, height, text), top to bottom, joined into paragraphs: a line that
    runs to the left margin goes on in the next, unless the next lies further down than the
    page's line spacing or ``begins_paragraph``."""
    if not lines:
        return []
    left = min(line[1] for line in lines)
    right = max(line[2] for line in lines)
    pitches = [above[0] - below[0] for above, below in itertools.pairwise(lines) if above[0] > below[0]]
    pitch = min(pitches) if len(pitches) >= 2 else None
    paragraphs: list[list[str]] = []
    previous = None
    for line in lines:
        top, _left, _right, height, text = line
        goes_on = (
            previous is not None
            and previous[1] - left < 0.06 * (right - left)
            and previous[0] - top < (1.12 * pitch if pitch else 2.2 * height)
            and not begins_paragraph(previous[4], text)
        )
        if goes_on:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        previous = line
    return [" ".join(parts) for parts in paragraphs]


def main() -> int:
    sys.stdout.buffer.write(text_layer(sys.stdin.buffer.read()).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
