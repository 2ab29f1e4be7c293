from django.urls import path

from resolutions import views

app_name = "resolutions"

urlpatterns = [
    path("g/<slug:slug>/resolutions/", views.tracker, name="tracker"),
    path("g/<slug:slug>/resolutions/export.xlsx", views.export, name="export"),
    path("g/<slug:slug>/resolutions/<int:pk>/", views.detail, name="detail"),
    path("g/<slug:slug>/resolutions/<int:pk>/report/", views.report, name="report"),
    path("g/<slug:slug>/resolutions/follow-ups/", views.follow_ups, name="follow_ups"),
    path("g/<slug:slug>/resolutions/follow-ups/<int:pk>/review/", views.review, name="review"),
    path("g/<slug:slug>/resolutions/follow-ups/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("g/<slug:slug>/calendar.ics", views.group_calendar, name="calendar"),
    path("g/<slug:slug>/calendar/renew/", views.renew_calendar_link, name="renew_calendar"),
    path("g/<slug:slug>/calendar/<str:token>.ics", views.organization_calendar, name="organization_calendar"),
]
