"""URLs of visit pages, mounted below ``patients/<registry_id>/visits/``."""

from django.urls import path

from assessments.views import visits

app_name = "assessments"

urlpatterns = [
    path("new/", visits.visit_create, name="visit_create"),
    path("<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
]
