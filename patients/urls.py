"""Pages about one patient."""

from django.urls import path

from patients import history_views

app_name = "patients"

urlpatterns = [
    path("<str:registry_id>/history/", history_views.patient_history_page, name="history"),
]
