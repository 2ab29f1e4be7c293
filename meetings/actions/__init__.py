"""Actions on sessions and their minutes: the only code that changes them.

Each takes the acting user's ``GroupAccess`` and plain values (or forms the view validated),
checks the role and the state through ``meetings.workflow``, runs in one transaction, raises the
session's version when its minutes or resolutions change, leaves an audit record, and leaves
mail and rendering to run after the transaction commits. Views, the importer, the admin and the
management commands all call these.

planned → held (draft) → circulated → signed (finalized: content frozen, PDF rendered once,
hashed and sealed) → published. A correction after signing opens a new revision, back in draft,
that is signed again; the earlier revision stays as it was signed.
"""

from meetings.actions.circulation import (
    circulate,
    finalize,
    open_correction,
    publish,
    record_paper_signature,
    remind_signers,
    retry_signed_pdf,
    sign,
    withdraw,
)
from meetings.actions.common import EditConflict, NotEditable
from meetings.actions.minutes import (
    AttendanceEntry,
    attach_introduction_letter,
    create_session,
    delete_planned_session,
    next_session_number,
    publish_archived_minutes,
    record_attendance,
    save_minutes,
)
from meetings.actions.review import accept_change_request, answer_change_request, request_change

__all__ = [
    "AttendanceEntry",
    "EditConflict",
    "NotEditable",
    "accept_change_request",
    "answer_change_request",
    "attach_introduction_letter",
    "circulate",
    "create_session",
    "delete_planned_session",
    "finalize",
    "next_session_number",
    "open_correction",
    "publish",
    "publish_archived_minutes",
    "record_attendance",
    "record_paper_signature",
    "remind_signers",
    "request_change",
    "retry_signed_pdf",
    "save_minutes",
    "sign",
    "withdraw",
]
