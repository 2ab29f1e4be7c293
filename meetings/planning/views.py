"""A planned session's page and its steps: creating and deleting it, the agenda, members' proposals and
replies, the invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import steps as session_steps
from meetings.access import get_meeting_for_user
from meetings.minutes.forms import (
    DayForm,
    DayFormSet,
    SessionCreateForm,
)
from meetings.models import AgendaDocument, AgendaItem, AgendaProposal, Meeting, MeetingDay
from meetings.planning import actions as planning_actions
from meetings.planning.forms import (
    AgendaDocumentForm,
    AgendaItemForm,
    DecisionForm,
    IssueInvitationForm,
    PlanningForm,
    ProposalForm,
    ReplyForm,
)
from meetings.planning.invitation import letter_file_name, stored_preview
from meetings.planning.overview import planned_session
from secretariat import mail
from secretariat.access import GroupAccess, Role, get_group_for_user
from secretariat.documents import document_response, preparing_page
from secretariat.downloads import private_file, stored_file_response
from secretariat.models import JobStatus, Organization
from secretariat.notifications import reach_of_organizations
from secretariat.pages import render_for_group, say_delivered
from secretariat.persian import localize_digits, to_ascii_digits
from secretariat.steps import StepRefused


def planned_page(
    request: HttpRequest, access: GroupAccess, meeting: Meeting, *, status: int = 200, **forms
) -> HttpResponse:
    """A planned session as its readers see it: when and where, the agenda, proposals, replies."""
    session = planned_session(access, meeting)
    steps = session_steps.available(access, meeting)
    undo = request.session.get(UNDO_KEY) or {}
    context = {
        "meeting": meeting,
        "session": session,
        "steps": steps,
        "step_reasons": session_steps.reasons(access, meeting),
        "undo": undo.get("states") if undo.get("meeting") == meeting.pk and steps["arrange_agenda"] else None,
        "item_form": forms.get("item_form")
        or (AgendaItemForm(meeting=meeting) if steps["arrange_agenda"] else None),
        "proposal_form": forms.get("proposal_form") or (ProposalForm() if steps["propose"] else None),
        "reply_form": forms.get("reply_form")
        or (ReplyForm(person=access.person, reply=session.own_reply) if steps["reply"] else None),
        "document_form": AgendaDocumentForm() if steps["arrange_agenda"] else None,
        "proposal_rows": [
            (proposal, (forms.get("decision_forms") or {}).get(proposal.pk)) for proposal in session.proposals
        ],
        "mail_reports": mail.reports_for_page(access.group, meeting.get_absolute_url())
        if access.is_staff
        else [],
        "invitation_reach": reach_of_organizations(Organization.objects.members_of(access.group))
        if steps["invite"]
        else None,
        "issue_form": forms.get("issue_form")
        or (
            IssueInvitationForm(next_number=planning_actions.next_letter_number(meeting)["letter_number"])
            if steps["invite"]
            else None
        ),
    }
    return render_for_group(request, access, "meetings/planned.html", context, status=status)


# The last decision on agenda items, kept in the user's session to be undone once.
UNDO_KEY = "agenda-undo"


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(meeting.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _refused(request: HttpRequest, meeting: Meeting, error: Exception, anchor: str = "") -> HttpResponse:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return _back(meeting, anchor)


@login_required
@require_POST
def suggest_agenda(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        items = planning_actions.suggest_agenda(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error, "agenda")
    messages.success(
        request,
        ngettext("%(count)s item was suggested.", "%(count)s items were suggested.", len(items))
        % {"count": localize_digits(len(items))},
    )
    return _back(meeting, "agenda")


def _item(access: GroupAccess, meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=pk, meeting=meeting)


@login_required
@require_POST
def move_agenda_item(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    position = to_ascii_digits(request.POST.get("position", "")).strip()
    if not position.isdigit():
        messages.error(request, _("Give the item's new number, such as 2."))
        return _back(meeting, "agenda")
    try:
        planning_actions.move_agenda_item(access, _item(access, meeting, pk), int(position))
    except StepRefused as error:
        return _refused(request, meeting, error, "agenda")
    return _back(meeting, "agenda")


@login_required
@require_POST
def add_agenda_item(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return planned_page(request, access, meeting, item_form=form, status=400)
    try:
        planning_actions.add_agenda_item(access, meeting, **form.cleaned_data)
    except StepRefused as error:
        return _refused(request, meeting, error, "agenda")
    messages.success(request, _("The item was added to the agenda."))
    return _back(meeting, "agenda")


@login_required
@require_POST
def attach_agenda_document(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    form = AgendaDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("document", [])))
        return _back(meeting, "agenda")
    try:
        planning_actions.attach_agenda_document(
            access, _item(access, meeting, pk), form.cleaned_data["document"]
        )
    except StepRefused as error:
        return _refused(request, meeting, error, "agenda")
    messages.success(request, _("The document was attached."))
    return _back(meeting, "agenda")


@login_required
def agenda_document(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponseBase:
    """A document of an agenda item, to anyone who may open the session."""
    _access, meeting = get_meeting_for_user(request, slug, number)
    document = get_object_or_404(AgendaDocument, pk=pk, item__meeting=meeting)
    return private_file(document.file, document.name, f"agenda-{meeting.number}-{document.pk}")


@login_required
@require_POST
def propose(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number)
    if not access.is_member:
        raise PermissionDenied
    form = ProposalForm(request.POST, request.FILES)
    if not form.is_valid():
        return planned_page(request, access, meeting, proposal_form=form, status=400)
    try:
        planning_actions.propose_agenda_item(access, meeting, **form.cleaned_data)
    except StepRefused as error:
        return _refused(request, meeting, error, "proposals")
    messages.success(request, _("Your proposal was sent to the secretariat."))
    return _back(meeting, "proposals")


@login_required
@require_POST
def decide_proposal(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    proposal = get_object_or_404(AgendaProposal, pk=pk, meeting=meeting)
    form = DecisionForm(request.POST, prefix=f"decision-{proposal.pk}")
    if not form.is_valid():
        return planned_page(request, access, meeting, decision_forms={proposal.pk: form}, status=400)
    accept = form.cleaned_data["decision"] == DecisionForm.ACCEPT
    try:
        delivery = planning_actions.decide_proposal(
            access, proposal, accept=accept, reason=form.cleaned_data["reason"]
        )
    except (StepRefused, ValidationError) as error:
        return _refused(request, meeting, error, "proposals")
    say_delivered(
        request,
        delivery,
        _("The proposal was put on the agenda.") if accept else _("The proposal was declined."),
    )
    return _back(meeting, "proposals")


@login_required
def proposal_attachment(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponseBase:
    """A proposal's attachment: for the secretariat and the organization that proposed it."""
    access, meeting = get_meeting_for_user(request, slug, number)
    proposal = get_object_or_404(AgendaProposal, pk=pk, meeting=meeting)
    if not access.is_staff and proposal.organization_id != getattr(access.organization, "pk", None):
        raise Http404
    return private_file(proposal.attachment, proposal.attachment_name, f"proposal-{proposal.pk}")


