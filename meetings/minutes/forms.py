"""Forms of the minutes editor and of a new session: validate and normalize, never save side effects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, CommitteeAssignment
from meetings.minutes.values import MinutesValues, NewCommittee, ResolutionRow, Row
from meetings.models import AgendaItem, Attendance, Meeting, MeetingDay, Sitting, Speech
from resolutions.models import Resolution
from secretariat.forms import (
    JalaliDateField,
    LocalizedDigitsInput,
    NormalizedModelForm,
    NormalizedTextMixin,
    PersianNumberInput,
    PersianTimeField,
    SharedChoicesFormSetMixin,
    bounded_number_field,
    label_empty_choices,
)
from secretariat.models import Membership, Organization, Person, WorkingGroup
from secretariat.persian import join_list, localize_digits

EDITABLE_STATUSES = [
    (Meeting.Status.PLANNED, Meeting.Status.PLANNED.label),
    (Meeting.Status.HELD, Meeting.Status.HELD.label),
]
TEXTAREA_SMALL = {"rows": 2}
TEXTAREA = {"rows": 4}


def organization_queryset(group: WorkingGroup):
    """The organizations a group's editor offers: its members, those its sessions, resolutions and
    committees already name, and those of no group (a council, a ministry invited once); never
    another group's own."""
    named = (
        Q(pk__in=Membership.objects.filter(working_group=group).values("organization_id"))
        | Q(pk__in=Attendance.objects.filter(meeting__working_group=group).values("organization_id"))
        | Q(
            pk__in=Resolution.objects.filter(meeting__working_group=group).values(
                "responsible_organization_id"
            )
        )
        | Q(
            pk__in=CommitteeAssignment.objects.filter(committee__working_group=group).values(
                "organization_id"
            )
        )
        | ~Exists(Membership.objects.filter(organization=OuterRef("pk")))
    )
    return Organization.objects.filter(named).order_by("name")


def person_queryset(group: WorkingGroup):
    """The people a group's editor offers: those of the organizations it offers, those its sessions
    already name, and its secretary."""
    named = (
        Q(organization__in=organization_queryset(group))
        | Q(pk__in=Attendance.objects.filter(meeting__working_group=group).values("person_id"))
        | Q(pk__in=Speech.objects.filter(meeting__working_group=group).values("speaker_id"))
        | Q(pk=group.secretary_id)
    )
    return (
        Person.objects.filter(named)
        .select_related("organization")
        .order_by("organization__name", "last_name")
    )


class PersonChoiceField(forms.ModelChoiceField):
    """A person shown with their organization, so that two people of the same name can be told apart."""

    def label_from_instance(self, person: Person) -> str:
        return self.label_for(person)

    @staticmethod
    def label_for(person: Person) -> str:
        if person.organization is not None:
            return f"{person.formal_name} — {person.organization.display_name}"
        return person.formal_name


class ShortOrganizationsField(forms.ModelMultipleChoiceField):
    """Organizations labelled with their short names ("سازمان میادین کرج"), chosen in a searchable
    list (Tom Select, see static/js/editor.js) rather than a column of checkboxes."""

    def label_from_instance(self, organization: Organization) -> str:
        return organization.display_name


class ShortOrganizationField(forms.ModelChoiceField):
    """One organization, labelled with its short name so that a narrow list does not cut two
    organizations to the same words ("سازمان میادین و ساماندهی مشا…")."""

    def label_from_instance(self, organization: Organization) -> str:
        return organization.display_name


if TYPE_CHECKING:
    _ModelFormBase = forms.ModelForm
else:
    _ModelFormBase = object


def marked_for_removal(form: forms.BaseForm) -> bool:
    """Whether a row of a formset that can delete rows was ticked for removal (cleaned)."""
    return bool(getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME, False))


