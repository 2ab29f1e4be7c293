from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api import pages as api_pages
from api.kept import keep_reads
from api.views import api
from archive import views as archive_views
from meetings import views as meeting_views
from meetings.signing import views as signing_views
from secretariat import views

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("inbox/", views.inbox, name="inbox"),
    path("search/", archive_views.search_archive, name="search"),
    path("", include("archive.urls")),
    path("inbox/read/", views.read_inbox, name="read_inbox"),
    path("g/<slug:slug>/mail/<int:pk>/retry/", views.retry_mail, name="retry_mail"),
    path("g/<slug:slug>/mail/<int:pk>/set-aside/", views.set_mail_aside, name="set_mail_aside"),
    path("favicon.ico", views.favicon),
    path("verify/", signing_views.verify_form, name="verify_form"),
    path("verify/<str:code>/", signing_views.verify, name="verify"),
    # Login, logout and changing one's own password. There is no password reset by e-mail: a
    # forgotten password is reset by the installation's operator (see the README).
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/tokens/", api_pages.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", api_pages.revoke, name="api_token_revoke"),
    path("accounts/webhooks/", api_pages.webhooks, name="api_webhooks"),
    path("accounts/webhooks/<int:pk>/switch/", api_pages.webhook_switch, name="api_webhook_switch"),
    path("accounts/webhooks/<int:pk>/remove/", api_pages.webhook_remove, name="api_webhook_remove"),
    path(
        "accounts/webhooks/deliveries/<int:pk>/replay/", api_pages.webhook_replay, name="api_webhook_replay"
    ),
    path("api/v1/reference/", api_pages.reference, name="api_reference"),
    path("api/v1/", (keep_reads(api.urls[0]), api.urls[1], api.urls[2])),
    path("", include("meetings.urls")),
    path("", include("committees.urls")),
    path("", include("resolutions.urls")),
]

handler500 = "secretariat.views.server_error"
