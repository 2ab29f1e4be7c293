"""A committee assigned anew at a later session: the rule of succession, written once in
``committees.actions.assign_committee`` and used by the importer."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from committees.actions import assign_committee
from committees.models import Committee, CommitteeAssignment
from secretariat.access import access_for, command_line_access
from tests.resolutions.factories import isfahan, tehran


@pytest.fixture
def legal(demo_group) -> Committee:
    return Committee.objects.get(working_group=demo_group, name="کمیته حقوقی")


def roles(committee: Committee) -> dict[str, str]:
    return {
        a.organization.city: a.role for a in committee.assignments.current().select_related("organization")
    }


def test_a_changed_role_ends_at_the_session_and_the_new_one_starts_there(legal, session13):
    before = roles(legal)
    assert before[tehran().city] == CommitteeAssignment.Role.LEAD
    assign_committee(
        command_line_access(legal.working_group),
        legal,
        meeting=session13,
        name=legal.name,
        lead=isfahan(),
        collaborators=[tehran()],
    )
    after = roles(legal)
    assert after == {
        isfahan().city: CommitteeAssignment.Role.LEAD,
        tehran().city: CommitteeAssignment.Role.COLLABORATOR,
    }
    ended = legal.assignments.filter(until_meeting=session13)
    assert {a.organization.city for a in ended} == set(before)  # each role on record changed or ended
    assert legal.working_group.audit_records.filter(action="committee.assigned").exists()


def test_an_unrecognized_lead_leaves_the_lead_on_record(legal, session13):
    assign_committee(
        command_line_access(legal.working_group),
        legal,
        meeting=session13,
        name=legal.name,
        lead=None,
        collaborators=[],
    )
    assert roles(legal) == {tehran().city: CommitteeAssignment.Role.LEAD}


def test_members_do_not_assign_committees(legal, session13, tehran_user):
    with pytest.raises(PermissionDenied):
        assign_committee(
            access_for(tehran_user, legal.working_group),
            legal,
            meeting=session13,
            name=legal.name,
            lead=tehran(),
            collaborators=[],
        )
