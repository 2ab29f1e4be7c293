"""What a user may do, and why not: the one table of steps on sessions, resolutions and requests.

Each app declares its steps in a ``StepTable`` (``meetings.steps`` for a session — planning it,
writing its minutes, signing them — and ``resolutions.steps`` for a resolution and an information
request). A step names the least role that takes it (or that only a member organization's user
does), the states of its subject in which it is open, and any further condition. Actions
``require`` a step before they change anything; views ask ``refusal`` to answer 403 or say why;
templates read ``available`` (``{% if steps.sign %}``) and ``reasons`` (why a step is closed). A
refusal is ``PermissionDenied`` when the step is not the user's to take, ``StepRefused`` when the
state of things does not allow it now; its message says why, in Persian.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from secretariat.access import GroupAccess, Role


class StepRefused(ValidationError):
    """A step the state of things does not allow now; the message says why, in Persian."""


ROLE_REFUSALS = {
    Role.MEMBER: _("Only the working group's members may do this."),
    Role.STAFF: _("Only the secretariat may do this."),
    Role.SECRETARY: _("Only the working group's secretary may do this."),
}
MEMBERS_ONLY = _("Only a member organization's user may do this.")

# A further condition: given the user's access, the subject and what the caller knows besides
# (the minutes out for signature, say), the refusal, or ``None``.
Condition = Callable[[GroupAccess, Any, Any], Exception | None]


@dataclass(frozen=True)
class Step:
    name: str
    role: Role
    states: tuple[str, ...] | None = None  # the states of the subject where it is open; None: any
    wrong_state: Promise | str | Mapping[str, Promise | str] = ""  # why not, or why not in each state
    members_only: bool = False  # taken by a member organization's user, not by the secretariat
    condition: Condition | None = None
    label: Promise | str = ""


class StepTable:
    """The steps on one kind of subject; ``state_of`` reads a subject's state."""

    def __init__(self, subject: str, steps: list[Step], *, state_of: Callable[[Any], str]) -> None:
        self.subject = subject
        self.steps = {step.name: step for step in steps}
        self.state_of = state_of
        TABLES[subject] = self

    def refusal(self, name: str, access: GroupAccess, subject: Any, context: Any = None) -> Exception | None:
        """Why ``access`` may not take step ``name`` on ``subject`` now, or ``None`` if it may."""
        step = self.steps[name]
        if access.role < step.role:
            return PermissionDenied(str(ROLE_REFUSALS[step.role]))
        if step.members_only and not (access.is_member and access.organization is not None):
            return PermissionDenied(str(MEMBERS_ONLY))
        if step.states is not None:
            state = self.state_of(subject)
            if state not in step.states:
                why = (
                    step.wrong_state.get(state, "")
                    if isinstance(step.wrong_state, Mapping)
                    else step.wrong_state
                )
                return StepRefused(str(why))
        if step.condition is not None:
            return step.condition(access, subject, context)
        return None

    def require(self, name: str, access: GroupAccess, subject: Any, context: Any = None) -> None:
        """Raise the reason ``access`` may not take step ``name`` now, if there is one."""
        error = self.refusal(name, access, subject, context)
        if error is not None:
            raise error

    def available(self, access: GroupAccess, subject: Any, context: Any = None) -> dict[str, bool]:
        """Every step by name, and whether ``access`` may take it now: ``{% if steps.sign %}``."""
        return {name: self.refusal(name, access, subject, context) is None for name in self.steps}

    def reasons(self, access: GroupAccess, subject: Any, context: Any = None) -> dict[str, str]:
        """Why each closed step is closed, for a page to say so beside it."""
        found = {}
        for name in self.steps:
            error = self.refusal(name, access, subject, context)
            if error is not None:
                found[name] = " ".join(getattr(error, "messages", None) or [str(error)])
        return found


TABLES: dict[str, StepTable] = {}