@login_required
@require_POST
def reply(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number)
    if not access.is_member:
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return planned_page(request, access, meeting, reply_form=form, status=400)
    try:
        planning_actions.reply_attendance(access, meeting, form.values())
    except StepRefused as error:
        return _refused(request, meeting, error, "replies")
    messages.success(request, _("Your organization's reply was recorded."))
    return _back(meeting, "replies")


@login_required
@require_POST
def issue_invitation(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    form = IssueInvitationForm(
        request.POST, next_number=planning_actions.next_letter_number(meeting)["letter_number"]
    )
    if not form.is_valid():
        return planned_page(request, access, meeting, issue_form=form, status=400)
    try:
        invitation, delivery = planning_actions.issue_invitation(
            access, meeting, letter_number=form.cleaned_data["letter_number"]
        )
    except StepRefused as error:
        return _refused(request, meeting, error, "invitation")
    except ValidationError as error:
        form.add_error("letter_number", error)
        return planned_page(request, access, meeting, issue_form=form, status=400)
    say_delivered(
        request,
        delivery,
        _("Invitation %(number)s was issued.") % {"number": localize_digits(invitation.letter_number)},
    )
    return _back(meeting, "invitation")


@login_required
@require_POST
def retry_invitation_letter(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Lay out again an issued letter whose making failed; its e-mail follows."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    invitation = meeting.invitations.order_by("-sequence").first()
    if invitation is None:
        raise Http404
    try:
        planning_actions.retry_invitation_letter(access, invitation)
    except StepRefused as error:
        return _refused(request, meeting, error, "invitation")
    messages.success(request, _("The letter is being laid out again."))
    return _back(meeting, "invitation")


@login_required
def invitation_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    """The invitation as issued last (stored); staff may preview it before issuing (``?preview=1``)."""
    access, meeting = get_meeting_for_user(request, slug, number)
    invitation = meeting.invitations.order_by("-sequence").first()
    if access.is_staff and (invitation is None or request.GET.get("preview")):
        return document_response(
            request,
            stored_preview(meeting),
            ascii_name=f"invitation-{meeting.number}-preview.pdf",
            unicode_name=f"پیش‌نمایش-دعوتنامه-{localize_digits(meeting.number)}.pdf",
        )
    if invitation is None:
        raise Http404
    if not invitation.pdf:
        return preparing_page(
            request,
            file_name=letter_file_name(invitation),
            asked_at=invitation.job_queued_at or invitation.issued_at,
            running=invitation.job_status == JobStatus.RUNNING,
            failed=invitation.job_failed,
            retry_page=meeting.get_absolute_url(),
        )
    return stored_file_response(
        request,
        invitation.pdf,
        etag=f"invitation-{invitation.pk}-{invitation.sequence}",
        modified=invitation.issued_at,
        content_type="application/pdf",
        ascii_name=f"invitation-{meeting.number}.pdf",
        unicode_name=letter_file_name(invitation),
    )


@login_required
@require_POST
def attendance_from_replies(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    """Record the attendance from the replies; when a reply names someone who resembles a known
    person, first ask who it is (a page listing them, with the choice for each)."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    confirmed = {
        int(key.removeprefix("reply-")): str(value)
        for key, value in request.POST.items()
        if key.startswith("reply-") and key.removeprefix("reply-").isdigit()
    }
    try:
        count = planning_actions.attendance_from_replies(access, meeting, confirmed=confirmed)
    except planning_actions.PeopleToConfirm as pending:
        return render_for_group(
            request,
            access,
            "meetings/confirm_people.html",
            {"meeting": meeting, "pending": pending.pending, "new_person": planning_actions.NEW_PERSON},
        )
    except (StepRefused, ValidationError) as error:
        return _refused(request, meeting, error)
    messages.success(
        request,
        ngettext(
            "%(count)s attendance line was taken from the replies.",
            "%(count)s attendance lines were taken from the replies.",
            count,
        )
        % {"count": localize_digits(count)},
    )
    return redirect("meetings:edit", slug, number)


@login_required
@require_POST
def copy_previous_attendance(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        count = planning_actions.copy_previous_attendance(access, meeting)
    except StepRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:edit", slug, number)
    if not count:
        messages.info(
            request, _("Nobody was copied: the previous session lists no one who is not here already.")
        )
        return redirect("meetings:edit", slug, number)
    messages.success(
        request,
        ngettext(
            "%(count)s person's attendance was copied from the previous session.",
            "%(count)s people's attendance was copied from the previous session.",
            count,
        )
        % {"count": localize_digits(count)},
    )
    return redirect("meetings:edit", slug, number)


def _day_formset(data=None, instance=None):
    day_set = inlineformset_factory(
        Meeting, MeetingDay, form=DayForm, formset=DayFormSet, extra=0, can_delete=True
    )
    return day_set(data, instance=instance or Meeting(), prefix="days")


@login_required
def create_session(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = SessionCreateForm(
        request.POST or None,
        group=access.group,
        initial={"number": planning_actions.next_session_number(access.group)},
    )
    days = _day_formset(request.POST or None)
    valid = request.method == "POST" and form.is_valid() & days.is_valid()  # both, for every error
    kept: list = []
    if request.method == "POST" and days.is_valid():
        kept = [
            d.cleaned_data["date"]
            for d in days.forms
            if d.cleaned_data.get("date") and not d.cleaned_data.get("DELETE")
        ]
        form.require_a_date(has_days=bool(kept))
        valid = valid and not form.errors
    if valid:
        meeting = planning_actions.create_session(
            access,
            number=form.cleaned_data["number"],
            fields=form.meeting_fields(),
            days=kept,
            sittings=form.cleaned_data.get("sittings", []),
        )
        messages.success(
            request,
            _("Session %(number)s was created. Write its minutes here.")
            % {"number": localize_digits(meeting.number)},
        )
        return redirect("meetings:edit", access.group.slug, meeting.number)
    return render_for_group(request, access, "meetings/session_form.html", {"form": form, "days": days})


@login_required
@require_POST
def delete_session(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Delete a planned session that will not take place; held sessions are never deleted."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        planning_actions.delete_planned_session(access, meeting)
    except StepRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:edit", slug, number)
    messages.success(request, _("Session %(number)s was deleted.") % {"number": localize_digits(number)})
    return redirect("meetings:group", slug)


@login_required
def plan_session(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """When and where a planned session is, and until when members propose and reply: the session's
    planning, apart from writing its minutes."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    error = session_steps.refusal(session_steps.PLAN, access, meeting)
    if error is not None:
        return _refused(request, meeting, error)
    form = PlanningForm(request.POST or None, instance=meeting)
    days = _day_formset(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid() & days.is_valid():
        kept = [
            d.cleaned_data["date"]
            for d in days.forms
            if d.cleaned_data.get("date") and not d.cleaned_data.get("DELETE")
        ]
        try:
            changed = planning_actions.plan_session(
                access,
                meeting,
                fields={name: form.cleaned_data.get(name) for name in form.Meta.fields},
                days=kept,
            )
        except (StepRefused, ValidationError) as refusal:
            return _refused(request, meeting, refusal)
        messages.success(
            request, _("The session's planning was saved.") if changed else _("Nothing had changed.")
        )
        return _back(meeting)
    return render_for_group(
        request,
        access,
        "meetings/plan_session.html",
        {"meeting": meeting, "form": form, "days": days},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def decide_suggestions(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Accept or drop the chosen agenda items at once; the decision can be undone."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    state = request.POST.get("state")
    item_ids = [int(pk) for pk in request.POST.getlist("items") if pk.isdigit()]
    if state not in (AgendaItem.State.ACCEPTED, AgendaItem.State.DROPPED) or not item_ids:
        messages.error(request, _("Choose the items, then accept or drop them."))
        return _back(meeting, "agenda")
    try:
        before = planning_actions.decide_suggestions(access, meeting, item_ids=item_ids, state=state)
    except StepRefused as error:
        return _refused(request, meeting, error, "agenda")
    request.session[UNDO_KEY] = {
        "meeting": meeting.pk,
        "states": {str(pk): old for pk, old in before.items()},
    }
    done = (
        ngettext(
            "%(count)s item was put on the agenda.", "%(count)s items were put on the agenda.", len(before)
        )
        if state == AgendaItem.State.ACCEPTED
        else ngettext("%(count)s item was dropped.", "%(count)s items were dropped.", len(before))
    )
    messages.success(request, done % {"count": localize_digits(len(before))})
    return _back(meeting, "agenda")


@login_required
@require_POST
def undo_agenda_decision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Put the agenda items of the last decision back as they were."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    undo = request.session.pop(UNDO_KEY, None) or {}
    if undo.get("meeting") != meeting.pk:
        messages.error(request, _("There is no decision to undo."))
        return _back(meeting, "agenda")
    try:
        restored = planning_actions.restore_agenda_states(
            access, meeting, {int(pk): state for pk, state in undo["states"].items()}
        )
    except StepRefused as error:
        return _refused(request, meeting, error, "agenda")
    messages.success(
        request,
        ngettext("%(count)s item is back as it was.", "%(count)s items are back as they were.", restored)
        % {"count": localize_digits(restored)},
    )
    return _back(meeting, "agenda")
