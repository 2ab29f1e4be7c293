"""The progress charts, drawn on the server as SVG: right to left, Persian labels and digits, the
same in the page and in the PDF (WeasyPrint draws inline SVG)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from resolutions.progress import LATE, ON_TIME, OPEN, OVERDUE, Tally
from secretariat.persian import localize_digits, uses_persian_digits


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    fill: str
    ink: str  # the colour of a count written on the bar: readable on ``fill``


def series() -> list[Series]:
    return [
        Series(ON_TIME, _("done on time"), "#146c43", "#ffffff"),
        Series(LATE, _("done late"), "#ffc107", "#111111"),
        Series(OPEN, _("open"), "#0a58ca", "#ffffff"),
        Series(OVERDUE, _("overdue"), "#b02a37", "#ffffff"),
    ]


FONT = 'font-family="Vazirmatn, Tahoma, sans-serif"'


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 12,
    fill: str = "#111",
    anchor: str = "start",
    weight: int = 400,
) -> str:
    direction = "rtl" if uses_persian_digits() else "ltr"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="{anchor}" direction="{direction}">{escape(content)}</text>'
    )


def _legend(width: float, y: float) -> list[str]:
    """The colours and what they stand for, from the right (or the left in English)."""
    parts, cursor = [], 0.0
    rtl = uses_persian_digits()
    for item in series():
        x = width - cursor - 14 if rtl else cursor
        parts.append(f'<rect x="{x:.1f}" y="{y - 11:.1f}" width="14" height="14" rx="2" fill="{item.fill}"/>')
        label_x = x - 6 if rtl else x + 20
        parts.append(_text(label_x, y, item.label, size=12))
        cursor += 30 + 7.5 * len(item.label)
    return parts


def bars(tallies: list[Tally], *, title: str) -> SafeString:
    """One stacked bar per organization or committee: how many of its resolutions stand where."""
    rtl = uses_persian_digits()
    width, label_width, row, top = 760, 230, 30, 44
    height = top + row * max(len(tallies), 1) + 10
    longest = max((tally.assigned for tally in tallies), default=0) or 1
    scale = (width - label_width - 50) / longest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" class="chart chart-bars">',
        f"<title>{escape(title)}</title>",
        *_legend(width, 20),
    ]
    for index, tally in enumerate(tallies):
        y = top + index * row
        label_x = width if rtl else 0
        parts.append(_text(label_x, y + 17, tally.label, size=12, anchor="start"))
        cursor = 0.0
        for item in series():
            count = tally.counts[item.key]
            if not count:
                continue
            length = count * scale
            x = (width - label_width - cursor - length) if rtl else (label_width + cursor)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" fill="{item.fill}" '
                f'data-series="{item.key}" data-count="{count}"><title>{escape(item.label)}: {localize_digits(count)}</title></rect>'
            )
            if length >= 18:
                parts.append(
                    _text(
                        x + length / 2,
                        y + 18,
                        localize_digits(count),
                        size=11,
                        fill=item.ink,
                        anchor="middle",
                        weight=700,
                    )
                )
            cursor += length
        total_x = (width - label_width - cursor - 8) if rtl else (label_width + cursor + 8)
        parts.append(
            _text(total_x, y + 18, localize_digits(tally.assigned), size=11, fill="#444", anchor="start")
        )
    if not tallies:
        parts.append(_text(width / 2, top + 18, _("No resolutions yet."), anchor="middle", fill="#555"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend(sessions: list[Tally], *, title: str) -> SafeString:
    """One column per session: the resolutions it adopted, by where they stand now."""
    rtl = uses_persian_digits()
    width, height, top, bottom, side = 760, 280, 40, 40, 40
    highest = max((tally.assigned for tally in sessions), default=0) or 1
    plot_height = height - top - bottom
    slot = (width - 2 * side) / max(len(sessions), 1)
    column = min(56.0, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" class="chart chart-trend">',
        f"<title>{escape(title)}</title>",
        *_legend(width, 20),
        f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" y2="{height - bottom}" stroke="#999" stroke-width="1"/>',
    ]
    for index, tally in enumerate(sessions):
        position = (len(sessions) - 1 - index) if rtl else index  # the first session on the right
        center = side + slot * position + slot / 2
        base = height - bottom
        for item in series():
            count = tally.counts[item.key]
            if not count:
                continue
            length = count * plot_height / highest
            base -= length
            parts.append(
                f'<rect x="{center - column / 2:.1f}" y="{base:.1f}" width="{column:.1f}" height="{length:.1f}" '
                f'fill="{item.fill}" data-series="{item.key}" data-count="{count}"><title>{escape(item.label)}: '
                f"{localize_digits(count)}</title></rect>"
            )
            if length >= 16:
                parts.append(
                    _text(
                        center,
                        base + length / 2 + 4,
                        localize_digits(count),
                        size=11,
                        fill=item.ink,
                        anchor="middle",
                        weight=700,
                    )
                )
        parts.append(
            _text(center, base - 5, localize_digits(tally.assigned), size=11, fill="#444", anchor="middle")
        )
        label = _("session %(number)s") % {"number": localize_digits(tally.label)}
        parts.append(_text(center, height - bottom + 18, label, size=11, anchor="middle"))
    if not sessions:
        parts.append(_text(width / 2, height / 2, _("No resolutions yet."), anchor="middle", fill="#555"))
    parts.append("</svg>")
    return mark_safe("".join(parts))
