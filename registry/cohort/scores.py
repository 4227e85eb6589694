"""The TIS category at each patient's last visit, read from ``assessments.VisitScore``.

``VisitScore`` (one row per visit, with ``tis_category``) comes with the data-entry work
(branch ``entry``). Until it is merged, ``last_visit_tis_category()`` returns None and the
cohort filter and dashboard chart that need it are left out; once it is there they appear
with no change here.
"""

from django.apps import apps
from django.db.models import OuterRef, Subquery

from assessments.models import TisCategory, Visit

NOT_SCORED = "not_scored"
TIS_CHOICES = (*TisCategory.choices, (NOT_SCORED, "Not scored (baseline or no score)"))


def visit_scores_available() -> bool:
    """Return whether visit scores are stored (the VisitScore model is installed)."""
    try:
        apps.get_model("assessments", "VisitScore")
    except LookupError:
        return False
    return True


def last_visit_tis_category() -> Subquery | None:
    """Return a subquery of each patient's TIS category at their last visit, or None.

    Annotate a Patient queryset with it. The value is "" or None when the last visit has
    no TIS (the baseline visit, or a visit not scored).
    """
    if not visit_scores_available():
        return None
    last = Visit.objects.filter(patient=OuterRef("pk")).order_by("-date", "-id")
    return Subquery(last.values("score__tis_category")[:1])
