from django.urls import path

from meetings import import_views, views

app_name = "meetings"

urlpatterns = [
    path("g/<slug:slug>/", views.group, name="group"),
    path("g/<slug:slug>/sessions/<int:number>/", views.minutes, name="minutes"),
    path("g/<slug:slug>/import/", import_views.import_minutes, name="import"),
    path("g/<slug:slug>/import/confirm/", import_views.import_minutes_confirm, name="import_confirm"),
]
