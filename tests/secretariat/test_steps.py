"""Every step of every table (``secretariat.steps.TABLES``), for every role and every state of its
subject: open exactly where the table says, and otherwise refused with a reason in Persian — the
role's when the step is not the user's, the state's when it is not open now."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.exceptions import PermissionDenied

from meetings import steps as session_steps
from meetings.models import Meeting
from resolutions import steps as resolution_steps
from resolutions.models import InformationRequest, Resolution
from secretariat.access import GroupAccess, Role, access_for
from secretariat.lifecycle import SessionStatus
from secretariat.steps import MEMBERS_ONLY, ROLE_REFUSALS, TABLES, StepRefused

PERSIAN = re.compile(r"[\u0600-\u06FF]{3}")

STATES = {
    "session": list(SessionStatus.values),
    "resolution": [resolution_steps.DRAFT, resolution_steps.OPEN, resolution_steps.CLOSED],
    "information_request": list(InformationRequest.Status.values),
}
ROLES = ["anonymous", "tehran", "staff", "secretary"]
CASES = [(table, step, role) for table in sorted(TABLES) for step in TABLES[table].steps for role in ROLES]


def test_every_table_is_read_here():
    assert set(TABLES) == set(STATES)
    assert TABLES["session"] is session_steps.STEPS
    assert TABLES["resolution"] is resolution_steps.RESOLUTION_STEPS


def _session(meeting: Meeting, state: str) -> Meeting:
    subject = copy.copy(meeting)
    subject.status = state
    return subject


def _resolution(resolution: Resolution, state: str) -> Resolution:
    subject = copy.copy(resolution)
    subject.meeting = copy.copy(resolution.meeting)
    if state == resolution_steps.DRAFT:
        subject.first_signed_revision = None
        subject.meeting.status = SessionStatus.HELD
    subject.status = Resolution.Status.DONE if state == resolution_steps.CLOSED else Resolution.Status.OPEN
    return subject


def _request(request: InformationRequest, state: str) -> InformationRequest:
    subject = copy.copy(request)
    subject.status = state
    return subject


@pytest.fixture
def accesses(demo_group, secretary, staff_user, tehran_user) -> dict[str, GroupAccess]:
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": access_for(AnonymousUser(), demo_group),
        "tehran": access_for(tehran_user, demo_group),
        "staff": access_for(staff_user, demo_group),
        "secretary": access_for(secretary, demo_group),
    }


@pytest.fixture
def subjects(session12, session13):
    resolution = Resolution.objects.get(meeting=session12, number=1)  # Tehran leads its committee
    request = InformationRequest.objects.filter(working_group=session12.working_group).first()
    return {
        "session": lambda state: _session(session13, state),
        "resolution": lambda state: _resolution(resolution, state),
        "information_request": lambda state: _request(request, state),
    }


def _reason(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@pytest.mark.parametrize(("table_name", "step_name", "role"), CASES, ids=["-".join(case) for case in CASES])
def test_a_step_is_open_where_its_table_says_and_says_why_not_elsewhere(
    accesses, subjects, table_name, step_name, role
):
    table = TABLES[table_name]
    step = table.steps[step_name]
    access = accesses[role]
    for state in STATES[table_name]:
        subject = subjects[table_name](state)
        refusal = table.refusal(step_name, access, subject)
        where = f"{step_name} as {role} in {state}"
        if access.role < step.role:
            assert isinstance(refusal, PermissionDenied), where
            assert _reason(refusal) == str(ROLE_REFUSALS[step.role]), where
        elif step.members_only and access.organization is None:
            assert isinstance(refusal, PermissionDenied) and _reason(refusal) == str(MEMBERS_ONLY), where
        elif step.states is not None and state not in step.states:
            assert isinstance(refusal, StepRefused), where
            assert PERSIAN.search(_reason(refusal)), f"{where}: no reason given ({_reason(refusal)!r})"
        elif step.condition is None:
            assert refusal is None, where
        else:
            assert refusal is None or PERSIAN.search(_reason(refusal)), where
        assert table.available(access, subject)[step_name] is (refusal is None), where
        if refusal is not None:
            assert table.reasons(access, subject)[step_name] == _reason(refusal), where
            with pytest.raises(type(refusal)):
                table.require(step_name, access, subject)


def test_every_step_is_open_to_someone_in_some_state():
    for table in TABLES.values():
        for step in table.steps.values():
            assert step.role > Role.NONE and step.label, step.name
            assert step.states is None or set(step.states) <= set(STATES[table.subject]), step.name
