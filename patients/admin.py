"""Admin registrations for departments, patients and the diagnostic record."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from infra.audit import audited
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

ADMIN_REASON = "Changed in the admin site"


class ClinicalRecordAdmin(SimpleHistoryAdmin):
    """Admin for a clinical model: every change audited with the admin site as its reason.

    Only superusers enter the admin (``accounts.admin_site``), so nothing here is scoped
    to departments: the app's pages are where department and registry admins work.
    """

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with audited(reason=ADMIN_REASON):
            response: HttpResponse = super().changeform_view(request, *args, **kwargs)
            return response

    def changelist_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with audited(reason=ADMIN_REASON):
            response: HttpResponse = super().changelist_view(request, *args, **kwargs)
            return response

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with audited(reason=ADMIN_REASON):
            response: HttpResponse = super().delete_view(request, *args, **kwargs)
            return response

    def history_form_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with audited(reason="Reverted in the admin site"):
            response: HttpResponse = super().history_form_view(request, *args, **kwargs)
            return response


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "code", "follow_up_months_active", "follow_up_months_stable"]
    search_fields = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "department", "role"]
    list_filter = ["role", "department"]
    search_fields = ["user__username", "department__name"]
    list_select_related = ["user", "department"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _log_membership(request, obj, "changed in the admin site" if change else "added")

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        _log_membership(request, obj, "removed")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user", "department"):
            _log_membership(request, membership, "removed")
        super().delete_queryset(request, queryset)


def _log_membership(request: HttpRequest, membership: Membership, action: str) -> None:
    security_event_record(
        kind=SecurityEventKind.MEMBERSHIP_CHANGE,
        request=request,
        detail={
            "action": action,
            "via": "admin site",
            "member": membership.user.get_username(),
            "department": membership.department.code,
            "role": membership.role,
        },
    )


@admin.register(Patient)
class PatientAdmin(ClinicalRecordAdmin):
    list_display = ["registry_id", "family_name", "given_name", "department", "diagnosis"]
    list_filter = ["department", "diagnosis", "follow_up_status", "sex"]
    search_fields = ["registry_id", "hospital_number", "family_name", "given_name"]
    list_select_related = ["department"]
    readonly_fields = ["registry_id", "version"]


@admin.register(DiagnosisChange)
class DiagnosisChangeAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "date", "from_diagnosis", "to_diagnosis"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "recorded_by"]


@admin.register(MuscleBiopsy)
class MuscleBiopsyAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "date", "muscle", "conclusion"]
    list_filter = ["conclusion"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]


class AntibodyResultInline(admin.TabularInline[AntibodyResult, AntibodyPanel]):
    model = AntibodyResult
    extra = 0


@admin.register(AntibodyPanel)
class AntibodyPanelAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "date", "lab", "method"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]
    inlines = [AntibodyResultInline]


@admin.register(DiagnosticTest)
class DiagnosticTestAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "date", "kind", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]
