"""URLs of therapy course pages, mounted below ``patients/<registry_id>/courses/``."""

from django.urls import path

from treatments import views

app_name = "treatments"

urlpatterns = [
    path("new/", views.course_start_view, name="course_start"),
    path("<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("<int:pk>/stop/", views.course_stop_view, name="course_stop"),
]
