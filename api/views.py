"""The JSON API under ``/api/v1/``: what a member organization's own system reads and does.

Every read goes through the same access helpers and ``visible_to`` as the pages; every write
through the same actions (``meetings.planning.actions``, ``resolutions.actions``), so that a token
of Tehran never sees or does what Tehran's user could not. The OpenAPI document at
``/api/v1/schema/`` is the contract; ``tests/api`` and Schemathesis in CI hold the answers to it.
"""

from __future__ import annotations

import datetime
import functools
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from ninja import File, Form, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError
from ninja.files import UploadedFile
from ninja.renderers import JSONRenderer

from api import schemas
from api.auth import RATE, Caller, TokenAuth
from api.errors import error_body, validation_error_body
from committees.models import Committee
from meetings.models import AgendaItem, Meeting, MinutesRevision
from meetings.planning import actions as planning
from resolutions import actions as resolution_actions
from resolutions.forms import FollowUpForm
from resolutions.models import FollowUp, InformationRequest, Resolution
from secretariat.access import GroupAccess, Role, get_group_for_user, groups_for_user
from secretariat.persian import normalize_text
from secretariat.steps import StepRefused


class PersianJSONRenderer(JSONRenderer):
    """JSON in UTF-8 as it is read: Persian letters, not ``\\u`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


class SecretariatAPI(NinjaAPI):
    """The interface, whose OpenAPI document follows from the code alone (the same in every
    language): made once a process, not on every request for ``/schema/`` or the reference page."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        made = self._made_schemas.get(path_prefix)
        if made is None:
            made = self._made_schemas[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return made

    @functools.cached_property
    def _made_schemas(self) -> dict:
        return {}


api = SecretariatAPI(
    title="Secretariat API",
    version="1",
    description=(
        "The working group's sessions, agenda, signed minutes, resolutions, committees and "
        "information requests, for a member organization's own systems; and the steps its users "
        "take on the pages: reply to an invitation, propose an agenda item, report on a resolution, "
        "ask for more time, answer a request. Authenticate with `Authorization: Bearer <token>`; "
        "tokens are made on the site's page «توکن‌های دسترسی».\n\n"
        "Webhooks, registered on «وب‌هوک‌ها» (`/accounts/webhooks/`), receive each event as a POST of "
        "JSON: `event` (session.planned, invitation.issued, minutes.circulated, minutes.signed, "
        "minutes.published, resolution.assigned, deadline.near, deadline.passed, report.accepted, "
        "request.opened), `delivery`, `occurred_at`, `group`, the identifiers it is about and `links` "
        "to read them here. Headers: `X-Secretariat-Event`, `X-Secretariat-Delivery`, "
        "`X-Secretariat-Timestamp` and `X-Secretariat-Signature: sha256=<hex>`, the HMAC-SHA256 with "
        "the webhook's secret of `<timestamp>.<body>`. Answer 2xx; anything else is tried again after "
        "1, 5, 30 and 120 minutes."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[RATE],
    openapi_url="/schema/",
    docs_url=None,
    renderer=PersianJSONRenderer(),
)
ERRORS = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
}

NOT_FOUND = _("Nothing of that is there for you.")
FORBIDDEN = _("You may not do this.")
UNAUTHORIZED = _("Send a valid token: Authorization: Bearer <token>.")
INVALID = _("Some of what was sent is not right; see beside each field.")
THROTTLED = _("Too many calls; try again in a little while.")
UNREADABLE = _("The request could not be read: send JSON (or, for a report, a multipart form) in UTF-8.")
READ_ONLY = _("This token may only read.")
PAGE_SIZE = 50


def _answer(request: HttpRequest, status: int, body: dict):
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return _answer(request, 404, error_body("not_found", NOT_FOUND))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    message = exc.args[0] if exc.args and exc.args[0] else FORBIDDEN
    return _answer(request, 403, error_body("forbidden", message))


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return _answer(request, 401, error_body("unauthorized", UNAUTHORIZED))


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = _answer(request, 429, error_body("throttled", THROTTLED))
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(SchemaValidationError)
def schema_invalid(request, exc):
    fields: dict[str, list] = {}
    for error in exc.errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "query", "path", "form", "payload")
        ]
        fields.setdefault(".".join(location) or "__all__", []).append(error.get("msg", ""))
    return _answer(request, 422, error_body("invalid", INVALID, fields))


