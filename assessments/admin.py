"""Admin registrations for visits."""

from django.contrib import admin

from assessments.models import Visit, WorkerHeartbeat
from patients.admin import ClinicalRecordAdmin


@admin.register(Visit)
class VisitAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "date", "physician_global", "mmt8_total", "haq"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "entered_by"]
    date_hierarchy = "date"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "last_seen"]
