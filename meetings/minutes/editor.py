"""What the minutes editor shows beside its forms: the sections with their counts and errors, a
summary of the errors that links to each field, and each person's organization and position (so
that choosing a person fills them in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.forms import BaseForm, BaseFormSet
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from meetings.minutes.quorum import Quorum, quorum, votes_beyond_attendance, voting_members
from secretariat.models import WorkingGroup
from secretariat.persian import localize_digits

# More rows than any attendance has: a posted count beyond it is not believed.
MAX_ATTENDANCE_ROWS = 500

# The editor's sections, in page order: (the id after "section-", its name, its formset).
SECTIONS: list[tuple[str, Promise, str | None]] = [
    ("header", _("Session"), None),
    ("attendance", _("Attendance"), "attendance"),
    ("speeches", _("Speeches"), "speeches"),
    ("agenda", _("Agenda"), "agenda"),
    ("resolutions", _("Resolutions"), "resolutions"),
]
ROW_NAMES = {
    "days": _("Day %(number)s"),
    "attendance": _("Attendee %(number)s"),
    "speeches": _("Speech %(number)s"),
    "agenda": _("Agenda item %(number)s"),
    "resolutions": _("Resolution %(number)s"),
}
SECTION_OF_FORMSET = {
    "days": "header",
    **{formset: section for section, _label, formset in SECTIONS if formset},
}
SECTIONS_BY_KEY = {key: label for key, label, _formset in SECTIONS}


@dataclass
class EditorError:
    """One error, said where it is: "Resolution 4 — text: This field is required."."""

    section: str
    where: str
    field: str
    message: str
    target: str  # the id of the field (or of its row) to jump to

    @property
    def href(self) -> str:
        return f"#{self.target}"


@dataclass
class Section:
    key: str
    label: Promise
    count: int | None
    errors: int


def _live_forms(formset: BaseFormSet) -> list[Any]:
    """The rows not marked for removal (read from what was posted, valid or not)."""
    if not formset.can_delete:
        return list(formset.forms)
    return [form for form in formset.forms if not form[DELETION_FIELD_NAME].value()]


def check_votes(formsets: dict[str, Any]) -> bool:
    """Refuse counted votes beyond the members present (attendees and substitutes) of the posted
    attendance (the rule of ``save_minutes``); the error stands next to the resolution's "votes
    for". True when all are possible."""
    kinds = [form.cleaned_data.get("kind", "") for form in _live_forms(formsets["attendance"])]
    resolutions = _live_forms(formsets["resolutions"])
    beyond = votes_beyond_attendance(kinds, [getattr(form, "votes_cast", 0) for form in resolutions])
    for index, cast in beyond:
        resolutions[index].add_error(
            "votes_for",
            _(
                "%(cast)s votes are recorded but only %(present)s members are present in the "
                "attendance; correct the counts or the attendance."
            )
            % {"cast": localize_digits(cast), "present": localize_digits(voting_members(kinds))},
        )
    return not beyond


def posted_quorum(group: WorkingGroup, data) -> Quorum:
    """The quorum of the attendance as posted by the editor (rows marked for removal left out),
    counted by ``meetings.minutes.quorum`` as the minutes count it: the page asks the server, it
    does not count for itself."""
    try:
        rows = min(int(data.get("attendance-TOTAL_FORMS", 0)), MAX_ATTENDANCE_ROWS)
    except ValueError:
        rows = 0
    attendance = []
    for index in range(rows):
        prefix = f"attendance-{index}-"
        if data.get(prefix + "DELETE"):
            continue
        organization = str(data.get(prefix + "organization", ""))
        attendance.append(
            (data.get(prefix + "kind", ""), int(organization) if organization.isdigit() else None)
        )
    member_ids = group.memberships.values_list("organization_id", flat=True)
    return quorum(group, member_ids, attendance)


def editor_errors(header: BaseForm, formsets: dict[str, Any]) -> list[EditorError]:
    """Every error of a posted editor, in page order, each with the id of what to jump to."""
    errors = [
        EditorError(
            "header", str(_("Session")), _field_label(header, name), str(message), _target(header, name)
        )
        for name, messages in header.errors.items()
        for message in messages
    ]
    for name in ("days", "attendance", "speeches", "agenda", "resolutions"):
        formset = formsets[name]
        section = SECTION_OF_FORMSET[name]
        for message in formset.non_form_errors():
            errors.append(
                EditorError(section, str(SECTIONS_BY_KEY[section]), "", str(message), f"section-{section}")
            )
        for position, form in enumerate(_live_forms(formset), start=1):
            where = str(ROW_NAMES[name]) % {"number": localize_digits(position)}
            for field, messages in form.errors.items():
                for message in messages:
                    errors.append(
                        EditorError(
                            section, where, _field_label(form, field), str(message), _target(form, field)
                        )
                    )
    order = {key: index for index, (key, _label, _formset) in enumerate(SECTIONS)}
    return sorted(errors, key=lambda error: order[error.section])


def _field_label(form: BaseForm, name: str) -> str:
    if name == "__all__" or name not in form.fields:
        return ""
    return str(form.fields[name].label or name)


def _target(form: BaseForm, name: str) -> str:
    if name != "__all__" and name in form.fields and not form.fields[name].widget.is_hidden:
        return form[name].auto_id
    return f"row-{form.prefix}" if form.prefix else "minutes-editor"


def sections(formsets: dict[str, Any], errors: list[EditorError]) -> list[Section]:
    """The editor's sections for its navigation: how many rows each has, how many errors."""
    return [
        Section(
            key,
            label,
            len(_live_forms(formsets[formset])) if formset else None,
            sum(1 for error in errors if error.section == key),
        )
        for key, label, formset in SECTIONS
    ]


def people_defaults(people) -> dict[int, list]:
    """Each person's organization and position (of ``people``, those the editor offers), for the
    editor to fill in when a person is chosen."""
    return {
        pk: [organization, position]
        for pk, organization, position in people.values_list("pk", "organization_id", "position")
    }
