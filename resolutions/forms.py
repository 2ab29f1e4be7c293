"""The tracker's filters, the follow-up report a member files, and the staff's review of it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from resolutions.models import FollowUp, Resolution, ResolutionQuerySet
from resolutions.request_facts import (
    MAX_CHOICES,
    MAX_FACTS,
    MAX_LABEL,
    Fact,
    FactKind,
    clean_facts,
    parse_number,
)
from secretariat.access import GroupAccess
from secretariat.forms import (
    JalaliDateField,
    JalaliDateInput,
    NormalizedModelForm,
    NormalizedTextMixin,
    bounded_number_field,
)
from secretariat.models import Organization
from secretariat.persian import localize_digits, ordinal
from secretariat.uploads import CheckedFileField


def _choices_of(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's field that chooses among model instances (its queryset is set per group)."""
    return cast(forms.ModelChoiceField, form.fields[name])


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(ordinal)s session") % {"ordinal": ordinal(obj.number)}


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.display_name


class OrganizationsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.display_name


class TrackerFilterForm(NormalizedTextMixin, forms.Form):
    """The tracker's query string: every filter optional, a wrong one is reported and ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    session = SessionChoiceField(
        label=_("Session"), queryset=None, required=False, to_field_name="number", empty_label=_("All")
    )
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=None, required=False, empty_label=_("All")
    )
    committee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Committee"), queryset=None, required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Resolution.Status.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    deadline_from = JalaliDateField(label=_("Deadline from"), required=False)
    deadline_to = JalaliDateField(label=_("Deadline to"), required=False)

    def __init__(self, data, *, access: GroupAccess) -> None:
        super().__init__(data)
        group = access.group
        _choices_of(self, "session").queryset = group.meetings.visible_to(access).order_by("-number")
        _choices_of(self, "organization").queryset = Organization.objects.members_of(group)
        _choices_of(self, "committee").queryset = group.committees.all()
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name == "overdue"
                else "form-select"
                if isinstance(field.widget, forms.Select)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)
        self.fields["q"].widget.attrs["placeholder"] = _("Words of the text, e.g. کمیته حقوقی")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("deadline_from"), cleaned.get("deadline_to")
        if start and end and start > end:
            self.add_error("deadline_to", _("The end of the range is before its start."))
            cleaned.pop("deadline_to", None)
        return cleaned

    @property
    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)

    def filter(self, resolutions: ResolutionQuerySet) -> ResolutionQuerySet:
        """Apply every filter that is valid; ``is_valid`` must have been called."""
        data = self.cleaned_data
        if data.get("q"):
            resolutions = resolutions.search(data["q"])
        if data.get("session"):
            resolutions = resolutions.filter(meeting=data["session"])
        if data.get("organization"):
            resolutions = resolutions.for_organization(data["organization"])
        if data.get("committee"):
            resolutions = resolutions.filter(responsible_committee=data["committee"])
        if data.get("status"):
            resolutions = resolutions.filter(status=data["status"])
        if data.get("overdue"):
            resolutions = resolutions.overdue()
        if data.get("deadline_from"):
            resolutions = resolutions.filter(deadline_date__gte=data["deadline_from"])
        if data.get("deadline_to"):
            resolutions = resolutions.filter(deadline_date__lte=data["deadline_to"])
        return resolutions

    def description(self) -> list[str]:
        """The active filters in words, for the exported sheet."""
        data = getattr(self, "cleaned_data", {})
        parts = []
        for name, field in self.fields.items():
            value = data.get(name)
            if not value:
                continue
            if name == "overdue":
                parts.append(str(field.label))
            elif isinstance(field, forms.ModelChoiceField):
                parts.append(f"{field.label}: {field.label_from_instance(value)}")
            elif isinstance(field, JalaliDateField):
                parts.append(f"{field.label}: {cast(JalaliDateInput, field.widget).format_value(value)}")
            elif name == "status":
                parts.append(f"{field.label}: {Resolution.Status(value).label}")
            else:
                parts.append(f"{field.label}: {localize_digits(value)}")
        return parts


class FollowUpForm(NormalizedModelForm):
    """What a member organization reports it has done about a resolution."""

    progress = bounded_number_field(
        _("Progress (%)"),
        minimum=0,
        maximum=100,
        message=_("Enter a percentage from 0 to 100."),
        help_text=_("How far the work has got, from 0 to 100."),
    )
    next_report_on = JalaliDateField(
        label=_("Next report by"),
        required=False,
        help_text=_("When you will report again; a resolution with a periodic duty expects it anyway."),
    )

    attachment = CheckedFileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a PDF, Word (DOCX), PNG or JPEG file."),
    )

    class Meta:
        model = FollowUp
        fields = ["text", "proposed_status", "progress", "next_report_on", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        labels = {"text": _("What has been done")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["proposed_status"]).choices = [
            (status.value, status.label) for status in (Resolution.Status.IN_PROGRESS, Resolution.Status.DONE)
        ]
        self.fields["proposed_status"].help_text = _(
            "The secretariat sets this status when it accepts the report."
        )


class ReviewForm(NormalizedTextMixin, forms.Form):
    """The staff's decision on a report; a returned report says why."""

    ACCEPT = "accept"
    RETURN = "return"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment to the organization"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Write why the report is returned."))
        return cleaned


class ResolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, resolution: Resolution) -> str:
        return resolution.label


class InformationRequestForm(NormalizedTextMixin, forms.Form):
    """What the secretariat asks of the member organizations."""

    title = forms.CharField(label=_("Title"))
    question = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = JalaliDateField(label=_("Answers due by"))
    resolution = ResolutionChoiceField(
        label=_("The resolution it serves"), queryset=Resolution.objects.none(), required=False
    )
    recipients = OrganizationsChoiceField(
        label=_("Ask"), queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    attachment = CheckedFileField(label=_("Attachment"), required=False)

    def __init__(self, *args, access: GroupAccess, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = Organization.objects.members_of(access.group).order_by("name")
        recipients = _choices_of(self, "recipients")
        recipients.queryset = members
        recipients.initial = list(members.values_list("pk", flat=True))
        resolution = _choices_of(self, "resolution")
        resolution.queryset = (
            Resolution.objects.for_group(access.group)
            .select_related("meeting")
            .order_by("-meeting__number", "number")
        )
        resolution.empty_label = _("— none —")


class FactForm(NormalizedTextMixin, forms.Form):
    """One fact the request asks each organization to fill in: its label, its kind, its choices."""

    label = forms.CharField(label=_("Fact"), max_length=MAX_LABEL, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=FactKind.choices, initial=FactKind.TEXT)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=MAX_CHOICES * (MAX_LABEL + 2),
        help_text=_("Separated by «،», e.g. yes، no، in progress"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].widget.attrs["placeholder"] = _("e.g. number of contractors")

    def fact(self) -> Fact | None:
        data = self.cleaned_data
        if not data.get("label", "").strip() or data.get("DELETE"):
            return None
        choices = re.split(r"[،,\n]", data.get("choices", ""))
        return Fact(label=data["label"], kind=data["kind"], choices=tuple(choices))


class BaseFactFormSet(forms.BaseFormSet):
    facts: list[Fact] = []

    def clean(self) -> None:
        if any(self.errors):
            return
        try:
            self.facts = clean_facts([fact for form in self.forms if (fact := form.fact()) is not None])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


FactFormSet: type[BaseFactFormSet] = forms.formset_factory(  # type: ignore[assignment]  # the stubs type it as BaseFormSet
    FactForm, formset=BaseFactFormSet, extra=1, can_delete=True, max_num=MAX_FACTS, absolute_max=MAX_FACTS
)


def _fact_field(fact: Fact) -> forms.Field:
    """The answer form's field for one fact, of its kind."""
    if fact.kind == FactKind.NUMBER:
        return PersianNumberField(label=fact.label, required=False)
    if fact.kind == FactKind.DATE:
        return JalaliDateField(label=fact.label, required=False)
    if fact.kind == FactKind.CHOICE:
        return forms.ChoiceField(
            label=fact.label,
            required=False,
            choices=[("", _("— choose —")), *((c, c) for c in fact.choices)],
            error_messages={
                "invalid_choice": _("“%(value)s” is not one of the choices; choose one from the list.")
            },
        )
    if fact.kind == FactKind.FILE:
        return CheckedFileField(label=fact.label, required=False)
    return forms.CharField(label=fact.label, required=False, max_length=2000)


class PersianNumberField(forms.CharField):
    """A number typed with Persian, Arabic or Latin digits, «٫» or «/» before the decimals."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "dir": "ltr", "class": "form-control text-end"})

    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        return parse_number(text) if text else None


class AnswerForm(NormalizedTextMixin, forms.Form):
    """A member organization's answer: its text, the facts asked for (each of its kind), and an
    attachment."""

    text = forms.CharField(label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    attachment = CheckedFileField(label=_("Attachment"), required=False)

    def __init__(self, *args, facts: list[Fact], answer=None, **kwargs) -> None:
        if answer is not None:
            initial = {"text": answer.text}
            initial.update(
                {
                    f"fact_{index}": fact.initial(answer.values.get(fact.label, ""))
                    for index, fact in enumerate(facts)
                }
            )
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.facts = facts
        for index, fact in enumerate(facts):
            self.fields[f"fact_{index}"] = _fact_field(fact)
            stored = answer.values.get(fact.label) if answer is not None else None
            if fact.kind == FactKind.FILE and stored:
                self.fields[f"fact_{index}"].help_text = _(
                    "Attached now: %(name)s; a new file replaces it."
                ) % {"name": fact.shown(stored)}
        self.order_fields(["text", *(f"fact_{index}" for index in range(len(facts))), "attachment"])

    def clean(self) -> dict:
        cleaned = super().clean()
        values = {fact.label: cleaned.get(f"fact_{index}") for index, fact in enumerate(self.facts)}
        filled = any(value not in (None, "") for value in values.values())
        if not cleaned.get("text", "").strip() and not filled and not cleaned.get("attachment"):
            raise forms.ValidationError(_("Write the answer, fill in the facts, or attach a file."))
        cleaned["values"] = values
        return cleaned


class ExtensionForm(NormalizedTextMixin, forms.Form):
    """An organization asks for a later deadline."""

    requested_deadline = JalaliDateField(label=_("New deadline asked for"))
    reason = forms.CharField(label=_("Why more time is needed"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(NormalizedTextMixin, forms.Form):
    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (DECLINE, _("Decline"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note to the organization"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the extension is declined."))
        return cleaned