@api.exception_handler(StepRefused)
def refused_now(request, exc):
    body = validation_error_body(exc, INVALID)
    body["code"] = "not_now"
    return _answer(request, 409, body)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return _answer(request, 422, validation_error_body(exc, INVALID))


@api.exception_handler(MultiPartParserError)
def unreadable_form(request, exc):
    return _answer(request, 400, error_body("bad_request", UNREADABLE))


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400:
        return _answer(request, 400, error_body("bad_request", UNREADABLE))
    return _answer(request, exc.status_code, error_body("error", str(exc)))


# ---- helpers


def _access(request: HttpRequest, slug: str, *, write: bool = False) -> GroupAccess:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if write and not caller.token.can_write:
        raise PermissionDenied(READ_ONLY)
    return get_group_for_user(request, slug)


def _organization(organization) -> dict | None:
    return None if organization is None else {"id": organization.pk, "name": organization.name}


def _session(meeting: Meeting) -> dict:
    days = [day.date for day in meeting.days.all()]
    return {
        "number": meeting.number,
        "status": meeting.status,
        "city": meeting.city,
        "venue": meeting.venue,
        "host_organization": _organization(meeting.host_organization),
        "days": days,
        "days_jalali": [schemas.jalali(day) for day in days],
        "approximate_date": meeting.approximate_date,
        "proposals_until": meeting.proposals_until,
        "replies_until": meeting.replies_until,
    }


def _resolution(resolution: Resolution) -> dict:
    deadline = resolution.effective_deadline
    # Read as a signed revision printed it (a correction is being drafted): the draft's responsible
    # party is not the caller's to see, only the words the revision printed (``responsible``).
    signed_only = getattr(resolution, "read_from_revision", False)
    return {
        "id": resolution.pk,
        "label": resolution.label,
        "session": resolution.meeting.number,
        "number": resolution.shown_number,
        "verb": resolution.verb,
        "text": resolution.text,
        "responsible_kind": "" if signed_only else resolution.responsible_kind,
        "responsible": resolution.responsible_label,
        "responsible_organization": None
        if signed_only
        else _organization(resolution.responsible_organization),
        "responsible_committee_id": None if signed_only else resolution.responsible_committee_id,
        "collaborators": [organization.name for organization in resolution.ordered_collaborators],
        "deadline": deadline,
        "deadline_jalali": schemas.jalali(deadline),
        "deadline_text": resolution.deadline_text,
        "deadline_next_session": resolution.deadline_next_meeting,
        "status": resolution.status,
        "in_force": resolution.is_in_force,
        "progress": getattr(resolution, "latest_progress", None),
    }


def _follow_up(follow_up: FollowUp) -> dict:
    return {
        "id": follow_up.pk,
        "organization": _organization(follow_up.organization),
        "reported_on": follow_up.reported_on,
        "reported_on_jalali": schemas.jalali(follow_up.reported_on),
        "text": follow_up.text,
        "progress": follow_up.progress,
        "proposed_status": follow_up.proposed_status,
        "review": follow_up.review,
        "review_comment": follow_up.review_comment,
    }


def _readable_revisions(access: GroupAccess, meeting: Meeting):
    from meetings.access import readable_final_revisions

    return readable_final_revisions(access, meeting)


def _revision_ref(revision: MinutesRevision) -> dict:
    return {
        "number": revision.number,
        "finalized_at": revision.finalized_at,
        "published_at": revision.published_at,
        "verification_code": revision.verification_code,
    }


def _sessions(access: GroupAccess):
    return (
        Meeting.objects.visible_to(access)
        .select_related("working_group", "host_organization")
        .prefetch_related("days")
    )


