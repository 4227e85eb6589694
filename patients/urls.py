"""URLs of the patients app's own pages; every one below a patient takes its ``registry_id``.

``registry.record.urls`` serves them, with the list, record and history pages, under the
``patients`` namespace.
"""

from django.urls import include, path

from patients.views import patients, records

record_patterns = [
    path("edit/", patients.patient_edit, name="edit"),
    path("diagnosis/", patients.patient_diagnosis_change, name="diagnosis_change"),
    path("biopsies/new/", records.biopsy_create, name="biopsy_create"),
    path("biopsies/<int:pk>/edit/", records.biopsy_edit, name="biopsy_edit"),
    path("panels/new/", records.panel_create, name="panel_create"),
    path("panels/<int:pk>/edit/", records.panel_edit, name="panel_edit"),
    path("tests/new/", records.test_create, name="test_create"),
    path("tests/<int:pk>/edit/", records.test_edit, name="test_edit"),
]

urlpatterns = [
    path("new/", patients.patient_register_view, name="register"),
    path("<str:registry_id>/", include(record_patterns)),
]
