"""What the navigation bar needs to know about the user's account."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from patients.access import ROLES_ADMIN, can_view_a_cohort, departments_for


def account_nav(request: HttpRequest) -> dict[str, Any]:
    """Offer, lazily, the departments the user administers and whether the Cohort link shows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "managed_departments": SimpleLazyObject(
            lambda: list(departments_for(user, roles=ROLES_ADMIN))
        ),
        "nav_cohort": SimpleLazyObject(lambda: can_view_a_cohort(user)),
    }
