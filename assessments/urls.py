"""URLs of visit pages, mounted below ``patients/<registry_id>/visits/``."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("new/", views.visit_create, name="visit_create"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<int:pk>/edit/", views.visit_edit, name="visit_edit"),
]
