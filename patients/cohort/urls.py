"""URLs of the cohort pages, exports and export jobs."""

from django.urls import path

from patients.cohort import views

app_name = "cohort"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("dashboard/", views.cohort_dashboard, name="dashboard"),
]
