"""What signed minutes decided, as data inside the sealed file: ``minutes.json``, attached to the
PDF/A-3 and covered by the seal, so that a member organization's system reads the resolutions,
their responsibles and deadlines out of the file it received — and ``/verify/`` shows them from
an uploaded copy. Its shape is ``minutes-record.schema.json`` beside this module (JSON Schema).
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

from meetings.minutes.document import DeadlineEntry, MinutesView
from secretariat.persian import format_jalali

RECORD_NAME = "minutes.json"
RECORD_FORMAT = 1
SCHEMA_PATH = Path(__file__).with_name("minutes-record.schema.json")


def _day(value: datetime.date | None) -> dict | None:
    if value is None:
        return None
    return {"iso": value.isoformat(), "jalali": format_jalali(value, "short")}


def _deadline(deadline: DeadlineEntry) -> dict:
    return {"date": _day(deadline.date), "next_session": deadline.next_session, "wording": deadline.wording}


def minutes_record(minutes: MinutesView) -> dict:
    """The facts of a signed revision's minutes as data: the same frozen reading the PDF prints."""
    doc = minutes.document
    revision = minutes.revision
    return {
        "format": RECORD_FORMAT,
        "working_group": doc.group_name,
        "secretariat": doc.secretariat_name,
        "session": {
            "number": doc.number,
            "days": [_day(day) for day in doc.days],
            "host": doc.host,
            "city": doc.city,
            "venue": doc.venue,
            "chair": doc.chair,
            "minutes_number": doc.minutes_number,
        },
        "revision": {
            "number": revision.number if revision else None,
            "verification_code": revision.verification_code if revision else None,
            "finalized_at": revision.finalized_at.isoformat() if revision and revision.finalized_at else None,
        },
        "attendance": [
            {
                "name": attendee.name,
                "kind": attendee.kind,
                "organization": attendee.organization,
                "position": attendee.position,
                "substitute_for": attendee.substitute_for,
            }
            for attendee in doc.attendees
        ],
        "agenda": [{"number": item.number, "title": item.title} for item in doc.agenda],
        "resolutions": [
            {
                "number": entry.number,
                "register_number": entry.register_number,
                "text": entry.text,
                "responsible": entry.responsible,
                "committee_lead": entry.committee_lead,
                "collaborators": list(entry.collaborators),
                "deadline": _deadline(entry.deadline),
                "deliverable": entry.deliverable,
                "vote": entry.vote,
            }
            for entry in doc.resolutions
        ],
        "follow_ups": [
            {
                "session": entry.session_number,
                "resolution": entry.resolution_number,
                "responsible": entry.responsible,
                "status": entry.status,
                "report": entry.report,
                "reported_by": entry.reported_by,
                "reported_on": _day(entry.reported_on),
            }
            for entry in doc.earlier_resolutions
        ],
    }


def record_json(minutes: MinutesView) -> str:
    return json.dumps(minutes_record(minutes), ensure_ascii=False, indent=1, sort_keys=True)


def read_record(pdf: bytes) -> dict | None:
    """The ``minutes.json`` attached to a PDF, or ``None`` (not one of ours, or damaged)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(names), 2):
            if str(names[index]) == RECORD_NAME:
                stream = names[index + 1].get_object()["/EF"]["/F"].get_object()
                return json.loads(stream.data.decode("utf-8"))
    except Exception:
        return None
    return None
