"""Forms of a planned session's page: the agenda, members' proposals and replies, and decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from meetings.models import AgendaItem, AttendanceReply, Meeting
from secretariat.forms import EMPTY_CHOICE_LABEL, NormalizedTextMixin, PersianTimeField
from secretariat.models import Organization, Person
from secretariat.uploads import CheckedFileField


class AgendaItemForm(NormalizedTextMixin, forms.Form):
    """An item the secretariat adds to a planned session's agenda."""

    title = forms.CharField(label=_("Item"), widget=forms.Textarea(attrs={"rows": 2}))
    presenter_kind = forms.ChoiceField(
        label=_("Presented by"), choices=AgendaItem.Presenter.choices, required=False
    )
    presenter_organization = forms.ModelChoiceField(
        label=_("Presenting organization"), queryset=Organization.objects.none(), required=False
    )
    presenter_committee = forms.ModelChoiceField(
        label=_("Presenting committee"), queryset=Committee.objects.none(), required=False
    )
    starts_at = PersianTimeField(label=_("Time"), required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter_organization"].queryset = Organization.objects.members_of(
            meeting.working_group
        )
        self.fields["presenter_committee"].queryset = Committee.objects.for_group(meeting.working_group)
        for field in ("presenter_organization", "presenter_committee"):
            self.fields[field].empty_label = EMPTY_CHOICE_LABEL

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("presenter_kind")
        if kind == AgendaItem.Presenter.ORGANIZATION and not cleaned.get("presenter_organization"):
            self.add_error("presenter_organization", _("Choose the organization that presents the item."))
        if kind == AgendaItem.Presenter.COMMITTEE and not cleaned.get("presenter_committee"):
            self.add_error("presenter_committee", _("Choose the committee that presents the item."))
        return cleaned


class AgendaDocumentForm(forms.Form):
    document = CheckedFileField(label=_("Document"))


class ProposalForm(NormalizedTextMixin, forms.Form):
    """An item a member organization proposes for the agenda."""

    title = forms.CharField(label=_("Proposed item"), widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = CheckedFileField(
        label=_("Attachment"), required=False, help_text=_("Optional: a PDF, Word (DOCX), PNG or JPEG file.")
    )


class DecisionForm(NormalizedTextMixin, forms.Form):
    """The secretariat's decision on a proposal: accepted onto the agenda, or declined with a reason."""

    ACCEPT = "accept"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason, for the proposer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the proposal is declined."))
        return cleaned


class ReplyForm(NormalizedTextMixin, forms.Form):
    """A member organization's answer to the invitation."""

    answer = forms.ChoiceField(
        label=_("Will your organization attend?"),
        choices=AttendanceReply.Answer.choices,
        widget=forms.RadioSelect,
    )
    attendee_name = forms.CharField(label=_("Who attends (name)"), required=False)
    attendee_position = forms.CharField(label=_("Position"), required=False)
    reason = forms.CharField(
        label=_("Why your organization cannot attend"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args, person: Person | None = None, reply: AttendanceReply | None = None, **kwargs
    ) -> None:
        if reply is not None:
            kwargs.setdefault(
                "initial",
                {
                    "answer": reply.answer,
                    "attendee_name": reply.attendee_name,
                    "attendee_position": reply.attendee_position,
                    "reason": reply.reason,
                },
            )
        elif person is not None:
            kwargs.setdefault(
                "initial",
                {
                    "answer": AttendanceReply.Answer.REPRESENTATIVE,
                    "attendee_name": person.full_name,
                    "attendee_position": person.position,
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        answer = cleaned.get("answer")
        if answer == AttendanceReply.Answer.ABSENT:
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("Say why your organization cannot attend."))
        elif answer and not cleaned.get("attendee_name", "").strip():
            self.add_error("attendee_name", _("Say who attends."))
        return cleaned
