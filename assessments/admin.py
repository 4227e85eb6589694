"""Admin registrations for visits, evaluations, reminders and worker heartbeats."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    RefractoryEvaluation,
    Reminder,
    ReminderDigest,
    SweepRun,
    Visit,
    WorkerHeartbeat,
)
from patients.admin import ClinicalRecordAdmin


@admin.register(Visit)
class VisitAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "date", "physician_global", "mmt8_total", "haq"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "entered_by"]
    date_hierarchy = "date"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ["worker", "last_seen"]


@admin.register(RefractoryEvaluation)
class RefractoryEvaluationAdmin(admin.ModelAdmin[RefractoryEvaluation]):
    list_display = ["patient", "evaluated_at", "status", "trigger", "tis_total", "doi_met"]
    list_filter = ["status", "trigger"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "baseline_visit", "followup_visit"]
    date_hierarchy = "evaluated_at"

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # evaluations are computed, append-only records


@admin.register(Reminder)
class ReminderAdmin(SimpleHistoryAdmin):
    list_display = ["patient", "kind", "due_date", "status", "snoozed_until", "resolved_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "resolved_by"]
    date_hierarchy = "due_date"


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin[ReminderDigest]):
    list_display = ["user", "sent_on", "reminder_count"]
    raw_id_fields = ["user"]


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin[SweepRun]):
    list_display = ["as_of", "started_at", "finished_at", "patient_count", "chunk_count"]
    date_hierarchy = "started_at"

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # progress records written by the jobs
