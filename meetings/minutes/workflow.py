"""Which step of the minutes' workflow a user may take on a session: the one rule that the
actions enforce and the pages and templates follow.

``refusal`` says why a step is not open to a user (``PermissionDenied`` for the role,
``WorkflowError`` for the state of the minutes), ``available_steps`` lists those that are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.minutes.document import MinutesView
from meetings.models import Meeting
from secretariat.access import GroupAccess, Role
from secretariat.persian import join_list

EDIT = "edit"
DELETE = "delete"
CIRCULATE = "circulate"
WITHDRAW = "withdraw"
SIGN = "sign"
REMIND = "remind"
RECORD_PAPER = "record_paper"
FINALIZE = "finalize"
PUBLISH = "publish"
CORRECT = "correct"
REQUEST_CHANGE = "request_change"
DECIDE_CHANGE = "decide_change"


class WorkflowError(ValidationError):
    """A step that the minutes' current state does not allow; the message says why, in Persian."""


@dataclass(frozen=True)
class Rule:
    role: Role
    statuses: tuple[str, ...]
    wrong_status: Promise


S = Meeting.Status
RULES: dict[str, Rule] = {
    EDIT: Rule(
        Role.STAFF,
        tuple(S.editable()),
        gettext_lazy("These minutes have left the draft stage and cannot be edited."),
    ),
    DELETE: Rule(
        Role.STAFF,
        (S.PLANNED,),
        gettext_lazy("Only a planned session that has not been held can be deleted."),
    ),
    CIRCULATE: Rule(
        Role.STAFF, (S.HELD,), gettext_lazy("Only held sessions with draft minutes can be circulated.")
    ),
    WITHDRAW: Rule(Role.STAFF, (S.CIRCULATED,), gettext_lazy("Only circulated minutes can be withdrawn.")),
    SIGN: Rule(Role.MEMBER, (S.CIRCULATED,), gettext_lazy("These minutes are not out for signature.")),
    REMIND: Rule(Role.STAFF, (S.CIRCULATED,), gettext_lazy("These minutes are not out for signature.")),
    RECORD_PAPER: Rule(
        Role.SECRETARY, (S.CIRCULATED,), gettext_lazy("These minutes are not out for signature.")
    ),
    FINALIZE: Rule(
        Role.SECRETARY, (S.CIRCULATED,), gettext_lazy("Only circulated minutes can be finalized.")
    ),
    PUBLISH: Rule(Role.STAFF, (S.SIGNED,), gettext_lazy("Only signed minutes can be published.")),
    CORRECT: Rule(
        Role.SECRETARY, tuple(S.signed()), gettext_lazy("Only signed or published minutes can be corrected.")
    ),
    REQUEST_CHANGE: Rule(
        Role.MEMBER,
        (S.CIRCULATED,),
        gettext_lazy("Changes are asked for while the minutes are out for signature."),
    ),
    DECIDE_CHANGE: Rule(
        Role.STAFF,
        (S.CIRCULATED,),
        gettext_lazy("Requests are decided while the minutes are out for signature."),
    ),
}
ROLE_REFUSALS = {
    Role.MEMBER: gettext_lazy("Only the working group's members may do this."),
    Role.STAFF: gettext_lazy("Only the secretariat may do this."),
    Role.SECRETARY: gettext_lazy("Only the working group's secretary may do this."),
}


def refusal(
    step: str, access: GroupAccess, meeting: Meeting, minutes: MinutesView | None = None
) -> Exception | None:
    """Why ``access`` may not take ``step`` on ``meeting`` now, or ``None`` if it may.

    ``minutes`` is the revision out for signature (``minutes_view(meeting, revision)``); the
    signing steps need it to know who has signed.
    """
    rule = RULES[step]
    if access.role < rule.role:
        return PermissionDenied(str(ROLE_REFUSALS[rule.role]))
    if meeting.status not in rule.statuses:
        return WorkflowError(str(rule.wrong_status))
    if step == SIGN:
        mine = minutes.attendees_for(access) if minutes else []
        if not mine:
            return PermissionDenied(_("Only the organizations that attended the session sign its minutes."))
        if not minutes.unsigned_for(access):
            return WorkflowError(_("Your organization's attendees have all signed these minutes."))
    if step == REQUEST_CHANGE and (minutes is None or not minutes.attendees_for(access)):
        return PermissionDenied(_("Only the organizations that attended the session comment on its minutes."))
    if step in (RECORD_PAPER, REMIND) and minutes is not None and not minutes.unsigned:
        return WorkflowError(_("Everyone has signed."))
    if step == FINALIZE and minutes is not None and minutes.unsigned:
        names = join_list(attendee.name for attendee in minutes.unsigned)
        return WorkflowError(_("Not everyone has signed yet: %(names)s.") % {"names": names})
    return None


def require(step: str, access: GroupAccess, meeting: Meeting, minutes: MinutesView | None = None) -> None:
    """Raise the reason ``access`` may not take ``step`` now, if there is one."""
    error = refusal(step, access, meeting, minutes)
    if error is not None:
        raise error


def available_steps(
    access: GroupAccess, meeting: Meeting, minutes: MinutesView | None = None
) -> dict[str, bool]:
    """Every step by name, and whether ``access`` may take it now: ``{% if steps.finalize %}``."""
    return {step: refusal(step, access, meeting, minutes) is None for step in RULES}
