"""The steps on a session, for every role and every state (``secretariat.steps``): planning it,
writing its minutes, signing, finalizing, publishing and correcting them.

Actions ``require`` a step; views ask ``refusal``; templates read ``available`` as ``steps``.
The minutes' steps that depend on who has signed take the revision out for signature as their
context (``minutes_view(meeting, revision)``); the planning steps read the session's dates.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.minutes.document import MinutesView
from meetings.models import Meeting
from meetings.planning import overview
from secretariat.access import GroupAccess, Role
from secretariat.persian import format_jalali, join_list
from secretariat.steps import Step, StepRefused, StepTable

PLAN = "plan"
ARRANGE_AGENDA = "arrange_agenda"
PROPOSE = "propose"
DECIDE_PROPOSAL = "decide_proposal"
INVITE = "invite"
REPLY = "reply"
HOLD = "hold"
TAKE_ATTENDANCE = "take_attendance"
EDIT = "edit"
DELETE = "delete"
CIRCULATE = "circulate"
PUBLISH_ARCHIVE = "publish_archive"
WITHDRAW = "withdraw"
SIGN = "sign"
REMIND = "remind"
RECORD_PAPER = "record_paper"
FINALIZE = "finalize"
PUBLISH = "publish"
CORRECT = "correct"
REQUEST_CHANGE = "request_change"
DECIDE_CHANGE = "decide_change"

S = Meeting.Status
NOT_PLANNED = gettext_lazy("The session has been held: its preparation is part of its minutes now.")
NOT_OUT = gettext_lazy("These minutes are not out for signature.")


def _proposals_open(access: GroupAccess, meeting: Meeting, context) -> Exception | None:
    if not overview.proposals_open(meeting):
        return StepRefused(
            _("Proposals for this session closed on %(date)s.")
            % {"date": format_jalali(overview.proposal_cutoff(meeting))}
        )
    return None


def _replies_open(access: GroupAccess, meeting: Meeting, context) -> Exception | None:
    if meeting.replies_until and timezone.localdate() > meeting.replies_until:
        return StepRefused(
            _("Replies for this session closed on %(date)s; tell the secretariat directly.")
            % {"date": format_jalali(meeting.replies_until)}
        )
    return None


def _ready_to_invite(access: GroupAccess, meeting: Meeting, context) -> Exception | None:
    if not (meeting.day_dates or meeting.approximate_date or meeting.date_note):
        return StepRefused(_("Give the session's days, or at least an approximate date, before inviting."))
    agenda = overview.agenda_of(meeting)
    if not agenda:
        return StepRefused(_("Put at least one item on the agenda before inviting."))
    previous = meeting.invitations.order_by("-sequence").first()
    if previous and not overview.describe_changes(
        previous.content, overview.invitation_content(meeting, agenda)
    ):
        return StepRefused(_("Nothing has changed since the last invitation; it was not sent again."))
    return None


def _ready_to_circulate(access: GroupAccess, meeting: Meeting, context) -> Exception | None:
    if not meeting.attendances.attending().exists():
        return StepRefused(_("Record who attended before circulating the minutes: nobody could sign them."))
    if not meeting.days.exists():
        return StepRefused(_("Record the days the session was held before circulating its minutes."))
    return None


def _never_signed(access: GroupAccess, meeting: Meeting, context) -> Exception | None:
    if meeting.revisions.final().exists():
        return StepRefused(_("These minutes were signed here already: correct them instead."))
    return None


def _signs(access: GroupAccess, meeting: Meeting, minutes: MinutesView | None) -> Exception | None:
    if minutes is None or not minutes.attendees_for(access):
        return PermissionDenied(_("Only the organizations that attended the session sign its minutes."))
    if not minutes.unsigned_for(access):
        return StepRefused(_("Your organization's attendees have all signed these minutes."))
    return None


def _comments(access: GroupAccess, meeting: Meeting, minutes: MinutesView | None) -> Exception | None:
    if minutes is None or not minutes.attendees_for(access):
        return PermissionDenied(_("Only the organizations that attended the session comment on its minutes."))
    return None


def _someone_unsigned(access: GroupAccess, meeting: Meeting, minutes: MinutesView | None) -> Exception | None:
    if minutes is not None and not minutes.unsigned:
        return StepRefused(_("Everyone has signed."))
    return None


def _everyone_signed(access: GroupAccess, meeting: Meeting, minutes: MinutesView | None) -> Exception | None:
    if minutes is not None and minutes.unsigned:
        names = join_list(attendee.name or attendee.organization for attendee in minutes.unsigned)
        return StepRefused(_("Not everyone has signed yet: %(names)s.") % {"names": names})
    return None


STEPS = StepTable(
    "session",
    [
        Step(PLAN, Role.STAFF, (S.PLANNED,), NOT_PLANNED, label=gettext_lazy("plan the session")),
        Step(ARRANGE_AGENDA, Role.STAFF, (S.PLANNED,), NOT_PLANNED, label=gettext_lazy("arrange the agenda")),
        Step(
            PROPOSE,
            Role.MEMBER,
            (S.PLANNED,),
            NOT_PLANNED,
            members_only=True,
            condition=_proposals_open,
            label=gettext_lazy("propose an agenda item"),
        ),
        Step(DECIDE_PROPOSAL, Role.STAFF, (S.PLANNED,), NOT_PLANNED, label=gettext_lazy("decide a proposal")),
        Step(
            INVITE,
            Role.STAFF,
            (S.PLANNED,),
            NOT_PLANNED,
            condition=_ready_to_invite,
            label=gettext_lazy("issue the invitation"),
        ),
        Step(
            REPLY,
            Role.MEMBER,
            (S.PLANNED,),
            NOT_PLANNED,
            members_only=True,
            condition=_replies_open,
            label=gettext_lazy("reply to the invitation"),
        ),
        Step(
            HOLD,
            Role.STAFF,
            (S.PLANNED,),
            gettext_lazy("Only a planned session is marked as held."),
            label=gettext_lazy("mark the session as held"),
        ),
        Step(
            TAKE_ATTENDANCE,
            Role.STAFF,
            tuple(S.editable()),
            gettext_lazy("These minutes have left the draft stage and cannot be edited."),
            label=gettext_lazy("record the attendance from the replies"),
        ),
        Step(
            EDIT,
            Role.STAFF,
            tuple(S.editable()),
            gettext_lazy("These minutes have left the draft stage and cannot be edited."),
            label=gettext_lazy("edit the minutes"),
        ),
        Step(
            DELETE,
            Role.STAFF,
            (S.PLANNED,),
            gettext_lazy("Only a planned session that has not been held can be deleted."),
            label=gettext_lazy("delete the planned session"),
        ),
        Step(
            CIRCULATE,
            Role.STAFF,
            (S.HELD,),
            gettext_lazy("Only held sessions with draft minutes can be circulated."),
            condition=_ready_to_circulate,
            label=gettext_lazy("circulate for signature"),
        ),
        Step(
            PUBLISH_ARCHIVE,
            Role.SECRETARY,
            (S.HELD,),
            gettext_lazy("Only held sessions with draft minutes can be published as an archive."),
            condition=_never_signed,
            label=gettext_lazy("publish minutes signed on paper"),
        ),
        Step(
            WITHDRAW,
            Role.STAFF,
            (S.CIRCULATED,),
            gettext_lazy("Only circulated minutes can be withdrawn."),
            label=gettext_lazy("withdraw to draft"),
        ),
        Step(SIGN, Role.MEMBER, (S.CIRCULATED,), NOT_OUT, condition=_signs, label=gettext_lazy("sign")),
        Step(
            REMIND,
            Role.STAFF,
            (S.CIRCULATED,),
            NOT_OUT,
            condition=_someone_unsigned,
            label=gettext_lazy("remind who has not signed"),
        ),
        Step(
            RECORD_PAPER,
            Role.SECRETARY,
            (S.CIRCULATED,),
            NOT_OUT,
            condition=_someone_unsigned,
            label=gettext_lazy("record signatures on paper"),
        ),
        Step(
            FINALIZE,
            Role.SECRETARY,
            (S.CIRCULATED,),
            gettext_lazy("Only circulated minutes can be finalized."),
            condition=_everyone_signed,
            label=gettext_lazy("finalize"),
        ),
        Step(
            PUBLISH,
            Role.STAFF,
            (S.SIGNED,),
            gettext_lazy("Only signed minutes can be published."),
            label=gettext_lazy("publish"),
        ),
        Step(
            CORRECT,
            Role.SECRETARY,
            tuple(S.signed()),
            gettext_lazy("Only signed or published minutes can be corrected."),
            label=gettext_lazy("open a correction"),
        ),
        Step(
            REQUEST_CHANGE,
            Role.MEMBER,
            (S.CIRCULATED,),
            gettext_lazy("Changes are asked for while the minutes are out for signature."),
            condition=_comments,
            label=gettext_lazy("ask for a change"),
        ),
        Step(
            DECIDE_CHANGE,
            Role.STAFF,
            (S.CIRCULATED,),
            gettext_lazy("Requests are decided while the minutes are out for signature."),
            label=gettext_lazy("decide a change request"),
        ),
    ],
    state_of=lambda meeting: meeting.status,
)

refusal = STEPS.refusal
require = STEPS.require
available = STEPS.available
reasons = STEPS.reasons
