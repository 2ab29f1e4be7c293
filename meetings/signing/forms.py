"""Forms of the signing workflow: a signature, a signature on paper, a correction, a check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.minutes.document import Attendee
from meetings.models import ChangeRequest
from meetings.signing.revisions import normalize_verification_code
from secretariat.forms import EMPTY_CHOICE_LABEL, NormalizedTextMixin
from secretariat.uploads import CheckedFileField

RESERVATION_HELP = _("Leave empty if you agree. A reservation is printed beside your signature.")


class SignForm(NormalizedTextMixin, forms.Form):
    """An organization's user signs for its attendee (choosing which, when it sent more than one)."""

    attendance = forms.TypedChoiceField(label=_("Signing for"), coerce=int, required=False)
    reservation = forms.CharField(
        label=_("Reservation or dissent (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=RESERVATION_HELP,
    )
    confirm = forms.BooleanField(
        label=_("I have read these minutes and sign them."),
        error_messages={"required": _("Tick the box to confirm that you sign these minutes.")},
    )

    def __init__(self, *args, attendees: Sequence[Attendee] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if len(attendees) > 1:
            chooser = cast(forms.ChoiceField, self.fields["attendance"])
            chooser.required = True
            chooser.choices = [("", EMPTY_CHOICE_LABEL)] + [
                (attendee.attendance_id, attendee.name) for attendee in attendees
            ]
        else:
            del self.fields["attendance"]
        self.attendees = list(attendees)


class PaperSignatureForm(NormalizedTextMixin, forms.Form):
    """Signatures made on paper: the attendees who signed the one scanned sheet."""

    attendances = forms.TypedMultipleChoiceField(
        label=_("Who signed this sheet"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    scan = CheckedFileField(label=_("Scanned signed sheet"), allowed=("pdf", "png", "jpeg"))
    reservation = forms.CharField(
        label=_("Reservation written on the page (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, unsigned: list[Attendee], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["attendances"]).choices = [
            (
                attendee.attendance_id,
                f"{attendee.name} ({attendee.organization_short})"
                if attendee.organization_short
                else attendee.name,
            )
            for attendee in unsigned
        ]


class CorrectionForm(NormalizedTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("What must be corrected, and why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyCodeForm(forms.Form):
    """The code printed beside the QR code of signed minutes, as a person types it."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The twelve letters and digits printed at the foot of every page of the signed minutes."),
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalize_verification_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code printed on the minutes."))
        return code


class VerifyUploadForm(forms.Form):
    document = CheckedFileField(label=_("The PDF to check"), allowed=("pdf",), max_bytes=30 * 1024 * 1024)


class ChangeRequestForm(NormalizedTextMixin, forms.Form):
    """An attendee's comment on circulated minutes, or their request to change a passage."""

    kind = forms.ChoiceField(
        label=_("What is it"),
        choices=ChangeRequest.Kind.choices,
        initial=ChangeRequest.Kind.CHANGE,
        widget=forms.RadioSelect,
    )
    passage = forms.CharField(
        label=_("The passage (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the words of the minutes your request is about."),
    )
    text = forms.CharField(
        label=_("What should change, or your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what should change, or your comment.")},
    )


class AnswerChangeForm(NormalizedTextMixin, forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the answer the attendee will read.")},
    )


class LetterScanForm(forms.Form):
    scan = CheckedFileField(label=_("Scanned introduction letter"), allowed=("pdf", "png", "jpeg"))
