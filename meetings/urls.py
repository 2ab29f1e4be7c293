from django.urls import path

from meetings import import_views, views, workflow_views

app_name = "meetings"

urlpatterns = [
    path("g/<slug:slug>/", views.group, name="group"),
    path("g/<slug:slug>/sessions/new/", views.create_session, name="create"),
    path("g/<slug:slug>/sessions/<int:number>/", views.minutes, name="minutes"),
    path("g/<slug:slug>/sessions/<int:number>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("g/<slug:slug>/sessions/<int:number>/edit/", views.edit_minutes, name="edit"),
    path("g/<slug:slug>/sessions/<int:number>/history/", views.history, name="history"),
    path("g/<slug:slug>/sessions/<int:number>/delete/", views.delete_session, name="delete"),
    path("g/<slug:slug>/sessions/<int:number>/circulate/", workflow_views.circulate_view, name="circulate"),
    path("g/<slug:slug>/sessions/<int:number>/withdraw/", workflow_views.withdraw_view, name="withdraw"),
    path("g/<slug:slug>/sessions/<int:number>/sign/", workflow_views.sign_view, name="sign"),
    path(
        "g/<slug:slug>/sessions/<int:number>/paper-signature/",
        workflow_views.paper_signature_view,
        name="paper_signature",
    ),
    path("g/<slug:slug>/sessions/<int:number>/finalize/", workflow_views.finalize_view, name="finalize"),
    path("g/<slug:slug>/sessions/<int:number>/publish/", workflow_views.publish_view, name="publish"),
    path(
        "g/<slug:slug>/sessions/<int:number>/correction/", workflow_views.correction_view, name="correction"
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/revisions/<int:revision>/minutes.pdf",
        views.revision_pdf,
        name="revision_pdf",
    ),
    path(
        "g/<slug:slug>/sessions/<int:number>/signatures/<int:signature>/scan",
        workflow_views.paper_scan,
        name="paper_scan",
    ),
    path("g/<slug:slug>/people/new/", views.add_person, name="add_person"),
    path("g/<slug:slug>/organizations/new/", views.add_organization, name="add_organization"),
    path("g/<slug:slug>/import/", import_views.import_minutes, name="import"),
    path("g/<slug:slug>/import/confirm/", import_views.import_minutes_confirm, name="import_confirm"),
]
