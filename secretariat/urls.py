from django.contrib import admin
from django.urls import include, path

from meetings import workflow_views
from secretariat import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("verify/<str:code>/", workflow_views.verify, name="verify"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
    path("", include("committees.urls")),
    path("", include("resolutions.urls")),
]
