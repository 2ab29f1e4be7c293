"""Importing a legacy minutes text: paste or upload, review what was read, confirm to save a draft.

Nothing is saved before staff confirm: the review page carries the source text in its form and
the confirmation reads it again, so what is saved is exactly what was reviewed.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from meetings.importing import (
    MAX_UPLOAD_BYTES,
    ImportTextError,
    MinutesImport,
    OrganizationIndex,
    parse_minutes,
    read_document,
)
from meetings.importing.save import CREATE_ORGANIZATION, ImportRefused, save_imported_session
from meetings.importing.structure import REFERENCE_SOURCES, SHAPES
from meetings.importing.text import MAX_TEXT_CHARS, clean_text
from meetings.models import Meeting
from secretariat import limits
from secretariat.access import GroupAccess, Role, get_group_for_user
from secretariat.forms import JalaliDateField, PersianNumberInput
from secretariat.models import Organization
from secretariat.pages import render_for_group
from secretariat.persian import join_list, localize_digits
from secretariat.uploads import format_size

SKIP = "skip"


class MinutesSourceForm(forms.Form):
    """The minutes to read: pasted text or an uploaded .txt/.docx file."""

    text = forms.CharField(
        label=_("Paste the minutes text"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 14, "dir": "rtl", "maxlength": MAX_TEXT_CHARS, "class": "form-control"}
        ),
    )
    file = forms.FileField(
        label=_("or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,text/plain", "class": "form-control"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []
        self.fields["file"].help_text = _(
            "A .txt file (UTF-8, UTF-16 or Windows-1256) or a Word .docx file, at most %(size)s."
        ) % {"size": format_size(MAX_UPLOAD_BYTES)}

    def clean_file(self) -> str | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s; files of at most %(limit)s are accepted.")
                % {"size": format_size(upload.size), "limit": format_size(MAX_UPLOAD_BYTES)}
            )
        if not upload.name.lower().endswith((".txt", ".text", ".docx")):
            raise ValidationError(_("Upload a .txt or .docx file."))
        try:
            document = read_document(upload.read(), upload.name)
        except ImportTextError as error:
            raise ValidationError(str(error)) from None
        self.notes = document.notes
        return document.text

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        if not text.strip():
            return ""
        try:
            return clean_text(text)
        except ImportTextError as error:
            raise ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns
        text, document = cleaned.get("text"), cleaned.get("file")
        if self.errors:
            return cleaned
        if text and document:
            raise ValidationError(_("Either paste the text or upload a file, not both."))
        if not text and not document:
            self.add_error("text", _("Paste the minutes text here or upload a file."))
            return cleaned
        cleaned["source"] = document or text
        return cleaned


def _field_name(key: str) -> str:
    return "organization_" + hashlib.sha1(key.encode()).hexdigest()[:12]


class ConfirmImportForm(forms.Form):
    """Staff confirm the session number and the date relative deadlines count from, and decide on
    each organization nobody knows."""

    text = forms.CharField(widget=forms.Textarea(attrs={"hidden": True}))
    number = forms.IntegerField(
        label=_("Session number"), min_value=1, max_value=9999, widget=PersianNumberInput()
    )
    reference_date = JalaliDateField(
        label=_("Relative deadlines count from"),
        required=False,
        help_text=_("“Within two months”, “by the end of next month”… are counted from this date."),
    )

    def __init__(self, *args, minutes: MinutesImport, organizations: list[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.minutes = minutes
        existing = [(str(o.pk), o.name) for o in organizations]
        for proposal in minutes.unknown_organizations:
            self.fields[_field_name(proposal.key)] = forms.ChoiceField(
                label=proposal.text,
                choices=[
                    ("", _("— choose —")),
                    (CREATE_ORGANIZATION, _("Create a new organization: %(name)s") % {"name": proposal.name}),
                    (SKIP, _("Leave it out")),
                    (_("It is an existing organization"), existing),
                ],
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"required": _("Decide what this organization is.")},
            )

    def organization_fields(self) -> list[tuple[object, forms.BoundField]]:
        return [(p, self[_field_name(p.key)]) for p in self.minutes.unknown_organizations]

    def decisions(self) -> dict[str, str]:
        result = {}
        for proposal in self.minutes.unknown_organizations:
            value = self.cleaned_data[_field_name(proposal.key)]
            result[proposal.key] = "" if value == SKIP else value
        return result


def parse(access: GroupAccess, text: str, reference_date: datetime.date | None = None) -> MinutesImport:
    return parse_minutes(
        text, organizations=OrganizationIndex.for_group(access.group), reference_date=reference_date
    )


# Lengths beyond which an imported value is unusual (longer than the editor lets anyone type,
# secretariat.limits): such a value is saved in full, and listed on the review page to be checked.
USUAL_LENGTHS = limits.IMPORTED


def unusually_long_values(minutes: MinutesImport) -> list[tuple[str, int, str]]:
    """(what, line, value) of every value longer than usual, which is kept whole."""
    found: list[tuple[str, int, str]] = []

    def check(kind: str, label, line: int, value: str) -> None:
        if value and len(value) > USUAL_LENGTHS[kind]:
            found.append((str(label), line, value))

    check("city", _("City"), 0, minutes.city)
    check("venue", _("Venue"), 0, minutes.venue)
    for speech in minutes.speeches:
        check("name", _("Speaker's name"), speech.line, f"{speech.first_name} {speech.last_name}".strip())
        check("position", _("Speaker's position"), speech.line, speech.position)
    for attendee in minutes.attendees:
        check("name", _("Attendee"), attendee.line, attendee.name)
    for resolution in minutes.resolutions:
        check("verb", _("Decision verb"), resolution.line, resolution.verb)
        if resolution.deadline:
            check("deadline", _("Deadline as worded"), resolution.line, resolution.deadline.text)
    return found


def review(
    request: HttpRequest,
    access: GroupAccess,
    text: str,
    minutes: MinutesImport,
    form: ConfirmImportForm | None = None,
    notes: list[str] | None = None,
    *,
    template: str = "meetings/import_review.html",
    extra: dict[str, Any] | None = None,
    unsure_lines: frozenset[int] = frozenset(),
) -> HttpResponse:
    """The review of what was read from ``text``: this page's, and the archive queue's
    (``template`` extends this one; ``unsure_lines`` are the text's lines OCR was unsure of)."""
    organizations = list(Organization.objects.only("pk", "name").order_by("name"))
    if form is None:
        form = ConfirmImportForm(
            initial={
                "text": text,
                "number": minutes.session_number,
                "reference_date": minutes.reference_date.date if minutes.reference_date else None,
            },
            minutes=minutes,
            organizations=organizations,
        )
    number = str(form["number"].value() or minutes.session_number)
    existing = (
        Meeting.objects.filter(working_group=access.group, number=int(number))
        .exclude(status=Meeting.Status.PLANNED)
        .first()
        if number.isdigit()
        else None
    )
    lines = [
        {
            "number": number_,
            "text": line,
            "kind": minutes.line_kinds.get(number_, "blank" if not line.strip() else ""),
            "unsure": number_ in unsure_lines,
        }
        for number_, line in enumerate(text.split("\n"), start=1)
    ]
    context = {
        "minutes": minutes,
        "shape": SHAPES.get(minutes.shape, minutes.shape),
        "reference_source": REFERENCE_SOURCES.get(minutes.reference_date_source, ""),
        "long_values": unusually_long_values(minutes),
        "form": form,
        "lines": lines,
        "existing": existing,
        "notes": (notes or []) + minutes.notes,
        **(extra or {}),
    }
    return render_for_group(request, access, template, context)


@login_required
def import_minutes(request: HttpRequest, slug: str) -> HttpResponse:
    """Paste or upload minutes; a valid submission shows the review page (nothing is saved)."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    if request.method == "POST" and "edit" in request.POST:
        form = MinutesSourceForm(initial={"text": request.POST.get("text", "")})
    elif request.method == "POST":
        form = MinutesSourceForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["source"]
            try:
                minutes = parse(access, text)
            except ImportTextError as error:
                form.add_error("text", str(error))
            else:
                return review(request, access, text, minutes, notes=form.notes)
    else:
        form = MinutesSourceForm()
    return render_for_group(request, access, "meetings/import_form.html", {"form": form})


@login_required
@require_POST
def import_minutes_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Read the carried text again and save it as a draft session; back to the review on any problem."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    text = request.POST.get("text", "")
    try:
        minutes = parse(access, text)
    except ImportTextError as error:
        source_form = MinutesSourceForm(initial={"text": text})
        source_form.add_error(None, str(error))
        return render_for_group(request, access, "meetings/import_form.html", {"form": source_form})
    organizations = list(Organization.objects.only("pk", "name").order_by("name"))
    form = ConfirmImportForm(request.POST, minutes=minutes, organizations=organizations)
    if "recount" in request.POST:
        minutes, form = recounted(request, access, text, minutes, form, organizations)
        return review(request, access, text, minutes, form=form)
    if form.is_valid():
        if form.cleaned_data["reference_date"]:
            minutes = parse(access, text, form.cleaned_data["reference_date"])
        try:
            meeting = save_imported_session(
                access,
                minutes=minutes,
                number=form.cleaned_data["number"],
                organization_decisions=form.decisions(),
            )
        except ImportRefused as error:
            form.add_error("number", str(error))
        else:
            messages.success(
                request,
                _("The minutes were imported as a draft of session %(number)s. Check them in the editor.")
                % {"number": localize_digits(meeting.number)},
            )
            _say_who_awaits_admission(request, access, minutes, form.decisions())
            return redirect(reverse("meetings:minutes", args=[access.group.slug, meeting.number]))
    return review(request, access, text, minutes, form=form)


def recounted(
    request: HttpRequest,
    access: GroupAccess,
    text: str,
    minutes: MinutesImport,
    form: ConfirmImportForm,
    organizations: list[Organization],
) -> tuple[MinutesImport, ConfirmImportForm]:
    """Staff changed the date relative deadlines count from: the text read again from that date,
    and the form to review it with (the date's error, if it has one). Nothing is saved."""
    form.is_valid()
    if "reference_date" in form.errors:
        return minutes, form
    if form.cleaned_data.get("reference_date"):
        minutes = parse(access, text, form.cleaned_data["reference_date"])
    return minutes, ConfirmImportForm(
        initial=request.POST.dict(), minutes=minutes, organizations=organizations
    )


def _say_who_awaits_admission(request: HttpRequest, access: GroupAccess, minutes, decisions) -> None:
    """New market organizations were created, but joining the group is the operator's to decide."""
    members = set(Organization.objects.members_of(access.group).values_list("name", flat=True))
    waiting = [
        proposal.name
        for proposal in minutes.unknown_organizations
        if proposal.member
        and decisions.get(proposal.key) == CREATE_ORGANIZATION
        and proposal.name not in members
    ]
    if waiting:
        messages.warning(
            request,
            _(
                "%(names)s was added as an organization but is not a member of the working group yet: "
                "the operator admits members in the admin."
            )
            % {"names": join_list(waiting)},
        )
