"""An information request's answers compiled: the booklet (کتابچه) as PDF, laid out and stored by the
background worker, and as an Excel file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from resolutions.models import InformationAnswer, InformationRequest
from resolutions.request_facts import FactKind
from secretariat import jobs
from secretariat.files import store_into
from secretariat.pdf import render_pdf
from secretariat.persian import format_jalali_datetime

logger = logging.getLogger(__name__)

# Whole numbers grouped by thousands; dates shown in the Jalali calendar by Excel (the "16" calendar of
# the fa-IR locale), kept as real dates that sort and compute.
JALALI_DATE_FORMAT = "[$-fa-IR,16]yyyy/mm/dd;@"
WHOLE_NUMBER_FORMAT = "#,##0"


@dataclass
class Section:
    """One organization's part of the booklet."""

    anchor: str
    answer: InformationAnswer

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [(fact.label, shown) for _index, fact, shown in self.answer.facts_shown()]


def sections(request: InformationRequest) -> list[Section]:
    """The answers in the order staff chose (``booklet_order``), then any others by name."""
    answers = {
        answer.organization_id: answer for answer in request.answers.select_related("organization", "request")
    }
    order = [pk for pk in request.booklet_order if pk in answers]
    order += sorted((pk for pk in answers if pk not in order), key=lambda pk: answers[pk].organization.name)
    return [Section(anchor=f"organization-{pk}", answer=answers[pk]) for pk in order]


def render_booklet_pdf(request: InformationRequest) -> bytes:
    compiled = sections(request)
    answered = {section.answer.organization_id for section in compiled}
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "resolutions/booklet_pdf.html",
            {
                "request": request,
                "group": request.working_group,
                "sections": compiled,
                "not_answered": [
                    organization.name
                    for organization in request.recipients.order_by("name")
                    if organization.pk not in answered
                ],
                "made_on": timezone.localdate(),
            },
            archival=True,
        )


def answers_workbook(request: InformationRequest) -> bytes:
    """The answers as a right-to-left sheet: one row per organization, one column per fact asked."""
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Answers")[:31]
        sheet.sheet_view.rightToLeft = True
        facts = request.facts
        header = [
            _("Organization"),
            *(fact.label for fact in facts),
            _("Answer"),
            _("Attachment"),
            _("Answered at"),
        ]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for section in sections(request):
            answer = section.answer
            sheet.append(
                [
                    answer.organization.name,
                    *(fact.cell(answer.values.get(fact.label)) for fact in facts),
                    answer.text,
                    answer.attachment_name,
                    format_jalali_datetime(answer.answered_at),
                ]
            )
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        for column, fact in enumerate(facts, start=2):
            cells = [cell for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column)]
            if fact.kind == FactKind.DATE:
                number_format = JALALI_DATE_FORMAT
            elif fact.kind == FactKind.NUMBER and all(isinstance(cell.value, int | None) for cell in cells):
                number_format = WHOLE_NUMBER_FORMAT
            else:
                continue
            for cell in cells:
                cell.number_format = number_format
        sheet.freeze_panes = "A2"
        for index, width in enumerate([40, *[20] * len(facts), 70, 24, 22], start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()


def store_booklet(request_id: int, *, token: str) -> None:
    """Lay out and store the booklet of a compiled request: what the background task runs.

    Laid out with no transaction open and no row locked (a 40-second booklet must not stop the
    site's writes); stored only if the task still holds the work — compiling again meanwhile
    queues a new one, and this result is thrown away."""
    request = InformationRequest.objects.select_related("working_group").get(pk=request_id)
    if request.booklet or request.status == InformationRequest.Status.OPEN:
        return
    if not jobs.claim(InformationRequest, request.pk, token):
        return
    try:
        pdf = render_booklet_pdf(request)
        name = store_into(request, "booklet", f"booklet-{request.pk}.pdf", pdf)
    except Exception as error:
        logger.exception("Could not make the booklet of request %s", request.pk)
        jobs.fail(InformationRequest, request.pk, token, error)
        return
    if not jobs.finish(InformationRequest, request.pk, token, booklet=name, booklet_made_at=timezone.now()):
        request.booklet.storage.delete(name)