def _meeting(access: GroupAccess, number: int) -> Meeting:
    found = _sessions(access).filter(number=number).first()
    if found is None:
        raise Http404
    return found


def _paged(queryset, page: int, shape) -> dict:
    """One page of ``queryset`` (``PAGE_SIZE`` rows), each as ``shape`` makes it; a page past the
    last is empty, with the count that says so."""
    count = queryset.count()
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE]) if start < count else []
    return {
        "count": count,
        "page": page,
        "pages": max(1, -(-count // PAGE_SIZE)),
        "items": [shape(row) for row in rows],
    }


def _resolutions(access: GroupAccess):
    return (
        Resolution.objects.visible_to(access).with_listing_data().order_by("meeting__number", "number", "pk")
    )


# ---- reads

groups = Router(tags=["groups"])


@groups.get(
    "/",
    response={200: list[schemas.Group], **ERRORS},
    summary=gettext_noop("The working groups the caller has a role in"),
)
def list_groups(request):
    return [
        {
            "slug": access.group.slug,
            "name": access.group.name,
            "role": Role(access.role).name.lower(),
            "organization": _organization(access.organization),
        }
        for access in groups_for_user(request.user)
    ]


@groups.get(
    "/{slug}/sessions/",
    response={200: schemas.SessionPage, **ERRORS},
    summary=gettext_noop("Sessions, planned and held, the caller may open (newest first)"),
)
def list_sessions(request, slug: str, page: Query[schemas.PageIn]):
    access = _access(request, slug)
    return _paged(_sessions(access).order_by("-number"), page.page, _session)


@groups.get(
    "/{slug}/sessions/{number}/",
    response={200: schemas.SessionDetail, **ERRORS},
    summary=gettext_noop("A session: when, where, its agenda and the signed revisions the caller may read"),
)
def session_detail(request, slug: str, number: int):
    access = _access(request, slug)
    meeting = _meeting(access, number)
    items = meeting.agenda_items.order_by("number", "pk")
    if not access.is_staff:
        items = items.filter(state=AgendaItem.State.ACCEPTED)
    return {
        **_session(meeting),
        "agenda": [
            {"number": item.number, "title": item.title, "kind": item.kind, "state": item.state}
            for item in items
        ],
        "signed_revisions": [_revision_ref(revision) for revision in _readable_revisions(access, meeting)],
    }


@groups.get(
    "/{slug}/sessions/{number}/revisions/{revision}/",
    response={200: schemas.Revision, **ERRORS},
    summary=gettext_noop(
        "A signed revision of the minutes: the frozen facts its PDF carries, and who signed"
    ),
)
def revision_detail(request, slug: str, number: int, revision: int):
    access = _access(request, slug)
    meeting = _meeting(access, number)
    found = get_object_or_404(
        _readable_revisions(access, meeting).prefetch_related("signatures"), number=revision
    )
    return {
        **_revision_ref(found),
        "session": meeting.number,
        "content": found.content or {},
        "signatures": [
            {
                "signer_name": signature.signer_name,
                "organization_name": signature.organization_name,
                "position": signature.position,
                "signed_at": signature.signed_at,
                "on_paper": signature.on_paper,
                "reservation": signature.reservation,
            }
            for signature in found.signatures.all()
        ],
    }


class ResolutionFilters(Schema):
    status: Literal["open", "in_progress", "done", "dropped"] | None = None
    responsible: int | None = None
    deadline_before: datetime.date | None = None
    deadline_after: datetime.date | None = None
    mine: bool = False


@groups.get(
    "/{slug}/resolutions/",
    response={200: schemas.ResolutionPage, **ERRORS},
    summary=gettext_noop(
        "Resolutions the caller may read, by session and number; filter by status, responsible, deadline"
    ),
)
def list_resolutions(request, slug: str, filters: Query[ResolutionFilters], page: Query[schemas.PageIn]):
    access = _access(request, slug)
    found = _resolutions(access)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.responsible is not None:
        found = found.filter(responsible_organization_id=filters.responsible)
    if filters.deadline_before is not None or filters.deadline_after is not None:
        found = found.alias(deadline_in_force=Coalesce("extended_deadline", "deadline_date"))
    if filters.deadline_before is not None:
        found = found.filter(deadline_in_force__lte=filters.deadline_before)
    if filters.deadline_after is not None:
        found = found.filter(deadline_in_force__gte=filters.deadline_after)
    if filters.mine:
        if access.organization is None:
            return _paged(found.none(), page.page, _resolution)
        found = found.for_organization(access.organization)
    return _paged(found, page.page, _resolution)


@groups.get(
    "/{slug}/resolutions/{resolution_id}/",
    response={200: schemas.ResolutionDetail, **ERRORS},
    summary=gettext_noop("A resolution with the follow-up reports the caller may read"),
)
def resolution_detail(request, slug: str, resolution_id: int):
    access = _access(request, slug)
    resolution = get_object_or_404(_resolutions(access), pk=resolution_id)
    follow_ups = (
        FollowUp.objects.visible_to(access)
        .filter(resolution_id=resolution.pk)
        .select_related("organization")
        .order_by("reported_on", "pk")
    )
    return {**_resolution(resolution), "follow_ups": [_follow_up(report) for report in follow_ups]}


@groups.get(
    "/{slug}/committees/",
    response={200: list[schemas.Committee], **ERRORS},
    summary=gettext_noop("The group's committees with their lead and collaborating organizations now"),
)
def list_committees(request, slug: str):
    access = _access(request, slug)
    committees = Committee.objects.for_group(access.group).with_current_assignments().order_by("name", "pk")
    return [
        {
            "id": committee.pk,
            "name": committee.name,
            "mandate": committee.mandate,
            "is_active": committee.is_active,
            "members": [
                {"organization": _organization(assignment.organization), "role": assignment.role}
                for assignment in committee.current_assignments
            ],
        }
        for committee in committees
    ]


def _requests(access: GroupAccess):
    found = InformationRequest.objects.for_group(access.group)
    if not access.is_staff:
        if access.organization is None:
            return found.none()
        found = found.filter(recipients=access.organization)
    return found


@groups.get(
    "/{slug}/requests/",
    response={200: list[schemas.InformationRequest], **ERRORS},
    summary=gettext_noop(
        "Information requests addressed to the caller's organization (to staff: all of the group's)"
    ),
)
def list_requests(request, slug: str):
    access = _access(request, slug)
    found = _requests(access).order_by("-created_at", "-pk")
    answered: set[int] = set()
    if access.organization is not None:
        answered = set(found.filter(answers__organization=access.organization).values_list("pk", flat=True))
    return [
        {
            "id": asked.pk,
            "title": asked.title,
            "question": asked.question,
            "deadline": asked.deadline,
            "deadline_jalali": schemas.jalali(asked.deadline),
            "status": asked.status,
            "resolution_id": asked.resolution_id,
            "facts": asked.fields or [],
            "answered": asked.pk in answered,
        }
        for asked in found
    ]


# ---- writes: the steps a member organization's users take on the pages, through the same actions


@groups.post(
    "/{slug}/sessions/{number}/reply/",
    response={200: schemas.Reply, **ERRORS},
    summary=gettext_noop(
        "Answer the invitation to a planned session: who attends for the organization, or why not"
    ),
)
def reply_to_invitation(request, slug: str, number: int, payload: schemas.ReplyIn):
    access = _access(request, slug, write=True)
    meeting = _meeting(access, number)
    values = planning.ReplyValues(
        answer=payload.answer,
        honorific=payload.honorific,
        title=normalize_text(payload.title),
        first_name=normalize_text(payload.first_name),
        last_name=normalize_text(payload.last_name),
        position=normalize_text(payload.position),
        reason=normalize_text(payload.reason),
        letter_number=normalize_text(payload.letter_number),
        letter_date=payload.letter_date,
    )
    reply = planning.reply_attendance(access, meeting, values)
    return {"session": meeting.number, "answer": reply.answer, "attendee_name": reply.attendee_name}


@groups.post(
    "/{slug}/sessions/{number}/proposals/",
    response={201: schemas.Proposal, **ERRORS},
    summary=gettext_noop("Propose an item for a planned session's agenda"),
)
def propose_item(request, slug: str, number: int, payload: schemas.ProposalIn):
    access = _access(request, slug, write=True)
    meeting = _meeting(access, number)
    title = normalize_text(payload.title).strip()
    if not title:
        raise ValidationError({"title": [_("Write the item you propose.")]})
    proposal, _delivery = planning.propose_agenda_item(
        access, meeting, title=title, explanation=normalize_text(payload.explanation).strip()
    )
    return Status(
        201,
        {"id": proposal.pk, "session": meeting.number, "title": proposal.title, "status": proposal.status},
    )


@groups.post(
    "/{slug}/resolutions/{resolution_id}/reports/",
    response={201: schemas.FollowUp, **ERRORS},
    summary=gettext_noop(
        "Report progress on a resolution: what was done, a percentage, an optional attachment (a multipart form)"
    ),
)
def file_report(
    request,
    slug: str,
    resolution_id: int,
    text: Form[str],
    proposed_status: Form[Literal["in_progress", "done"]],
    progress: Form[int],
    next_report_on: Form[datetime.date | None] = None,
    attachment: File[UploadedFile | None] = None,
):
    access = _access(request, slug, write=True)
    resolution = get_object_or_404(_resolutions(access), pk=resolution_id)
    # The page's own form: the same checks, the same messages, the attachment checked by content.
    form = FollowUpForm(
        {"text": text, "proposed_status": proposed_status, "progress": str(progress)},
        {"attachment": attachment} if attachment is not None else {},
    )
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    report = resolution_actions.file_follow_up(
        access,
        resolution,
        text=form.cleaned_data["text"],
        proposed_status=form.cleaned_data["proposed_status"],
        progress=form.cleaned_data["progress"],
        next_report_on=next_report_on,
        attachment=form.cleaned_data.get("attachment"),
    )
    report = FollowUp.objects.select_related("organization").get(pk=report.pk)
    return Status(201, _follow_up(report))


@groups.post(
    "/{slug}/resolutions/{resolution_id}/extension-requests/",
    response={201: schemas.Extension, **ERRORS},
    summary=gettext_noop(
        "Ask the secretary for a later deadline (the responsible organization, or its committee's lead)"
    ),
)
def ask_extension(request, slug: str, resolution_id: int, payload: schemas.ExtensionIn):
    access = _access(request, slug, write=True)
    resolution = get_object_or_404(_resolutions(access), pk=resolution_id)
    reason = normalize_text(payload.reason).strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why more time is needed.")]})
    extension = resolution_actions.request_extension(
        access, resolution, requested_deadline=payload.requested_deadline, reason=reason
    )
    return Status(
        201,
        {
            "id": extension.pk,
            "resolution_id": resolution.pk,
            "requested_deadline": extension.requested_deadline,
            "requested_deadline_jalali": schemas.jalali(extension.requested_deadline),
            "status": extension.status,
        },
    )


@groups.post(
    "/{slug}/requests/{request_id}/answer/",
    response={200: schemas.Answer, **ERRORS},
    summary=gettext_noop(
        "Answer an information request addressed to the caller's organization (again, to change it)"
    ),
)
def answer_request(request, slug: str, request_id: int, payload: schemas.AnswerIn):
    access = _access(request, slug, write=True)
    asked = get_object_or_404(_requests(access), pk=request_id)
    answer = resolution_actions.answer_information(
        access,
        asked,
        text=normalize_text(payload.text),
        values={label: normalize_text(value) for label, value in payload.values.items()},
    )
    return {
        "request_id": asked.pk,
        "organization": _organization(answer.organization),
        "answered_at": answer.answered_at,
    }


api.add_router("/groups", groups)
