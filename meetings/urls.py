from django.urls import path

from meetings import import_views, views

app_name = "meetings"

urlpatterns = [
    path("g/<slug:slug>/", views.group, name="group"),
    path("g/<slug:slug>/sessions/new/", views.create_session, name="create"),
    path("g/<slug:slug>/sessions/<int:number>/", views.minutes, name="minutes"),
    path("g/<slug:slug>/sessions/<int:number>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("g/<slug:slug>/sessions/<int:number>/edit/", views.edit_minutes, name="edit"),
    path("g/<slug:slug>/sessions/<int:number>/history/", views.history, name="history"),
    path("g/<slug:slug>/people/new/", views.add_person, name="add_person"),
    path("g/<slug:slug>/organizations/new/", views.add_organization, name="add_organization"),
    path("g/<slug:slug>/import/", import_views.import_minutes, name="import"),
    path("g/<slug:slug>/import/confirm/", import_views.import_minutes_confirm, name="import_confirm"),
]
