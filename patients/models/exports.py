"""Cohort exports: the log of every export and the progress of those run in the background."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel workbook (XLSX)"
    DICTIONARY = "dictionary", "Data dictionary (CSV)"
    REDCAP = "redcap", "REDCap data dictionary and records (ZIP)"
    FHIR = "fhir", "FHIR R4 Bundle (JSON)"


class ExportContent(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    DEIDENTIFIED = "deidentified", "De-identified"


class ExportShape(models.TextChoices):
    PER_VISIT = "per_visit", "One row per visit (patient columns repeated)"
    PER_PATIENT = "per_patient", "One row per patient"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class ExportDelivery(models.TextChoices):
    STREAMED = "streamed", "Streamed at once"
    BACKGROUND = "background", "Background job"


class ExportJob(models.Model):
    """One export: who asked for what, when, and how many rows left the registry.

    Streamed exports and background jobs alike leave a row here, so this table is the
    export log. For a background job it also carries the progress (patients done out of
    ``total``) and the file, which is reachable only through this row by its owner.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="export_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    format = models.CharField(max_length=12, choices=ExportFormat.choices)
    content = models.CharField(max_length=12, choices=ExportContent.choices)
    shape = models.CharField(
        max_length=12, choices=ExportShape.choices, default=ExportShape.PER_VISIT
    )
    filter_params = models.JSONField(
        default=dict, blank=True, help_text="The cohort filter as GET parameters: name -> values."
    )
    department_codes = models.JSONField(
        default=list, blank=True, help_text="Departments the user could export when asking."
    )
    delivery = models.CharField(max_length=12, choices=ExportDelivery.choices)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveIntegerField(default=0, help_text="Patients written so far.")
    total = models.PositiveIntegerField(default=0, help_text="Patients in the filtered cohort.")
    row_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rows (or FHIR resources) written."
    )
    file_name = models.CharField(max_length=120, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="export_job_expiry_idx")]
        constraints = [
            models.CheckConstraint(
                name="export_job_format_valid", condition=Q(format__in=ExportFormat.values)
            ),
            models.CheckConstraint(
                name="export_job_content_valid", condition=Q(content__in=ExportContent.values)
            ),
            models.CheckConstraint(
                name="export_job_shape_valid", condition=Q(shape__in=ExportShape.values)
            ),
            models.CheckConstraint(
                name="export_job_status_valid", condition=Q(status__in=ExportStatus.values)
            ),
            models.CheckConstraint(
                name="export_job_delivery_valid", condition=Q(delivery__in=ExportDelivery.values)
            ),
            models.CheckConstraint(
                name="export_job_progress_within_total", condition=Q(progress__lte=F("total"))
            ),
            models.CheckConstraint(
                name="export_job_file_only_when_done",
                condition=Q(file_name="") | Q(status=ExportStatus.DONE),
            ),
            models.CheckConstraint(
                name="export_job_done_has_row_count",
                condition=~Q(status=ExportStatus.DONE) | Q(row_count__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Export {self.pk} · {self.get_format_display()} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        """Return the progress in whole percent (100 when there was nothing to write)."""
        if self.status == ExportStatus.DONE or self.total == 0:
            return 100 if self.status == ExportStatus.DONE else 0
        return min(100, self.progress * 100 // self.total)