def choices_of(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's field that chooses among model instances (its queryset is set per group)."""
    return cast(forms.ModelChoiceField, form.fields[name])


class MeetingFormMixin(_ModelFormBase):
    """Fields shared by the new-session form and the editor's header."""

    def _setup_meeting_fields(self) -> None:
        group = self.instance.working_group
        choices_of(self, "host_organization").queryset = organization_queryset(group)
        self.fields["chair"] = PersonChoiceField(
            queryset=person_queryset(group), required=False, label=_("chair")
        )
        self.fields["chair"].initial = getattr(self.instance, "chair_id", None)
        self.fields["sittings"].initial = (
            list(self.instance.sittings.values_list("part", flat=True)) if self.instance.pk else []
        )
        label_empty_choices(self.fields.values())

    def clean_city(self) -> str:
        city = self.cleaned_data.get("city", "")
        host = self.cleaned_data.get("host_organization")
        return city or (host.city if host else "")

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return cleaned


class SessionCreateForm(MeetingFormMixin, NormalizedModelForm):
    """A new numbered session of a working group, planned: who hosts it and when, at least roughly."""

    sittings = forms.MultipleChoiceField(
        label=_("sittings"), choices=Sitting.Part.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    start_time = PersianTimeField(label=_("start time"), required=False)
    end_time = PersianTimeField(label=_("end time"), required=False)
    approximate_date = JalaliDateField(label=_("approximate date"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "number",
            "host_organization",
            "city",
            "venue",
            "start_time",
            "end_time",
            "chair",
            "approximate_date",
            "date_note",
        ]

    def require_a_date(self, *, has_days: bool) -> None:
        """A session needs its days, or at least an approximate date or the date as announced."""
        if (
            not has_days
            and not self.cleaned_data.get("approximate_date")
            and not self.cleaned_data.get("date_note")
        ):
            self.add_error(
                "approximate_date",
                _("Give the session's days below, or at least an approximate date or the date as announced."),
            )

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        self.group = group
        super().__init__(*args, **kwargs)
        self.instance.working_group = group
        self._setup_meeting_fields()
        self.fields["number"].widget = PersianNumberInput()
        self.fields["host_organization"].required = True

    def meeting_fields(self) -> dict:
        """The session's own fields, as validated: what ``meetings.actions.create_session`` takes."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "number"}

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if Meeting.objects.filter(working_group=self.group, number=number).exists():
            raise ValidationError(_("This working group already has a session with this number."))
        return number


class MeetingHeaderForm(MeetingFormMixin, NormalizedModelForm):
    """The facts at the head of the minutes, and the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("status"), choices=EDITABLE_STATUSES)
    sittings = forms.MultipleChoiceField(
        label=_("sittings"), choices=Sitting.Part.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    start_time = PersianTimeField(label=_("start time"), required=False)
    end_time = PersianTimeField(label=_("end time"), required=False)
    minutes_date = JalaliDateField(label=_("minutes date"), required=False)
    approximate_date = JalaliDateField(label=_("approximate date"), required=False)

    class Meta:
        model = Meeting
        fields = [
            "status",
            "host_organization",
            "city",
            "venue",
            "start_time",
            "end_time",
            "chair",
            "minutes_number",
            "minutes_date",
            "approximate_date",
            "date_note",
            "opening_programme",
            "proceedings",
            "states_quorum",
        ]
        widgets = {
            "opening_programme": forms.Textarea(attrs=TEXTAREA_SMALL),
            "proceedings": forms.Textarea(attrs=TEXTAREA),
            "minutes_number": LocalizedDigitsInput(),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._setup_meeting_fields()
        self.fields["version"].initial = self.instance.version


class OrderedInlineFormSet(SharedChoicesFormSetMixin, BaseInlineFormSet):
    """Rows the editor can add, remove and reorder; each row carries its position in ``order``."""

    def kept_in_order(self) -> list[Any]:
        """The rows kept, in the order the user arranged them."""
        kept = [form for form in self.forms if form.has_changed() or form.instance.pk]
        kept = [form for form in kept if not marked_for_removal(form)]
        return sorted(kept, key=lambda form: (form.cleaned_data.get("order") or 0, self.forms.index(form)))


class DayForm(NormalizedModelForm):
    date = JalaliDateField(label=_("date"))

    class Meta:
        model = MeetingDay
        fields = ["date"]


class DayFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check) -> str:
        # Django's own names the field ("date") in English; a day is simply listed twice.
        return str(_("The same day is listed twice."))

    def clean(self) -> None:
        super().clean()
        dates = [
            form.cleaned_data["date"]
            for form in self.forms
            if form.cleaned_data.get("date") and not marked_for_removal(form)
        ]
        if len(dates) != len(set(dates)):
            raise ValidationError(_("The same day is listed twice."))


class AttendanceForm(NormalizedModelForm):
    """One line of the attendance: a person who attended, or an organization that was absent."""

    person = PersonChoiceField(
        queryset=Person.objects.none(),
        label=_("person"),
        required=False,
        help_text=_("Who attended; for an absent organization, optional."),
    )
    letter_date = JalaliDateField(label=_("introduction letter date"), required=False)
    organization = ShortOrganizationField(
        queryset=Organization.objects.none(), label=_("organization at the time"), required=False
    )

    class Meta:
        model = Attendance
        fields = [
            "person",
            "kind",
            "organization",
            "position",
            "absence_reason",
            "substitute_for",
            "letter_number",
            "letter_date",
            "order",
        ]
        widgets = {"order": forms.HiddenInput(attrs={"data-order": ""})}

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        person = cleaned.get("person")
        away = kind in Attendance.Kind.away()
        if not away:
            cleaned["absence_reason"] = ""
            if not person:
                self.add_error(
                    "person", _("Choose who attended; only an absent organization goes without a person.")
                )
        if kind == Attendance.Kind.SUBSTITUTE:
            if person and cleaned.get("substitute_for") == person:
                self.add_error("substitute_for", _("A person cannot stand in for themselves."))
        else:
            cleaned["substitute_for"] = None
            cleaned["letter_number"] = ""
            cleaned["letter_date"] = None
        if person:
            cleaned["organization"] = cleaned.get("organization") or person.organization
            cleaned["position"] = cleaned.get("position") or person.position
        if away and not cleaned.get("organization"):
            self.add_error("organization", _("Choose the organization that was absent."))
        return cleaned


class AttendanceFormSet(OrderedInlineFormSet):
    def clean(self) -> None:
        super().clean()
        people, away, represented = set(), {}, set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or marked_for_removal(form):
                continue
            person, kind = form.cleaned_data.get("person"), form.cleaned_data.get("kind")
            organization = form.cleaned_data.get("organization")
            if person:
                if person.pk in people:
                    form.add_error("person", _("This person is already listed in the session's attendance."))
                people.add(person.pk)
            if organization is None:
                continue
            if kind in Attendance.Kind.away():
                if organization.pk in away:
                    form.add_error("organization", _("This organization is already recorded as absent."))
                away[organization.pk] = form
            elif kind in (Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE):
                represented.add(organization.pk)
        for organization_pk, form in away.items():
            if organization_pk in represented:
                form.add_error(
                    "kind",
                    _("Someone of this organization is listed as attending: it cannot also be absent."),
                )


class SpeechForm(NormalizedModelForm):
    speaker = PersonChoiceField(queryset=Person.objects.none(), label=_("speaker"))

    class Meta:
        model = Speech
        fields = ["speaker", "speaker_position", "occasion", "summary", "order"]
        widgets = {
            "summary": forms.Textarea(attrs=TEXTAREA),
            "order": forms.HiddenInput(attrs={"data-order": ""}),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("speaker") and not cleaned.get("speaker_position"):
            cleaned["speaker_position"] = cleaned["speaker"].position
        return cleaned


class AgendaItemForm(NormalizedModelForm):
    order = forms.IntegerField(required=False, widget=forms.HiddenInput(attrs={"data-order": ""}))
    proposed_by = ShortOrganizationField(
        queryset=Organization.objects.none(), label=_("proposed by"), required=False
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "proposed_by", "outcome"]
        widgets = {
            "title": forms.Textarea(attrs=TEXTAREA_SMALL),
            "outcome": forms.Textarea(attrs=TEXTAREA_SMALL),
        }


NEW_COMMITTEE = "new_committee"


# The editor's lists of organizations by how they voted (optional beside the counts).
VOTE_LISTS = {"for": "voted_for", "against": "voted_against", "abstaining": "abstained"}


class ResolutionForm(NormalizedModelForm):
    """A resolution row: who acts, with whom, by when; or a new committee formed by this resolution."""

    responsible_kind = forms.ChoiceField(
        label=_("responsible party"),
        choices=[
            *Resolution.Responsible.choices,
            (NEW_COMMITTEE, _("a new committee formed by this resolution")),
        ],
    )
    collaborators = ShortOrganizationsField(
        label=_("collaborating organizations"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(
            attrs={"class": "form-select collaborator-choice", "data-tom-select": ""}
        ),
    )
    responsible_organization = ShortOrganizationField(
        label=_("responsible organization"), queryset=Organization.objects.none(), required=False
    )
    deadline_date = JalaliDateField(label=_("deadline"), required=False)
    voted_for = ShortOrganizationsField(
        label=_("organizations voting for"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "data-tom-select": ""}),
    )
    voted_against = ShortOrganizationsField(
        label=_("organizations voting against"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "data-tom-select": ""}),
    )
    abstained = ShortOrganizationsField(
        label=_("organizations abstaining"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "data-tom-select": ""}),
    )
    report_every_months = bounded_number_field(
        _("report every (months)"),
        minimum=1,
        maximum=24,
        message=_("Enter a number of months from 1 to 24."),
        help_text=_("A periodic reporting duty, e.g. 3 for «هر سه ماه یکبار»; empty when none."),
    )
    order = forms.IntegerField(required=False, widget=forms.HiddenInput(attrs={"data-order": ""}))
    new_committee_name = forms.CharField(label=_("name of the new committee"), required=False, max_length=200)
    new_committee_lead = ShortOrganizationField(
        label=_("lead organization"), queryset=Organization.objects.none(), required=False
    )
    new_committee_mandate = forms.CharField(
        label=_("mandate"), required=False, widget=forms.Textarea(attrs=TEXTAREA_SMALL)
    )

    class Meta:
        model = Resolution
        fields = [
            "verb",
            "text",
            "responsible_kind",
            "responsible_organization",
            "responsible_committee",
            "deadline_date",
            "deadline_text",
            "deadline_next_meeting",
            "deliverable",
            "status",
            "report_every_months",
            "vote",
            "votes_for",
            "votes_against",
            "votes_abstaining",
        ]
        widgets = {
            "text": forms.Textarea(attrs=TEXTAREA),
            "deliverable": forms.Textarea(attrs=TEXTAREA_SMALL),
            "votes_for": PersianNumberInput(),
            "votes_against": PersianNumberInput(),
            "votes_abstaining": PersianNumberInput(),
        }

    def __init__(self, *args, group: WorkingGroup | None = None, **kwargs) -> None:
        self.group = group
        super().__init__(*args, **kwargs)
        self.fields["verb"].widget.attrs["list"] = "decision-verbs"
        for name in ("votes_for", "votes_against", "votes_abstaining"):
            self.fields[name].error_messages.update(
                {
                    key: _("Enter a number of votes, 0 or more.")
                    for key in ("invalid", "min_value", "max_value")
                }
            )
        if self.instance.pk:
            self.initial["collaborators"] = [
                link.organization_id for link in self.instance.collaborator_links.all()
            ]
            for choice, name in VOTE_LISTS.items():
                self.initial[name] = [
                    vote.organization_id
                    for vote in self.instance.organization_votes.all()
                    if vote.choice == choice
                ]

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("responsible_kind")
        if kind == Resolution.Responsible.ORGANIZATION and not cleaned.get("responsible_organization"):
            self.add_error("responsible_organization", _("Choose the responsible organization."))
        elif kind == Resolution.Responsible.ORGANIZATION and cleaned["responsible_organization"] in (
            cleaned.get("collaborators") or []
        ):
            self.add_error(
                "collaborators", _("The responsible organization cannot also be its own collaborator.")
            )
        if kind == Resolution.Responsible.COMMITTEE and not cleaned.get("responsible_committee"):
            self.add_error("responsible_committee", _("Choose the responsible committee."))
        if kind == NEW_COMMITTEE:
            name = cleaned.get("new_committee_name", "").strip()
            if not name:
                self.add_error("new_committee_name", _("Name the new committee."))
            elif self.group and Committee.objects.filter(working_group=self.group, name=name).exists():
                self.add_error(
                    "new_committee_name", _("This working group already has a committee with this name.")
                )
            if not cleaned.get("new_committee_lead"):
                self.add_error("new_committee_lead", _("Choose the committee's lead organization."))
            elif cleaned["new_committee_lead"] in (cleaned.get("collaborators") or []):
                self.add_error("collaborators", _("The lead organization cannot also be a collaborator."))
        self._clean_votes(cleaned)
        if kind != Resolution.Responsible.ORGANIZATION:
            cleaned["responsible_organization"] = None
        if kind != Resolution.Responsible.COMMITTEE:
            cleaned["responsible_committee"] = None
        return cleaned

    def _clean_votes(self, cleaned: dict) -> None:
        counts = {"for": "votes_for", "against": "votes_against", "abstaining": "votes_abstaining"}
        if cleaned.get("vote") != Resolution.Vote.COUNTED:
            for name in (*counts.values(), *VOTE_LISTS.values()):
                cleaned[name] = [] if name in VOTE_LISTS.values() else None
            return
        # Votes by organization, when named: each organization once, and the counts follow them.
        seen: set[int] = set()
        for choice, name in VOTE_LISTS.items():
            organizations = list(cleaned.get(name) or [])
            twice = [organization.display_name for organization in organizations if organization.pk in seen]
            if twice:
                self.add_error(
                    name,
                    _("Each organization votes once: %(names)s named twice.") % {"names": join_list(twice)},
                )
            seen.update(organization.pk for organization in organizations)
            count_name = counts[choice]
            if organizations and cleaned.get(count_name) is None:
                cleaned[count_name] = len(organizations)
            elif organizations and cleaned.get(count_name) != len(organizations):
                self.add_error(
                    count_name,
                    _("%(count)s organizations are named for this vote; the count says %(given)s.")
                    % {
                        "count": localize_digits(len(organizations)),
                        "given": localize_digits(cleaned.get(count_name)),
                    },
                )
        if not cleaned.get("votes_for") and "votes_for" not in self.errors:
            self.add_error("votes_for", _("Enter how many voted for: a counted vote needs at least one."))

    @property
    def organization_votes(self) -> dict[str, list[Organization]]:
        return {choice: list(self.cleaned_data.get(name) or []) for choice, name in VOTE_LISTS.items()}

    @property
    def votes_cast(self) -> int:
        """For, against and abstaining together (0 unless the vote was counted)."""
        return sum(
            self.cleaned_data.get(name) or 0 for name in ("votes_for", "votes_against", "votes_abstaining")
        )

    def _post_clean(self) -> None:
        # A new committee does not exist yet: validate the row as one the committee will own.
        if self.cleaned_data.get("responsible_kind") == NEW_COMMITTEE:
            self.cleaned_data = {**self.cleaned_data, "responsible_kind": Resolution.Responsible.NONE}
            super()._post_clean()
            self.cleaned_data["responsible_kind"] = NEW_COMMITTEE
        else:
            super()._post_clean()

    @property
    def forms_new_committee(self) -> bool:
        return self.cleaned_data.get("responsible_kind") == NEW_COMMITTEE


class ResolutionFormSet(OrderedInlineFormSet):
    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        self.group = group
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "group": self.group}

    def clean(self) -> None:
        super().clean()
        names = [
            form.cleaned_data.get("new_committee_name", "").strip()
            for form in self.forms
            if hasattr(form, "cleaned_data") and form.cleaned_data.get("responsible_kind") == NEW_COMMITTEE
        ]
        if len([n for n in names if n]) != len({n for n in names if n}):
            raise ValidationError(_("Two resolutions form committees with the same name."))
        for form in self.deleted_forms:
            refusal = form.instance.pk and form.instance.deletion_refusal()
            if refusal:
                raise ValidationError(refusal)


class QuickPersonForm(NormalizedTextMixin, forms.ModelForm):
    """A person added from the editor without leaving it."""

    class Meta:
        model = Person
        fields = ["honorific", "title", "first_name", "last_name", "position", "organization"]

    def __init__(self, *args, group: WorkingGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "organization").queryset = organization_queryset(group)


class QuickOrganizationForm(NormalizedTextMixin, forms.ModelForm):
    """An organization added from the editor without leaving it."""

    class Meta:
        model = Organization
        fields = ["name", "short_name", "city", "kind"]


def make_formsets(meeting: Meeting, data=None) -> dict[str, Any]:
    """The editor's row formsets for ``meeting``, bound to ``data`` when given."""
    people = person_queryset(meeting.working_group)
    organizations = organization_queryset(meeting.working_group)
    committees = Committee.objects.for_group(meeting.working_group).order_by("name")
    attendance_set = cast(
        type[AttendanceFormSet],
        inlineformset_factory(
            Meeting, Attendance, form=AttendanceForm, formset=AttendanceFormSet, extra=0, can_delete=True
        ),
    )
    speech_set = cast(
        type[OrderedInlineFormSet],
        inlineformset_factory(
            Meeting, Speech, form=SpeechForm, formset=OrderedInlineFormSet, extra=0, can_delete=True
        ),
    )
    agenda_set = cast(
        type[OrderedInlineFormSet],
        inlineformset_factory(
            Meeting, AgendaItem, form=AgendaItemForm, formset=OrderedInlineFormSet, extra=0, can_delete=True
        ),
    )
    resolution_set = cast(
        type[ResolutionFormSet],
        inlineformset_factory(
            Meeting,
            Resolution,
            form=ResolutionForm,
            formset=ResolutionFormSet,
            fk_name="meeting",
            extra=0,
            can_delete=True,
        ),
    )
    day_set = inlineformset_factory(
        Meeting, MeetingDay, form=DayForm, formset=DayFormSet, extra=0, can_delete=True
    )

    attendance_set.field_querysets = {
        "person": people,
        "organization": organizations,
        "substitute_for": people,
    }
    speech_set.field_querysets = {"speaker": people}
    agenda_set.field_querysets = {"proposed_by": organizations}
    resolution_set.field_querysets = {
        "responsible_organization": organizations,
        "responsible_committee": committees,
        "collaborators": organizations,
        "new_committee_lead": organizations,
        **dict.fromkeys(VOTE_LISTS.values(), organizations),
    }
    return {
        "days": day_set(data, instance=meeting, prefix="days", queryset=meeting.days.order_by("date")),
        "attendance": attendance_set(
            data,
            instance=meeting,
            prefix="attendance",
            queryset=meeting.attendances.select_related("person").order_by("order", "pk"),
        ),
        "speeches": speech_set(
            data, instance=meeting, prefix="speeches", queryset=meeting.speeches.order_by("order", "pk")
        ),
        "agenda": agenda_set(
            data,
            instance=meeting,
            prefix="agenda",
            queryset=meeting.agenda_items.accepted().order_by("number"),
        ),
        "resolutions": resolution_set(
            data,
            instance=meeting,
            prefix="resolutions",
            group=meeting.working_group,
            queryset=meeting.resolutions.prefetch_related(
                "collaborator_links", "organization_votes"
            ).order_by("number"),
        ),
    }


def _row_values(form: forms.ModelForm) -> dict:
    """A row form's model fields as values; its position says its order or number."""
    return {
        name: form.cleaned_data[name]
        for name in form._meta.fields or ()
        if name in form.cleaned_data and name not in ("order", "number")
    }


def minutes_values(header: MeetingHeaderForm, formsets: dict[str, Any]) -> MinutesValues:
    """What valid editor forms say, as the plain values ``save_minutes`` takes."""
    resolutions = []
    for form in formsets["resolutions"].kept_in_order():
        values = _row_values(form)
        new_committee = None
        if form.forms_new_committee:
            values["responsible_kind"] = Resolution.Responsible.NONE
            new_committee = NewCommittee(
                name=form.cleaned_data["new_committee_name"].strip(),
                lead=form.cleaned_data["new_committee_lead"],
                mandate=form.cleaned_data.get("new_committee_mandate", ""),
            )
        resolutions.append(
            ResolutionRow(
                pk=form.instance.pk,
                values=values,
                collaborators=list(form.cleaned_data.get("collaborators") or []),
                organization_votes=form.organization_votes,
                new_committee=new_committee,
            )
        )
    days = formsets["days"]
    return MinutesValues(
        version=header.cleaned_data["version"],
        header={
            name: header.cleaned_data[name]
            for name in header._meta.fields or ()
            if name in header.cleaned_data
        },
        sittings=list(header.cleaned_data.get("sittings") or []),
        days=[
            form.cleaned_data["date"]
            for form in days.forms
            if form.cleaned_data.get("date") and not marked_for_removal(form)
        ],
        attendance=[
            Row(form.instance.pk, _row_values(form)) for form in formsets["attendance"].kept_in_order()
        ],
        speeches=[Row(form.instance.pk, _row_values(form)) for form in formsets["speeches"].kept_in_order()],
        agenda=[Row(form.instance.pk, _row_values(form)) for form in formsets["agenda"].kept_in_order()],
        resolutions=resolutions,
    )
