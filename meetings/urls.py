from django.urls import path

from meetings import views
from meetings.importing import views as import_views
from meetings.minutes import views as minutes_views
from meetings.planning import views as planning_views
from meetings.signing import views as signing_views

app_name = "meetings"

urlpatterns = [
    path("g/<slug:slug>/", views.group, name="group"),
    path("g/<slug:slug>/sessions/new/", planning_views.create_session, name="create"),
    path("g/<slug:slug>/sessions/<int:number>/", minutes_views.minutes, name="minutes"),
    path("g/<slug:slug>/sessions/<int:number>/minutes.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("g/<slug:slug>/sessions/<int:number>/minutes.docx", minutes_views.minutes_docx, name="minutes_docx"),
    path("g/<slug:slug>/sessions/<int:number>/edit/", minutes_views.edit_minutes, name="edit"),
    path(
        "g/<slug:slug>/sessions/<int:number>/edit/quorum/", minutes_views.editor_quorum, name="editor_quorum"
    ),
    path("g/<slug:slug>/sessions/<int:number>/edit/autosave/", minutes_views.autosave, name="autosave"),
    path(
        "g/<slug:slug>/sessions/<int:number>/edit/discard/", minutes_views.discard_draft, name="discard_draft"
    ),
    path("g/<slug:slug>/sessions/<int:number>/history/", minutes_views.history, name="history"),
    path("g/<slug:slug>/sessions/<int:number>/plan/", planning_views.plan_session, name="plan"),
    path("g/<slug:slug>/sessions/<int:number>/held/", minutes_views.mark_held, name="mark_held"),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/decide/",
        planning_views.decide_suggestions,
        name="decide_suggestions",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/undo/",
        planning_views.undo_agenda_decision,
        name="undo_agenda_decision",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/attendance/absent/",
        minutes_views.record_absent_members,
        name="record_absent_members",
    ),
    path("g/<slug:slug>/sessions/<int:number>/delete/", planning_views.delete_session, name="delete"),
    path("g/<slug:slug>/sessions/<int:number>/circulate/", signing_views.circulate_view, name="circulate"),
    path("g/<slug:slug>/sessions/<int:number>/withdraw/", signing_views.withdraw_view, name="withdraw"),
    path("g/<slug:slug>/sessions/<int:number>/remind/", signing_views.remind_view, name="remind_signers"),
    path("g/<slug:slug>/sessions/<int:number>/sign/", signing_views.sign_view, name="sign"),
    path(
        "g/<slug:slug>/sessions/<int:number>/paper-signature/",
        signing_views.paper_signature_view,
        name="paper_signature",
    ),
    path("g/<slug:slug>/sessions/<int:number>/finalize/", signing_views.finalize_view, name="finalize"),
    path(
        "g/<slug:slug>/sessions/<int:number>/changes/",
        signing_views.request_change_view,
        name="request_change",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/attendance/<int:pk>/letter/",
        signing_views.introduction_letter,
        name="introduction_letter",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/changes/<int:pk>/answer/",
        signing_views.answer_change_view,
        name="answer_change",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/changes/<int:pk>/accept/",
        signing_views.accept_change_view,
        name="accept_change",
    ),
    path("g/<slug:slug>/sessions/<int:number>/publish/", signing_views.publish_view, name="publish"),
    path(
        "g/<slug:slug>/sessions/<int:number>/publish-archive/",
        signing_views.publish_archive_view,
        name="publish_archive",
    ),
    path("g/<slug:slug>/sessions/<int:number>/correction/", signing_views.correction_view, name="correction"),
    path(
        "g/<slug:slug>/sessions/<int:number>/revisions/<int:revision>/make-pdf/",
        signing_views.retry_signed_pdf_view,
        name="retry_signed_pdf",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/revisions/<int:revision>/minutes.pdf",
        minutes_views.revision_pdf,
        name="revision_pdf",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/signatures/<int:signature>/scan",
        signing_views.paper_scan,
        name="paper_scan",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/invitation/retry/",
        planning_views.retry_invitation_letter,
        name="retry_invitation_letter",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/invitation.pdf",
        planning_views.invitation_pdf,
        name="invitation_pdf",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/invitation/",
        planning_views.issue_invitation,
        name="issue_invitation",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/suggest/",
        planning_views.suggest_agenda,
        name="suggest_agenda",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/add/",
        planning_views.add_agenda_item,
        name="add_agenda_item",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/<int:pk>/move/",
        planning_views.move_agenda_item,
        name="move_agenda_item",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/<int:pk>/documents/",
        planning_views.attach_agenda_document,
        name="attach_agenda_document",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/agenda/documents/<int:pk>/",
        planning_views.agenda_document,
        name="agenda_document",
    ),
    path("g/<slug:slug>/sessions/<int:number>/proposals/", planning_views.propose, name="propose"),
    path(
        "g/<slug:slug>/sessions/<int:number>/proposals/<int:pk>/decide/",
        planning_views.decide_proposal,
        name="decide_proposal",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/proposals/<int:pk>/attachment/",
        planning_views.proposal_attachment,
        name="proposal_attachment",
    ),
    path("g/<slug:slug>/sessions/<int:number>/reply/", planning_views.reply, name="reply"),
    path(
        "g/<slug:slug>/sessions/<int:number>/attendance/from-replies/",
        planning_views.attendance_from_replies,
        name="attendance_from_replies",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/attendance/copy-previous/",
        planning_views.copy_previous_attendance,
        name="copy_previous_attendance",
    ),
    path("g/<slug:slug>/people/new/", minutes_views.add_person, name="add_person"),
    path("g/<slug:slug>/organizations/new/", minutes_views.add_organization, name="add_organization"),
    path("g/<slug:slug>/import/", import_views.import_minutes, name="import"),
    path("g/<slug:slug>/import/confirm/", import_views.import_minutes_confirm, name="import_confirm"),
]
