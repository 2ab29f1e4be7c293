"""The progress charts: stacked bars drawn in HTML and CSS on the server, so that their Persian
labels are shaped by the browser and by WeasyPrint alike (WeasyPrint's SVG text is not), run right
to left with the page, and read the same on the screen and in the PDF. The styles are
``.chart*`` in ``static/css/app.css`` and in the PDF templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from resolutions.progress import LATE, ON_TIME, OPEN, OVERDUE, Tally
from secretariat.persian import localize_digits

# The longest bar takes this share of its track; the rest is room for the total beside it.
LONGEST_BAR_PERCENT = 88


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    fill: str
    ink: str  # the colour of a count written on the bar: readable on ``fill``


def series() -> list[Series]:
    return [
        Series(ON_TIME, _("Done on time"), "#146c43", "#ffffff"),
        Series(LATE, _("Done late"), "#ffc107", "#111111"),
        Series(OPEN, _("Open"), "#0a58ca", "#ffffff"),
        Series(OVERDUE, _("Overdue"), "#b02a37", "#ffffff"),
    ]


def _legend() -> str:
    items = "".join(
        f'<li><span class="chart-swatch" style="background:{item.fill}"></span>{escape(item.label)}</li>'
        for item in series()
    )
    return f'<ul class="chart-legend">{items}</ul>'


def _row(label: str, tally: Tally, longest: int) -> str:
    segments = []
    for item in series():
        count = tally.counts[item.key]
        if not count:
            continue
        width = count * LONGEST_BAR_PERCENT / longest
        shown = localize_digits(count)
        segments.append(
            f'<span class="chart-bar" style="width:{width:.2f}%;background:{item.fill};color:{item.ink}" '
            f'data-series="{item.key}" data-count="{count}" title="{escape(item.label)}: {shown}">{shown}</span>'
        )
    total = f'<span class="chart-total">{localize_digits(tally.assigned)}</span>'
    return (
        f'<div class="chart-row"><span class="chart-label">{escape(label)}</span>'
        f'<span class="chart-track">{"".join(segments)}{total}</span></div>'
    )


def _chart(rows: list[tuple[str, Tally]], *, title: str, kind: str) -> SafeString:
    longest = max((tally.assigned for _label, tally in rows), default=0) or 1
    empty = escape(_("No resolutions yet."))
    body = (
        "".join(_row(label, tally, longest) for label, tally in rows) or f'<p class="chart-empty">{empty}</p>'
    )

    return mark_safe(
        f'<figure class="chart chart-{kind}" role="img" aria-label="{escape(title)}">'
        f'{_legend()}<div class="chart-rows">{body}</div></figure>'
    )


def bars(tallies: list[Tally], *, title: str) -> SafeString:
    """One stacked bar per organization or committee: how many of its resolutions stand where."""
    return _chart([(tally.label, tally) for tally in tallies], title=title, kind="bars")


def trend(sessions: list[Tally], *, title: str) -> SafeString:
    """One bar per session, in order: the resolutions it adopted, by where they stand now."""
    rows = [(_("session %(number)s") % {"number": localize_digits(tally.label)}, tally) for tally in sessions]
    return _chart(rows, title=title, kind="trend")
