"""What the API answers and accepts: the OpenAPI contract, field by field.

Dates are ISO (``2012-10-21``) with the Jalali day beside them in Latin digits (``1391/07/30``),
which a program parses as readily as a person reads.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from secretariat.persian import to_jalali


def jalali(value: datetime.date | None) -> str | None:
    if value is None:
        return None
    day = to_jalali(value)
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


class Message(Schema):
    fa: str = Field(description="The message in Persian.")
    en: str = Field(description="The message in English.")


class Error(Schema):
    code: str = Field(description="A stable name of the error: not_found, forbidden, invalid, throttled…")
    message: Message
    fields: dict[str, list[Message]] = Field(
        default_factory=dict, description="Errors beside each field sent."
    )


class OrganizationRef(Schema):
    id: int
    name: str


class Group(Schema):
    slug: str
    name: str
    role: str = Field(description="The caller's role in the group: member, staff or secretary.")
    organization: OrganizationRef | None = Field(description="The organization the caller acts for.")


class AgendaItem(Schema):
    number: int
    title: str
    kind: str
    state: str = Field(description="accepted; staff also see suggested and dropped items.")


class RevisionRef(Schema):
    number: int
    finalized_at: datetime.datetime | None
    published_at: datetime.datetime | None
    verification_code: str


class Session(Schema):
    number: int
    status: str = Field(description="planned, held, circulated, signed or published.")
    city: str
    venue: str
    host_organization: OrganizationRef | None
    days: list[datetime.date]
    days_jalali: list[str]
    approximate_date: datetime.date | None
    proposals_until: datetime.date | None
    replies_until: datetime.date | None


class PageIn(Schema):
    page: int = Field(1, ge=1, le=100000, description="Pages of 50, from 1.")


class Paged(Schema):
    count: int = Field(description="How many there are in all.")
    page: int
    pages: int


class SessionPage(Paged):
    items: list[Session]


class SessionDetail(Session):
    agenda: list[AgendaItem]
    signed_revisions: list[RevisionRef] = Field(description="The signed revisions the caller may read.")


class Signature(Schema):
    signer_name: str
    organization_name: str
    position: str
    signed_at: datetime.datetime
    on_paper: bool
    reservation: str


class Revision(RevisionRef):
    session: int
    content: dict[str, Any] = Field(
        description="The frozen facts of the minutes, as the signed PDF carries them."
    )
    signatures: list[Signature]


class FollowUp(Schema):
    id: int
    organization: OrganizationRef
    reported_on: datetime.date
    reported_on_jalali: str
    text: str
    progress: int | None
    proposed_status: str
    review: str = Field(description="submitted, accepted or returned.")
    review_comment: str


class Resolution(Schema):
    id: int
    label: str
    session: int
    number: int
    verb: str
    text: str
    responsible_kind: str = Field(
        description="Empty while a correction is drafted: the signed words are in `responsible`."
    )
    responsible: str = Field(description="Who acts, in words.")
    responsible_organization: OrganizationRef | None
    responsible_committee_id: int | None
    collaborators: list[str]
    deadline: datetime.date | None = Field(description="The deadline in force (extended, if it was).")
    deadline_jalali: str | None
    deadline_text: str
    deadline_next_session: bool
    status: str
    in_force: bool = Field(description="Its minutes were signed: only then is anything due.")
    progress: int | None = Field(description="The percentage of its latest accepted report.")


class ResolutionPage(Paged):
    items: list[Resolution]


class ResolutionDetail(Resolution):
    follow_ups: list[FollowUp]


class CommitteeMember(Schema):
    organization: OrganizationRef
    role: str = Field(description="lead or collaborator.")


class Committee(Schema):
    id: int
    name: str
    mandate: str
    is_active: bool
    members: list[CommitteeMember]


class InformationRequest(Schema):
    id: int
    title: str
    question: str
    deadline: datetime.date
    deadline_jalali: str
    status: str
    resolution_id: int | None
    facts: list[dict[str, Any]] = Field(description="What is asked, fact by fact: label, kind, choices.")
    answered: bool = Field(description="The caller's organization has answered.")


# ---- what is sent


class ReplyIn(Schema):
    answer: Literal["representative", "substitute", "absent"]
    honorific: str = ""
    title: str = ""
    first_name: str = Field("", max_length=200)
    last_name: str = Field("", max_length=200)
    position: str = Field("", max_length=500)
    reason: str = Field("", max_length=2000)
    letter_number: str = Field("", max_length=50)
    letter_date: datetime.date | None = None


class Reply(Schema):
    session: int
    answer: str
    attendee_name: str


class ProposalIn(Schema):
    title: str = Field(max_length=2000)
    explanation: str = Field("", max_length=20000)


class Proposal(Schema):
    id: int
    session: int
    title: str
    status: str


class ExtensionIn(Schema):
    requested_deadline: datetime.date
    reason: str = Field(max_length=5000)


class Extension(Schema):
    id: int
    resolution_id: int
    requested_deadline: datetime.date
    requested_deadline_jalali: str
    status: str


class AnswerIn(Schema):
    text: str = Field("", max_length=20000)
    values: dict[str, str] = Field(default_factory=dict, description="A value per fact's label, as text.")


class Answer(Schema):
    request_id: int
    organization: OrganizationRef
    answered_at: datetime.datetime
