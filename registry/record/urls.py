"""URLs of the patient pages that gather every app, under the ``patients`` namespace."""

from django.urls import path

from patients.urls import urlpatterns as patient_patterns
from registry.record import history_views, views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list_view, name="list"),
    *patient_patterns,
    path("<str:registry_id>/", views.patient_detail, name="detail"),
    path("<str:registry_id>/history/", history_views.patient_history_page, name="history"),
]
