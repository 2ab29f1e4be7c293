"""The steps on a resolution and on an information request, for every role and state
(``secretariat.steps``): reporting on a resolution, asking for more time and deciding it; answering
a request, reminding, compiling and sending its booklet.

A resolution is ``draft`` until its minutes are signed (nothing is due on it, nobody reports), then
``open`` or ``closed``. Who reports and who asks for more time follows how the organization is named
in it (``Resolution.involvement_of``): every organization named reports on its part; only the
responsible organization, or the lead of the responsible committee, asks to move the deadline —
a collaborator does not move another's deadline.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolutions.models import InformationRequest, Involvement, Resolution
from secretariat.access import GroupAccess, Role
from secretariat.models import Organization
from secretariat.steps import Step, StepRefused, StepTable

REPORT = "report"
ASK_EXTENSION = "ask_extension"
DECIDE_EXTENSION = "decide_extension"
REVIEW_REPORT = "review_report"

DRAFT, OPEN, CLOSED = "draft", "open", "closed"


def member_organization(access: GroupAccess) -> Organization:
    """The organization a member's user acts for, once a members-only step is allowed:
    ``StepTable.refusal`` refuses such a step to an access without an organization."""
    assert access.organization is not None
    return access.organization


def resolution_state(resolution: Resolution) -> str:
    if not resolution.is_in_force:
        return DRAFT
    return OPEN if resolution.is_open else CLOSED


NOT_IN_FORCE = {
    DRAFT: gettext_lazy(
        "The minutes of this resolution are not signed yet: nothing is due on it until they are."
    ),
    CLOSED: gettext_lazy("This resolution is closed; no more reports are taken on it."),
}
DEADLINE_CLOSED = {
    DRAFT: gettext_lazy(
        "The minutes of this resolution are not signed yet: nothing is due on it until they are."
    ),
    CLOSED: gettext_lazy("This resolution is closed; its deadline no longer matters."),
}
# Who may ask to move a resolution's deadline: whoever answers for the whole of it.
ANSWERS_FOR_DEADLINE = (Involvement.RESPONSIBLE, Involvement.COMMITTEE_LEAD)


def _involved(access: GroupAccess, resolution: Resolution, context) -> Exception | None:
    if resolution.involvement_of(member_organization(access)) is None:
        return PermissionDenied(_("Your organization has no part in this resolution."))
    return None


def _answers_for_deadline(access: GroupAccess, resolution: Resolution, context) -> Exception | None:
    involvement = resolution.involvement_of(member_organization(access))
    if involvement is None:
        return PermissionDenied(_("Your organization has no part in this resolution."))
    if involvement not in ANSWERS_FOR_DEADLINE:
        return PermissionDenied(
            _(
                "Only the responsible organization, or the lead of the responsible committee, asks to move "
                "this deadline; tell them, or report your part."
            )
        )
    return None


RESOLUTION_STEPS = StepTable(
    "resolution",
    [
        Step(
            REPORT,
            Role.MEMBER,
            (OPEN,),
            NOT_IN_FORCE,
            members_only=True,
            condition=_involved,
            label=gettext_lazy("file a follow-up report"),
        ),
        Step(
            ASK_EXTENSION,
            Role.MEMBER,
            (OPEN,),
            DEADLINE_CLOSED,
            members_only=True,
            condition=_answers_for_deadline,
            label=gettext_lazy("ask for more time"),
        ),
        Step(
            DECIDE_EXTENSION,
            Role.SECRETARY,
            (OPEN, CLOSED),
            DEADLINE_CLOSED,
            label=gettext_lazy("decide an extension"),
        ),
        Step(REVIEW_REPORT, Role.STAFF, label=gettext_lazy("review a report")),
    ],
    state_of=resolution_state,
)

ANSWER = "answer"
REMIND = "remind"
COMPILE = "compile"
SEND_BOOKLET = "send_booklet"

R = InformationRequest.Status
ANSWERS_COMPILED = gettext_lazy("The answers to this request have been compiled; it takes no more.")


def _addressed(access: GroupAccess, request: InformationRequest, context) -> Exception | None:
    if not request.recipients.filter(pk=member_organization(access).pk).exists():
        return PermissionDenied(_("This request was not addressed to your organization."))
    return None


def _booklet_ready(access: GroupAccess, request: InformationRequest, context) -> Exception | None:
    if request.booklet_pending:
        return StepRefused(_("The booklet is still being laid out; send it in a moment."))
    if not request.booklet:
        return StepRefused(_("Compile the booklet before sending it."))
    return None


REQUEST_STEPS = StepTable(
    "information_request",
    [
        Step(
            ANSWER,
            Role.MEMBER,
            (R.OPEN,),
            ANSWERS_COMPILED,
            members_only=True,
            condition=_addressed,
            label=gettext_lazy("answer the request"),
        ),
        Step(
            REMIND, Role.STAFF, (R.OPEN,), ANSWERS_COMPILED, label=gettext_lazy("remind who has not answered")
        ),
        Step(
            COMPILE,
            Role.STAFF,
            (R.OPEN, R.COMPILED),
            gettext_lazy("The booklet was sent to the members; it is not compiled again."),
            label=gettext_lazy("compile the booklet"),
        ),
        Step(
            SEND_BOOKLET,
            Role.STAFF,
            (R.COMPILED,),
            {
                R.OPEN: gettext_lazy("Compile the booklet before sending it."),
                R.SENT: gettext_lazy("The booklet was sent already."),
            },
            condition=_booklet_ready,
            label=gettext_lazy("send the booklet"),
        ),
    ],
    state_of=lambda request: request.status,
)
