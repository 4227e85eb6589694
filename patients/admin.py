"""Admin registrations for departments, patients and the diagnostic record."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    Department,
    DiagnosisChange,
    DiagnosticTest,
    Membership,
    MuscleBiopsy,
    Patient,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "follow_up_months_active", "follow_up_months_stable"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "role"]
    list_filter = ["role", "department"]
    search_fields = ["user__username", "department__name"]
    list_select_related = ["user", "department"]


@admin.register(Patient)
class PatientAdmin(SimpleHistoryAdmin):
    list_display = ["registry_id", "family_name", "given_name", "department", "diagnosis"]
    list_filter = ["department", "diagnosis", "follow_up_status", "sex"]
    search_fields = ["registry_id", "hospital_number", "family_name", "given_name"]
    list_select_related = ["department"]
    readonly_fields = ["registry_id", "version"]


@admin.register(DiagnosisChange)
class DiagnosisChangeAdmin(SimpleHistoryAdmin):
    list_display = ["patient", "date", "from_diagnosis", "to_diagnosis"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "recorded_by"]


@admin.register(MuscleBiopsy)
class MuscleBiopsyAdmin(SimpleHistoryAdmin):
    list_display = ["patient", "date", "muscle", "conclusion"]
    list_filter = ["conclusion"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]


class AntibodyResultInline(admin.TabularInline):
    model = AntibodyResult
    extra = 0


@admin.register(AntibodyPanel)
class AntibodyPanelAdmin(SimpleHistoryAdmin):
    list_display = ["patient", "date", "lab", "method"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]
    inlines = [AntibodyResultInline]


@admin.register(DiagnosticTest)
class DiagnosticTestAdmin(SimpleHistoryAdmin):
    list_display = ["patient", "date", "kind", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]
