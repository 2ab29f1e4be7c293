"""Forms of a planned session's page: the agenda, members' proposals and replies, and decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from meetings.minutes.forms import choices_of, organization_queryset
from meetings.models import AgendaItem, AttendanceReply, Meeting
from meetings.planning.actions import ReplyValues
from secretariat.forms import EMPTY_CHOICE_LABEL, JalaliDateField, NormalizedTextMixin, PersianTimeField
from secretariat.models import Organization, Person
from secretariat.persian import localize_digits
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
        presenters = choices_of(self, "presenter_organization")
        presenters.queryset = Organization.objects.members_of(meeting.working_group)
        committees = choices_of(self, "presenter_committee")
        committees.queryset = Committee.objects.for_group(meeting.working_group)
        for field in (presenters, committees):
            field.empty_label = EMPTY_CHOICE_LABEL

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
    """A member organization's answer to the invitation: who attends (the honorific and title apart
    from the name), or why it cannot; a substitute's introduction letter."""

    answer = forms.ChoiceField(
        label=_("Will your organization attend?"),
        choices=AttendanceReply.Answer.choices,
        widget=forms.RadioSelect,
    )
    honorific = forms.ChoiceField(label=_("Honorific"), choices=Person.Honorific.choices, required=False)
    title = forms.ChoiceField(label=_("Title"), choices=Person.Title.choices, required=False)
    first_name = forms.CharField(label=_("First name"), required=False)
    last_name = forms.CharField(label=_("Last name"), required=False)
    position = forms.CharField(label=_("Position"), required=False)
    letter_number = forms.CharField(
        label=_("Introduction letter number"),
        required=False,
        help_text=_("A substitute comes with the organization's letter introducing them."),
    )
    letter_date = JalaliDateField(label=_("Introduction letter date"), required=False)
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
                    "honorific": reply.attendee_honorific,
                    "title": reply.attendee_title,
                    "first_name": reply.attendee_first_name,
                    "last_name": reply.attendee_last_name,
                    "position": reply.attendee_position,
                    "letter_number": reply.letter_number,
                    "letter_date": reply.letter_date,
                    "reason": reply.reason,
                },
            )
        elif person is not None:
            kwargs.setdefault(
                "initial",
                {
                    "answer": AttendanceReply.Answer.REPRESENTATIVE,
                    "honorific": person.honorific,
                    "title": person.title,
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "position": person.position,
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        answer = cleaned.get("answer")
        if answer == AttendanceReply.Answer.ABSENT:
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("Say why your organization cannot attend."))
        elif answer and not cleaned.get("last_name", "").strip():
            self.add_error("last_name", _("Say who attends."))
        if answer == AttendanceReply.Answer.SUBSTITUTE and not cleaned.get("letter_number", "").strip():
            self.add_error(
                "letter_number",
                _("Give the number of the letter introducing the substitute; the minutes print it."),
            )
        return cleaned

    def values(self) -> ReplyValues:
        data = self.cleaned_data
        texts = {
            name: str(data.get(name) or "")
            for name in (
                "answer",
                "honorific",
                "title",
                "first_name",
                "last_name",
                "position",
                "reason",
                "letter_number",
            )
        }
        return ReplyValues(**texts, letter_date=data.get("letter_date") or None)


class PlanningForm(NormalizedTextMixin, forms.ModelForm):
    """When and where a planned session is, and until when members propose items and reply."""

    start_time = PersianTimeField(label=_("start time"), required=False)
    end_time = PersianTimeField(label=_("end time"), required=False)
    approximate_date = JalaliDateField(label=_("approximate date"), required=False)
    proposals_until = JalaliDateField(
        label=_("Agenda proposals until"),
        required=False,
        help_text=_("Empty: the group's usual number of days before the session."),
    )
    replies_until = JalaliDateField(
        label=_("Replies to the invitation until"), required=False, help_text=_("Empty: until the session.")
    )

    class Meta:
        model = Meeting
        fields = [
            "host_organization",
            "city",
            "venue",
            "start_time",
            "end_time",
            "approximate_date",
            "date_note",
            "proposals_until",
            "replies_until",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "host_organization").queryset = organization_queryset(self.instance.working_group)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return cleaned


class IssueInvitationForm(NormalizedTextMixin, forms.Form):
    """Issuing the invitation: the letter's number from the secretariat's register, or the next
    number of the group's pattern when left empty."""

    letter_number = forms.CharField(
        label=_("Letter number"),
        required=False,
        max_length=60,
        help_text=_(
            "From the secretariat's register; leave it empty for %(number)s, the next of the group's pattern."
        ),
    )

    def __init__(self, *args, next_number: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["letter_number"]
        field.help_text = field.help_text % {"number": localize_digits(next_number)}
        field.widget.attrs.update({"placeholder": localize_digits(next_number), "dir": "auto"})
