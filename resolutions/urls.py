from django.urls import path

from resolutions import desk_views, views

app_name = "resolutions"

urlpatterns = [
    path("g/<slug:slug>/resolutions/", views.tracker, name="tracker"),
    path("g/<slug:slug>/resolutions/export.xlsx", views.export, name="export"),
    path("g/<slug:slug>/resolutions/<int:pk>/", views.detail, name="detail"),
    path("g/<slug:slug>/resolutions/<int:pk>/report/", views.report, name="report"),
    path("g/<slug:slug>/resolutions/follow-ups/", views.follow_ups, name="follow_ups"),
    path("g/<slug:slug>/resolutions/follow-ups/<int:pk>/review/", views.review, name="review"),
    path("g/<slug:slug>/resolutions/follow-ups/<int:pk>/attachment/", views.attachment, name="attachment"),
    path(
        "g/<slug:slug>/resolutions/<int:pk>/extension/",
        desk_views.request_extension,
        name="request_extension",
    ),
    path(
        "g/<slug:slug>/resolutions/extensions/<int:pk>/decide/",
        desk_views.decide_extension,
        name="decide_extension",
    ),
    path("g/<slug:slug>/progress/", desk_views.progress, name="progress"),
    path("g/<slug:slug>/progress.pdf", desk_views.progress_pdf, name="progress_pdf"),
    path("g/<slug:slug>/requests/", desk_views.requests, name="requests"),
    path("g/<slug:slug>/requests/new/", desk_views.new_request, name="new_request"),
    path("g/<slug:slug>/requests/<int:pk>/", desk_views.request_detail, name="request"),
    path("g/<slug:slug>/requests/<int:pk>/answer/", desk_views.answer_request, name="answer_request"),
    path("g/<slug:slug>/requests/<int:pk>/remind/", desk_views.remind_request, name="remind_request"),
    path("g/<slug:slug>/requests/<int:pk>/compile/", desk_views.compile_booklet, name="compile_booklet"),
    path("g/<slug:slug>/requests/<int:pk>/send/", desk_views.send_booklet, name="send_booklet"),
    path("g/<slug:slug>/requests/<int:pk>/booklet.pdf", desk_views.booklet_pdf, name="booklet_pdf"),
    path("g/<slug:slug>/requests/<int:pk>/answers.xlsx", desk_views.answers_xlsx, name="answers_xlsx"),
    path(
        "g/<slug:slug>/requests/<int:pk>/attachment/",
        desk_views.request_attachment,
        name="request_attachment",
    ),
    path(
        "g/<slug:slug>/requests/<int:pk>/answers/<int:answer>/attachment/",
        desk_views.answer_attachment,
        name="answer_attachment",
    ),
    path(
        "g/<slug:slug>/requests/<int:pk>/answers/<int:answer>/facts/<int:index>/",
        desk_views.answer_fact_file,
        name="answer_fact_file",
    ),
    path("g/<slug:slug>/calendar.ics", views.group_calendar, name="calendar"),
    path("g/<slug:slug>/calendar/renew/", views.renew_calendar_link, name="renew_calendar"),
    path("g/<slug:slug>/calendar/<str:token>.ics", views.organization_calendar, name="organization_calendar"),
]
