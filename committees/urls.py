from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("g/<slug:slug>/committees/", views.matrix, name="matrix"),
    path("g/<slug:slug>/committees/<int:pk>/", views.detail, name="detail"),
]
