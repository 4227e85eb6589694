"""URLs of the cohort pages, exports and export jobs."""

from django.urls import path

from registry.cohort import export_views, views

app_name = "cohort"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("dashboard/", views.cohort_dashboard, name="dashboard"),
    path("export/", export_views.cohort_export, name="export"),
    path("exports/", export_views.job_list, name="jobs"),
    path("exports/<int:pk>/", export_views.job_detail, name="job"),
    path("exports/<int:pk>/status/", export_views.job_status, name="job_status"),
    path("exports/<int:pk>/download/", export_views.job_download, name="job_download"),
]
