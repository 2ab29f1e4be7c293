"""The lifecycle as random sequences of steps (#22): staff and members draft, delete, hold,
circulate, withdraw, sign, ask for and accept changes, finalize, publish and correct the minutes of
two sessions — a new one and the demo's published 12th — while an operator renames an organization
and changes the numbering. After every step:

- no member reads a draft anywhere: the tracker, the Excel export, the session pages, its home and
  the group's calendar show each member exactly the resolutions its reading of each session holds
  (``secretariat.lifecycle.READS``), the Word file too when it is asked for;
- what every signed revision says, and the register numbers it gave, never change;
- a step the table allows (``meetings.steps``) succeeds, a step it refuses changes nothing.

Every resolution drafted here carries a marker word («نشانگر۱۲») so that a page can be searched
for the markers it shows; the model below says which each member should see.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from docx import Document
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from openpyxl import load_workbook

from meetings import steps as session_steps
from meetings.access import circulated_revision
from meetings.minutes import actions as minutes_actions
from meetings.minutes.actions import AttendanceEntry
from meetings.minutes.document import minutes_view
from meetings.models import Attendance, ChangeRequest, Meeting, MinutesRevision, Signature
from meetings.planning import actions as planning_actions
from meetings.signing import actions as signing_actions
from resolutions import actions as resolution_actions
from resolutions.models import Resolution
from secretariat import actions as core_actions
from secretariat.access import access_for
from secretariat.lifecycle import Stage
from secretariat.models import Person, WorkingGroup
from secretariat.persian import to_persian_digits
from tests.resolutions.factories import isfahan, tehran
from tests.tasks import DATABASE_TASKS

MARKER = "نشانگر"
MARKERS = re.compile(MARKER + "[۰-۹]+")
ACTORS = ["tehran", "isfahan", "staff", "secretary"]
MEMBERS = ["tehran", "isfahan"]
# A walk through open steps takes these more often, so that it reaches signed and published minutes.
FORWARD = {"circulate": 3, "sign": 3, "finalize": 4, "publish": 3, "correct": 2}
SESSIONS = [12, 20]
REFUSED = (PermissionDenied, ValidationError)

# A fixed budget in the suite; HYPOTHESIS_LIFECYCLE_EXAMPLES=200 explores further.
BUDGET = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_LIFECYCLE_EXAMPLES", "10")),
    stateful_step_count=12,
    deadline=None,
    derandomize="HYPOTHESIS_LIFECYCLE_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@dataclass
class SessionTexts:
    """The markers of one session's resolutions: in its rows now, as circulated, as last signed
    and as last published."""

    rows: set[str] = field(default_factory=set)
    circulated: set[str] | None = None
    ever_circulated: set[str] = field(default_factory=set)  # shown to its attendees once
    signed: set[str] = field(default_factory=set)
    published: set[str] = field(default_factory=set)

    def read_by(self, stage: Stage, attendee: bool) -> set[str]:
        """What a member organization reads of the session's markers (``READS``)."""
        if stage in (Stage.PLANNED, Stage.DRAFT):
            return set()
        if not attendee:
            return set(self.published)
        if stage == Stage.CIRCULATED:
            return set(self.circulated or ())
        if stage == Stage.PUBLISHED:
            return set(self.published)
        return set(self.signed)  # signed, or signed and being corrected


