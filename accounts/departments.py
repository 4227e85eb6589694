"""A department's settings: the service behind the department settings page.

Department and registry admins set their own department's follow-up intervals and the
lab's upper limits of normal (the defaults a new visit starts from). Each change is
written to the security log with the old and new values.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from patients.access import can_configure_department
from patients.models import Department

FOLLOW_UP_INTERVALS = ("follow_up_months_active", "follow_up_months_stable")
LAB_LIMITS = ("ck_uln", "ldh_uln", "aldolase_uln", "alt_uln", "ast_uln")
DEPARTMENT_SETTINGS = FOLLOW_UP_INTERVALS + LAB_LIMITS


def department_settings_change(
    *, actor: AbstractBaseUser, department: Department, values: dict[str, Any]
) -> Department:
    """Store the department's new settings; return the department as saved.

    Only the fields of ``DEPARTMENT_SETTINGS`` are taken from ``values``. Raises
    ``PermissionDenied`` unless the actor may configure the department, and
    ``ValidationError`` (nothing saved) when the values break a rule.
    """
    if not can_configure_department(actor, department):
        raise PermissionDenied("can_configure_department")
    with transaction.atomic():
        locked = Department.objects.select_for_update().get(pk=department.pk)
        changes = {}
        for name in DEPARTMENT_SETTINGS:
            old, new = getattr(locked, name), values.get(name, getattr(locked, name))
            if old != new:
                changes[name] = [str(old), str(new)]
                setattr(locked, name, new)
        if not changes:
            return locked
        locked.full_clean()
        locked.save(update_fields=list(changes))
        security_event_record(
            kind=SecurityEventKind.DEPARTMENT_SETTINGS,
            user=actor,
            detail={"department": locked.code, "changes": changes},
        )
    return locked
