from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("g/<slug:slug>/", views.group, name="group"),
    path("g/<slug:slug>/sessions/<int:number>/", views.minutes, name="minutes"),
    path("g/<slug:slug>/sessions/<int:number>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