def markers_in(text: str) -> set[str]:
    return set(MARKERS.findall(text))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class Lifecycle(RuleBasedStateMachine):
    world: dict = {}
    taken: Counter = Counter()  # (step, "done" or "refused") → how often, over every example

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        world = self.world
        self.group: WorkingGroup = world["group"]
        self.clients = world["clients"]
        self.operator = world["operator"]
        self.access = {role: access_for(user, self.group) for role, user in world["users"].items()}
        staff = self.access["staff"]
        self.meetings = {12: Meeting.objects.get(working_group=self.group, number=12)}
        new = planning_actions.create_session(
            staff,
            number=20,
            fields={"host_organization": tehran(), "city": "کرج"},
            days=[datetime.date(2026, 11, 20)],
            sittings=["morning"],
        )
        tehran_person = Person.objects.get(user__username="tehran")
        minutes_actions.record_attendance(
            staff,
            new,
            [
                AttendanceEntry(person=tehran_person, organization=tehran()),
                AttendanceEntry(person=None, kind=Attendance.Kind.ABSENT, organization=isfahan()),
            ],
        )
        self.meetings[20] = new
        self.texts = {number: SessionTexts() for number in SESSIONS}
        self.counter = 0
        self.frozen: dict[int, str] = {}  # a finalized revision's id → the hash of what it says
        self.last_read: tuple | None = None
        self._remember_frozen()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- helpers --------------------------------------------------------------------------------

    def meeting(self, number: int) -> Meeting:
        return Meeting.objects.get(pk=self.meetings[number].pk)

    def fingerprint(self) -> tuple:
        """Everything a refused step must leave as it was."""
        return (
            tuple(
                Meeting.objects.filter(working_group=self.group)
                .order_by("pk")
                .values_list("pk", "status", "version")
            ),
            tuple(Resolution.objects.order_by("pk").values_list("pk", "number", "register_number", "text")),
            tuple(
                MinutesRevision.objects.order_by("pk").values_list(
                    "pk", "circulated_at", "finalized_at", "published_at", "content"
                )
            ),
            Signature.objects.count(),
            tuple(ChangeRequest.objects.order_by("pk").values_list("pk", "state")),
        )

    def attempt(self, step: str | None, actor: str, number: int, action, *, context=None, also_refused=None):
        """Take ``action`` as ``actor``; the step table (and ``also_refused``, a refusal of the
        subject itself) says beforehand whether it may. Returns the action's result, or ``None``."""
        meeting = self.meeting(number)
        refusal = session_steps.refusal(step, self.access[actor], meeting, context) if step else None
        refusal = refusal or also_refused
        before = self.fingerprint()
        try:
            result = action(self.access[actor], meeting)
        except REFUSED as error:
            assert refusal is not None, f"{step} as {actor} on {number}: open, yet refused: {error}"
            assert self.fingerprint() == before, f"{step} as {actor} on {number}: refused, yet changed"
            self.taken[(step, "refused")] += 1
            return None
        assert refusal is None, f"{step} as {actor} on {number}: closed ({refusal}), yet done"
        self.taken[(step, "done")] += 1
        return result

    def signing_view(self, number: int):
        meeting = self.meeting(number)
        return minutes_view(meeting, circulated_revision(meeting)) if meeting.is_circulated else None

    def _remember_frozen(self) -> None:
        for revision in MinutesRevision.objects.final():
            self.frozen.setdefault(revision.pk, self._hash(revision.content))

    @staticmethod
    def _hash(content) -> str:
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()

    # -- steps ----------------------------------------------------------------------------------

    @initialize(held=st.booleans())
    def start(self, held):
        """The new session starts planned, or held already (its minutes to write)."""
        if held:
            minutes_actions.mark_held(self.access["staff"], self.meeting(20))

    # Each operation: the step it takes, and how — the action, and any refusal of its subject itself
    # (a signed resolution is not deleted) — or ``None``: nothing to take it on now.

    def draft(self, access, meeting, number):
        self.counter += 1
        marker = MARKER + to_persian_digits(self.counter)
        text = f"{marker} مصوبه آزمایشی"
        return (
            lambda: minutes_actions.add_resolution(
                access, meeting, text=text, responsible_organization=tehran()
            )
        ), None

    def delete(self, access, meeting, number):
        resolutions = list(meeting.resolutions.order_by("-number"))
        if not resolutions:
            return None
        chosen = resolutions[self.counter % len(resolutions)]
        return (
            lambda: minutes_actions.delete_resolution(access, chosen) or chosen
        ), chosen.deletion_refusal()

    def ask_for_a_change(self, access, meeting, number):
        return (lambda: signing_actions.request_change(access, meeting, text="بند ۲ را اصلاح کنید.")), None

    def accept_a_change(self, access, meeting, number):
        request = meeting.change_requests.filter(state=ChangeRequest.State.OPEN).first()
        if request is None:
            return None
        return (lambda: signing_actions.accept_change_request(access, request) + 1), None

    def simply(action):
        return lambda self, access, meeting, number: ((lambda: action(access, meeting) or True), None)

    OPERATIONS = {
        "draft": (session_steps.EDIT, draft),
        "delete": (session_steps.EDIT, delete),
        "hold": (session_steps.HOLD, simply(minutes_actions.mark_held)),
        "circulate": (session_steps.CIRCULATE, simply(signing_actions.circulate)),
        "withdraw": (session_steps.WITHDRAW, simply(lambda a, m: signing_actions.withdraw(a, m) + 1)),
        "sign": (session_steps.SIGN, simply(signing_actions.sign)),
        "ask_for_a_change": (session_steps.REQUEST_CHANGE, ask_for_a_change),
        "accept_a_change": (session_steps.DECIDE_CHANGE, accept_a_change),
        "finalize": (session_steps.FINALIZE, simply(signing_actions.finalize)),
        "publish": (session_steps.PUBLISH, simply(signing_actions.publish)),
        "correct": (
            session_steps.CORRECT,
            simply(lambda a, m: signing_actions.open_correction(a, m, reason="اصلاح")),
        ),
    }
    del simply

    def perform(self, operation: str, actor: str, number: int) -> None:
        step, prepare = self.OPERATIONS[operation]
        meeting = self.meeting(number)
        access = self.access[actor]
        prepared = prepare(self, access, meeting, number)
        if prepared is None:
            return
        action, own_refusal = prepared
        refusal = session_steps.refusal(step, access, meeting, self.signing_view(number)) or own_refusal
        before = self.fingerprint()
        try:
            result = action()
        except REFUSED as error:
            assert refusal is not None, f"{operation} as {actor} on {number}: open, yet refused: {error}"
            assert self.fingerprint() == before, f"{operation} as {actor} on {number}: refused, yet changed"
            self.taken[(step, "refused")] += 1
            return
        assert refusal is None, f"{operation} as {actor} on {number}: closed ({refusal}), yet done"
        self.taken[(step, "done")] += 1
        if os.environ.get("LIFECYCLE_TRACE"):
            print("done", operation, actor, number, repr(self.texts), self.meeting(number).stage)
        self.follow(operation, number, result)

    def follow(self, operation: str, number: int, result) -> None:
        """The model's side of an operation that was done."""
        texts = self.texts[number]
        if operation == "draft":
            texts.rows |= markers_in(result.text)
        elif operation == "delete":
            texts.rows -= markers_in(result.text)
        elif operation == "circulate":
            texts.circulated = set(texts.rows)
            texts.ever_circulated |= texts.rows
        elif operation in ("withdraw", "accept_a_change"):
            texts.circulated = None
        elif operation == "finalize":
            texts.signed, texts.circulated = set(texts.circulated or ()), None
        elif operation == "publish":
            texts.published = set(texts.signed)
        self._remember_frozen()

    @rule(
        operation=st.sampled_from(sorted(OPERATIONS)),
        actor=st.sampled_from(ACTORS),
        number=st.sampled_from(SESSIONS),
    )
    def try_a_step(self, operation, actor, number):
        """Any step, by anyone, on either session: mostly refused, and then nothing changes."""
        self.perform(operation, actor, number)

    @rule(number=st.sampled_from([20, 20, 12]), picks=st.lists(st.integers(0, 1000), min_size=1, max_size=8))
    def walk_through_open_steps(self, number, picks):
        """Steps the table opens now on the session, one after the other, each by one of those it
        opens it to — checking the invariants after each."""
        for pick in picks:
            meeting = self.meeting(number)
            context = self.signing_view(number)
            open_now = [
                (operation, actor)
                for operation, (step, _prepare) in sorted(self.OPERATIONS.items())
                for actor in ACTORS
                if session_steps.refusal(step, self.access[actor], meeting, context) is None
                for _weight in range(FORWARD.get(operation, 1))
            ]
            if not open_now:
                return
            closed_now = [
                (operation, actor)
                for operation, (step, _prepare) in sorted(self.OPERATIONS.items())
                for actor in ACTORS
                if session_steps.refusal(step, self.access[actor], meeting, context) is not None
            ]
            if closed_now:  # one step the table closes now is tried too: refused, it changes nothing
                self.perform(*closed_now[(pick * 7) % len(closed_now)], number)
            self.perform(*open_now[pick % len(open_now)], number)
            self.members_read_only_what_their_reading_holds()
            self.signed_revisions_and_their_numbers_never_change()

    @rule(name=st.sampled_from(["سازمان میادین تهران (نام تازه)", "سازمان میادین و ساماندهی مشاغل تهران"]))
    def rename_an_organization(self, name):
        core_actions.save_organization(self.operator, tehran(), {"name": name})

    @rule(continuous=st.booleans(), first=st.sampled_from([1, 780]), since=st.sampled_from([1, 12, 20]))
    def change_the_numbering(self, continuous, first, since):
        scheme = WorkingGroup.Numbering.CONTINUOUS if continuous else WorkingGroup.Numbering.WITHIN_SESSION
        resolution_actions.save_working_group(
            self.operator,
            self.group,
            {
                "resolution_numbering": scheme,
                "first_resolution_number": first,
                "numbering_from_session": since,
            },
        )

    @rule(reader=st.sampled_from(MEMBERS), number=st.sampled_from(SESSIONS))
    def read_the_word_file(self, reader, number):
        """The minutes as a Word file hold exactly what the member reads of them, or nothing at all."""
        expected = self.expected(reader, number)
        response = self.clients[reader].get(f"/g/meydan/sessions/{number}/minutes.docx")
        if response.status_code == 404:
            assert not expected, f"{reader} finds no Word file of {number}, yet reads {expected}"
            return
        assert response.status_code == 200
        document = Document(io.BytesIO(body(response)))
        text = " ".join(p.text for p in document.paragraphs) + " ".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        assert markers_in(text) == expected, (reader, number)

    # -- invariants -----------------------------------------------------------------------------

    def is_attendee(self, reader: str, number: int) -> bool:
        organization = self.access[reader].organization
        return (
            self.meeting(number)
            .attendances.filter(organization=organization, kind__in=Attendance.Kind.attending())
            .exists()
        )

    def expected(self, reader: str, number: int) -> set[str]:
        meeting = self.meeting(number)
        return self.texts[number].read_by(meeting.stage, self.is_attendee(reader, number))

    @invariant()
    def members_read_only_what_their_reading_holds(self):
        # A refused step changed nothing (``attempt`` asserts it): what members read was read already.
        state = (self.fingerprint(), repr(self.texts))
        if state == self.last_read:
            return
        self.last_read = state
        for reader in MEMBERS:
            client = self.clients[reader]
            everywhere = set().union(*(self.expected(reader, number) for number in SESSIONS))
            tracker = client.get("/g/meydan/resolutions/", {"q": MARKER}).content.decode()
            assert markers_in(tracker) == everywhere, f"the tracker as {reader}"
            sheet = load_workbook(
                io.BytesIO(client.get("/g/meydan/resolutions/export.xlsx", {"q": MARKER}).content)
            )
            cells = " ".join(str(cell.value) for row in sheet.active.iter_rows() for cell in row)
            assert markers_in(cells) == everywhere, f"the export as {reader}"
            for number in SESSIONS:
                # The session's page holds what the member reads; an attendee may also see what was
                # circulated to it before, as "what changed since" the minutes went out again.
                page = markers_in(client.get(f"/g/meydan/sessions/{number}/").content.decode())
                reads = self.expected(reader, number)
                seen = self.texts[number].ever_circulated if self.is_attendee(reader, number) else set()
                assert reads <= page <= reads | seen, f"session {number} as {reader}: {page}, reads {reads}"

    @rule(reader=st.sampled_from(MEMBERS))
    def look_at_home_and_the_calendar(self, reader):
        """A member's home and the group's calendar show nothing of a draft."""
        everywhere = set().union(*(self.expected(reader, number) for number in SESSIONS))
        for url in ("/", "/g/meydan/calendar.ics"):
            assert markers_in(self.clients[reader].get(url).content.decode()) <= everywhere, (
                f"{url} as {reader}"
            )

    @invariant()
    def signed_revisions_and_their_numbers_never_change(self):
        for revision in MinutesRevision.objects.final():
            assert self._hash(revision.content) == self.frozen[revision.pk], f"revision {revision.pk} changed"
        for resolution in Resolution.objects.exclude(first_signed_revision=None).select_related("meeting"):
            revision = resolution.meeting.revisions.get(number=resolution.first_signed_revision)
            if not revision.content:
                continue
            (entry,) = [e for e in revision.content["resolutions"] if e["resolution_id"] == resolution.pk]
            assert entry["register_number"] == resolution.register_number, resolution.label
            assert entry["number"] == resolution.number, resolution.label


@pytest.mark.django_db
def test_the_lifecycle_holds_whatever_the_order_of_steps(
    demo_group, clients, secretary, staff_user, tehran_user, isfahan_user, operator, no_seal, settings
):
    settings.TASKS = DATABASE_TASKS  # finalizing queues the signed PDF; nothing here lays it out
    Lifecycle.world = {
        "group": demo_group,
        "clients": clients,
        "operator": operator,
        "users": {
            "tehran": tehran_user,
            "isfahan": isfahan_user,
            "staff": staff_user,
            "secretary": secretary,
        },
    }
    Lifecycle.taken.clear()
    run_state_machine_as_test(Lifecycle, settings=BUDGET)
    print(sorted(Lifecycle.taken.items()))
    # The budget reaches far enough to mean something: each of these steps was taken, and several
    # kinds were refused (and then changed nothing).
    for step in (session_steps.EDIT, session_steps.CIRCULATE, session_steps.SIGN, session_steps.FINALIZE):
        assert Lifecycle.taken[(step, "done")], step
    assert len({step for step, outcome in Lifecycle.taken if outcome == "refused"}) >= 4
