"""The minutes as a right-to-left Word document (python-docx), for staff who put them on their
organization's letterhead: the same reading as the page and the PDF (``MinutesView``), with
headings, tables, the resolutions' numbers and Persian digits.

Word has no notion of an HTML page, so the document is written here section by section, in the
order and words of ``templates/meetings/_minutes_document.html`` (the same translations).
Every paragraph, run and table is marked right to left (``w:bidi``, ``w:rtl``, ``w:bidiVisual``)
and names Vazirmatn for complex scripts; Word uses the reader's Persian font where it is missing.
"""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from meetings.minutes.document import MinutesView, emphasis_parts
from meetings.templatetags.minutes import deadline_words
from secretariat.persian import (
    display_text,
    format_jalali,
    format_jalali_datetime,
    format_jalali_days,
    format_time,
    join_list,
    list_separator,
    localize_digits,
    ordinal,
)

FONT = "Vazirmatn"
GREY = RGBColor(0x55, 0x55, 0x55)


class RightToLeftDocument:
    """A python-docx document whose paragraphs, runs and tables read right to left (in Persian)."""

    def __init__(self, *, font: str = "") -> None:
        self.document = Document()
        self.font = font or FONT
        self.rtl = get_language_bidi()
        section = self.document.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin = section.right_margin = Mm(18)
        if self.rtl:
            section._sectPr.append(OxmlElement("w:bidi"))
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
            style = self.document.styles[name]
            self._fonts(style.element.get_or_add_rPr())
            if self.rtl and name != "Table Grid":
                style.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
        normal = self.document.styles["Normal"]
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(4)
        for name in ("Title", "Heading 1", "Heading 2"):
            self.document.styles[name].font.color.rgb = RGBColor(0x11, 0x11, 0x11)

    def _fonts(self, run_properties) -> None:
        fonts = run_properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            run_properties.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), self.font)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
        if self.rtl:
            language = OxmlElement("w:lang")
            language.set(qn("w:bidi"), "fa-IR")
            run_properties.append(language)

    def paragraph(self, *parts, style: str | None = None, center: bool = False, small: bool = False):
        """A paragraph of ``parts``: text, or ``(text, {"bold": True, "grey": True})``."""
        paragraph = self.document.add_paragraph(style=style)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for part in parts:
            text, options = part if isinstance(part, tuple) else (part, {})
            self.run(paragraph, text, small=small, **options)
        return paragraph

    def run(self, paragraph, text: str, *, bold: bool = False, grey: bool = False, small: bool = False):
        run = paragraph.add_run(text)
        run.bold = bold or None
        if grey:
            run.font.color.rgb = GREY
        if small:
            run.font.size = Pt(9.5)
        if self.rtl:
            properties = run._r.get_or_add_rPr()
            properties.append(OxmlElement("w:rtl"))
            if bold:
                properties.append(OxmlElement("w:bCs"))
        return run

    def heading(self, text: str, level: int = 1):
        return self.paragraph(text, style=f"Heading {level}")

    def table(self, header: list[str], rows: list[list[str]], widths: list[float] | None = None):
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if self.rtl:
            table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self._cell(cell, text, bold=True)
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "EEEEEE")
            cell._tc.get_or_add_tcPr().append(shading)
        header_row = table.rows[0]._tr.get_or_add_trPr()
        header_row.append(OxmlElement("w:tblHeader"))  # repeated on every page
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                self._cell(cell, text)
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Mm(width)
        self.document.add_paragraph()
        return table

    def _cell(self, cell, text: str, *, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        if self.rtl:
            paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        self.run(paragraph, text, bold=bold, small=True)

    def page_furniture(self, *, draft_mark: str = "") -> None:
        """On every page: "page x of y" in the footer, and the draft mark, if any, in the header."""
        section = self.document.sections[0]
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.rtl:
            footer._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        wording = _("Page %(page)s of %(pages)s")
        for piece in re.split(r"(%\(page\)s|%\(pages\)s)", wording):
            if piece == "%(page)s":
                self._field(footer, "PAGE")
            elif piece == "%(pages)s":
                self._field(footer, "NUMPAGES")
            elif piece:
                self.run(footer, piece, small=True, grey=True)
        if draft_mark:
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if self.rtl:
                header._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
            self.run(header, draft_mark, bold=True, grey=True, small=True)

    def _field(self, paragraph, code: str) -> None:
        """A field Word fills in as it lays the pages out (the page number, the page count)."""
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {code} ")
        paragraph._p.append(field)
        run = self.run(paragraph, "1", small=True, grey=True)  # shown until Word updates the field
        field.append(run._r)

    def save(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def minutes_docx(minutes: MinutesView) -> bytes:
    """The minutes of ``minutes`` (a reading, as ``meetings.access.reading_for`` gives) as .docx bytes."""
    doc = minutes.document
    out = RightToLeftDocument(font=minutes.meeting.working_group.word_font)
    out.document.core_properties.title = _("%(ordinal)s session of %(group)s") % {
        "ordinal": ordinal(doc.number),
        "group": doc.group_name,
    }
    out.document.core_properties.author = doc.secretariat_name
    draft_mark = _("Draft — not yet signed") if minutes.is_draft else ""
    out.page_furniture(draft_mark=draft_mark)
    if minutes.is_draft:
        out.paragraph((draft_mark, {"bold": True, "grey": True}), center=True)
    _head(out, doc)
    _opening(out, doc)
    _speeches(out, doc)
    _agenda(out, doc)
    _resolutions(out, doc)
    _follow_up(out, doc)
    _next_session(out, doc)
    _attendance(out, doc)
    _signatures(out, minutes)
    return out.save()


def _text(value) -> str:
    return display_text(value)


def _head(out: RightToLeftDocument, doc) -> None:
    out.paragraph((_("In the name of the Most High"), {"bold": True}), center=True)
    out.paragraph(_("Minutes"), style="Title", center=True)
    out.paragraph(
        (
            _("%(ordinal)s session of %(group)s") % {"ordinal": ordinal(doc.number), "group": doc.group_name},
            {"bold": True},
        ),
        center=True,
    )
    facts = []
    if doc.minutes_number:
        facts.append((_("Minutes number"), localize_digits(_text(doc.minutes_number))))
    facts.append((_("Date"), format_jalali(doc.date) or _text(doc.date_note) or "—"))
    facts.append(
        (
            _("Session"),
            _("%(ordinal)s session (no. %(number)s)")
            % {"ordinal": ordinal(doc.number), "number": localize_digits(doc.number)},
        )
    )
    if doc.host:
        facts.append((_("Host"), _text(doc.host)))
    if doc.city:
        facts.append((_("City"), _text(doc.city)))
    facts.append((_("Held on"), format_jalali_days(doc.days) or _text(doc.date_note) or "—"))
    if doc.start_time:
        if doc.end_time:
            time = _("from %(start)s to %(end)s") % {
                "start": format_time(doc.start_time),
                "end": format_time(doc.end_time),
            }
        else:
            time = _("from %(start)s") % {"start": format_time(doc.start_time)}
        facts.append((_("Time"), time))
    if doc.venue:
        facts.append((_("Venue"), _text(doc.venue)))
    if doc.chair:
        facts.append((_("Chair"), _text(doc.chair)))
    for label, value in facts:
        out.paragraph((f"{label}: ", {"bold": True}), value)


def _opening(out: RightToLeftDocument, doc) -> None:
    host = _text(doc.host) or _("the secretariat")
    when = format_jalali_days(doc.days) or _text(doc.date_note)
    values = {
        "ordinal": ordinal(doc.number),
        "group": _text(doc.group_name),
        "host": host,
        "city": _text(doc.city),
    }
    if doc.is_planned:
        sentences = [
            _(
                "The %(ordinal)s session of %(group)s, hosted by %(host)s, will be held on %(when)s in %(city)s."
            )
            % {**values, "when": when or _("a date to be set")}
        ]
        if doc.start_time:  # a planned session's sentences stay in the future tense
            sentences.append(_("The session will open at %(time)s.") % {"time": format_time(doc.start_time)})
    else:
        sentences = [
            _("The %(ordinal)s session of %(group)s, hosted by %(host)s, was held on %(dates)s in %(city)s.")
            % {**values, "dates": when}
        ]
        programme = _text(doc.opening_programme)
        if doc.start_time and programme:
            sentences.append(
                _("The session opened at %(time)s with %(programme)s.")
                % {"time": format_time(doc.start_time), "programme": programme}
            )
        elif doc.start_time:
            sentences.append(_("The session opened at %(time)s.") % {"time": format_time(doc.start_time)})
        elif programme:
            sentences.append(_("The session opened with %(programme)s.") % {"programme": programme})
    out.paragraph(" ".join(sentences))


def _speeches(out: RightToLeftDocument, doc) -> None:
    if not doc.speeches:
        return
    out.heading(_("Speeches"))
    for speech in doc.speeches:
        parts: list[str | tuple[str, dict[str, bool]]] = []
        if speech.occasion:
            parts.append((f"({_text(speech.occasion)}) ", {"grey": True}))
        parts.append((_text(speech.speaker), {"bold": True}))
        if speech.position:
            parts.append(f"{list_separator()}{_text(speech.position)}")
        parts.append(f": {_text(speech.summary)}")
        out.paragraph(*parts)


def _agenda(out: RightToLeftDocument, doc) -> None:
    if not doc.agenda:
        return
    out.heading(_("Agenda"))
    for item in doc.agenda:
        parts = [(f"{localize_digits(item.number)}. ", {"bold": True}), _text(item.title)]
        if item.presenter:
            parts.append(
                (
                    " (" + _("presented by %(presenter)s") % {"presenter": _text(item.presenter)} + ")",
                    {"grey": True},
                )
            )
        if item.proposed_by:
            parts.append(
                (
                    " ("
                    + _("proposed by %(organization)s") % {"organization": _text(item.proposed_by)}
                    + ")",
                    {"grey": True},
                )
            )
        out.paragraph(*parts)
        if item.outcome:
            out.paragraph(_text(item.outcome), small=True)


def _resolutions(out: RightToLeftDocument, doc) -> None:
    out.heading(_("Resolutions"))
    if doc.proceedings:
        out.paragraph(f"{_text(doc.proceedings)}:")
    if not doc.resolutions:
        out.paragraph((_("No resolutions were recorded for this session."), {"grey": True}))
    for resolution in doc.resolutions:
        parts = [
            (f"{localize_digits(resolution.shown_number)}) ", {"bold": True}),
            f"{_text(resolution.verb)} ",
        ]
        parts += [
            (text, {"bold": bold}) for text, bold in emphasis_parts(resolution.text, resolution.emphasized)
        ]
        out.paragraph(*parts)
        details = []
        if resolution.responsible:
            responsible = _text(resolution.responsible)
            if resolution.committee_lead:
                led = _("led by %(organization)s") % {"organization": _text(resolution.committee_lead)}
                responsible = f"{responsible} ({led})"
            details.append((_("Responsible"), responsible))
        if resolution.collaborators:
            details.append(
                (_("In collaboration with"), join_list(_text(name) for name in resolution.collaborators))
            )
        if resolution.deadline.is_set:
            details.append((_("Deadline"), deadline_words(resolution.deadline, doc.next_session)))
        if resolution.deliverable:
            details.append((_("Deliverable"), _text(resolution.deliverable)))
        if resolution.vote_words:
            details.append((_("Approved"), resolution.vote_words))
        if doc.without_quorum:
            details.append((_("Quorum"), _("Recorded without a quorum.")))
        for label, value in details:
            paragraph = out.paragraph(("• " + label + ": ", {"bold": True}), value, small=True)
            paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(6)


def _follow_up(out: RightToLeftDocument, doc) -> None:
    out.heading(_("Follow-up of earlier resolutions"))
    if not doc.earlier_resolutions:
        out.paragraph((_("No open resolutions of earlier sessions are recorded."), {"grey": True}))
        return
    rows = []
    for entry in doc.earlier_resolutions:
        report = "—"
        if entry.report:
            by = [_text(entry.reported_by)] if entry.reported_by else []
            report = f"{_text(entry.report)} ({join_list([*by, format_jalali(entry.reported_on)])})"
        rows.append([entry.resolution_label, _text(entry.responsible), entry.status_label, report])
    out.table([_("Resolution"), _("Responsible"), _("Status"), _("Latest follow-up")], rows, [38, 42, 22, 72])


def _next_session(out: RightToLeftDocument, doc) -> None:
    upcoming = doc.next_session
    if upcoming is None:
        return
    out.heading(_("Next session"))
    words = [_("The %(ordinal)s session") % {"ordinal": ordinal(upcoming.number)}]
    if upcoming.host:
        words.append(_("hosted by %(host)s") % {"host": _text(upcoming.host)})
    when = (
        format_jalali_days(upcoming.days)
        or _text(upcoming.date_note)
        or format_jalali(upcoming.approximate_date)
    )
    if when:
        words.append(f"— {when}")
    out.paragraph(" ".join(words))


def _attendance(out: RightToLeftDocument, doc) -> None:
    out.heading(_("Attendance"))
    present = [_text(a.listed_as) for a in doc.present]
    present += [f"{_text(a.name)} ({_text(a.substitute_words)})" for a in doc.substitutes]
    if present:
        out.paragraph((_("Present") + ": ", {"bold": True}), join_list(present))
    if doc.absent:
        absent = [f"{_text(a.listed_as)}{_text(a.absence_words)}" for a in doc.absent]
        out.paragraph((_("Absent") + ": ", {"bold": True}), join_list(absent))
    if doc.guests:
        guests = [
            f"{_text(a.name)}{list_separator()}{_text(a.position)}" if a.position else _text(a.name)
            for a in doc.guests
        ]
        out.paragraph((_("Invited guests") + ": ", {"bold": True}), "؛ ".join(guests))
    if not doc.has_attendance:
        out.paragraph((_("No attendance is recorded."), {"grey": True}))
    if doc.quorum:
        out.paragraph(doc.quorum.statement)


def _signatures(out: RightToLeftDocument, minutes: MinutesView) -> None:
    out.heading(_("Signatures"))
    rows = []
    for index, row in enumerate(minutes.signature_rows, start=1):
        signed = ""
        if row.signature is not None:
            how = _("signed on paper") if row.signature.on_paper else _("signed electronically")
            signed = f"{how}\n{format_jalali_datetime(row.signature.signed_at)}"
        rows.append(
            [
                localize_digits(index),
                _text(row.attendee.name),
                _text(row.attendee.organization),
                _text(row.attendee.position),
                signed,
            ]
        )
    out.table(
        [_("No."), _("Name"), _("Organization"), _("Position"), _("Signature")], rows, [10, 40, 42, 40, 42]
    )
    revision = minutes.revision
    if revision is not None and revision.is_final:
        out.paragraph(
            _(
                "Revision %(number)s of these minutes was signed by those named above and finalized on %(when)s."
            )
            % {
                "number": localize_digits(revision.number),
                "when": format_jalali_datetime(revision.finalized_at),
            },
            small=True,
        )
        out.paragraph(_("Verification code") + f": {revision.verification_code}", small=True)
