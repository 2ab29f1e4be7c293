from django.urls import path

from archive import import_views

app_name = "archive"

urlpatterns = [
    path("g/<slug:slug>/archive/import/", import_views.import_archive, name="import"),
    path("g/<slug:slug>/archive/import/<int:pk>/", import_views.batch_page, name="batch"),
    path("g/<slug:slug>/archive/import/<int:pk>/resume/", import_views.resume, name="resume"),
    path("g/<slug:slug>/archive/file/<int:pk>/", import_views.file_page, name="file"),
    path("g/<slug:slug>/archive/file/<int:pk>/set-aside/", import_views.set_aside, name="set_aside"),
    path("g/<slug:slug>/archive/file/<int:pk>/page/<int:number>.png", import_views.page_image, name="page"),
]
