"""The minutes editor's autosave: each person's unsaved form, kept on the server.

The editor posts its whole form every few seconds while it has unsaved changes, and once more
when the tab is hidden or closed; a successful save of the minutes deletes the draft. When the
person opens the editor again, the form comes back as they left it, with a notice; if someone
saved the minutes meanwhile, saving the draft meets the editor's usual conflict page.
"""

from __future__ import annotations

from django.http import QueryDict

from meetings import steps as session_steps
from meetings.actions import NotEditable
from meetings.models import EditorDraft, Meeting
from secretariat.access import GroupAccess

# Fields never kept: the CSRF token belongs to the request that posts it.
NOT_KEPT = {"csrfmiddlewaretoken", "save", "preview"}


def save_draft(access: GroupAccess, meeting: Meeting, form_data: QueryDict) -> EditorDraft:
    """Keep what ``access``'s user has typed in the editor of ``meeting``."""
    if meeting.status not in Meeting.Status.editable():
        raise NotEditable(str(session_steps.STEPS.steps[session_steps.EDIT].wrong_state))
    session_steps.require(session_steps.EDIT, access, meeting)
    pairs = [[name, value] for name, values in form_data.lists() if name not in NOT_KEPT for value in values]
    version = form_data.get("version") or meeting.version
    draft, _created = EditorDraft.objects.update_or_create(
        meeting=meeting,
        user=access.user,
        defaults={"data": pairs, "base_version": int(version) if str(version).isdigit() else meeting.version},
    )
    return draft


def draft_for(access: GroupAccess, meeting: Meeting) -> EditorDraft | None:
    if not access.is_staff:
        return None
    return EditorDraft.objects.filter(meeting=meeting, user=access.user).first()


def discard_draft(access: GroupAccess, meeting: Meeting) -> None:
    EditorDraft.objects.filter(meeting=meeting, user=access.user).delete()


def form_data(draft: EditorDraft) -> QueryDict:
    """The draft as the form data it was typed as."""
    data = QueryDict(mutable=True)
    for name, value in draft.data:
        data.appendlist(name, value)
    data._mutable = False
    return data
