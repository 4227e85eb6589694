"""The abstract base every editable clinical record shares."""

from django.db import models
from simple_history.models import HistoricalRecords


class ClinicalRecord(models.Model):
    """A clinical row: audited, timestamped, and versioned for optimistic concurrency.

    ``version`` starts at 1 and is raised by one on every update through the services;
    an edit submitted against an older version is refused instead of overwriting.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
