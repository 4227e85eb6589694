"""Admin registrations for the drug catalogue and therapy courses."""

from django.contrib import admin

from patients.admin import ClinicalRecordAdmin
from treatments.models import Drug, TherapyCourse


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin[Drug]):
    list_display = ["name", "drug_class", "usual_line", "default_unit"]
    list_filter = ["drug_class"]
    search_fields = ["name"]


@admin.register(TherapyCourse)
class TherapyCourseAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "drug", "line_of_therapy", "start", "stop", "stop_reason"]
    list_filter = ["drug__drug_class", "line_of_therapy", "stop_reason"]
    list_select_related = ["patient", "drug"]
    raw_id_fields = ["patient"]
