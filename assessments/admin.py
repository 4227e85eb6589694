"""Admin registrations for visits."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import Visit, WorkerHeartbeat


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["patient", "date", "physician_global", "mmt8_total", "haq"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "entered_by"]
    date_hierarchy = "date"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "last_seen"]
