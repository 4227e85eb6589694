"""The one way in to patients, and what each role may do once there.

A user sees the patients of the departments they hold a membership in, whatever their
role. A patient outside that scope is reported as missing (404), never as forbidden, so
its existence is not revealed. Inside the scope, the user's role in the patient's
department decides what they may do; a refusal is a 403 that the security log records.

Roles build on each other within a department:

- nurse: read the department's patients; enter and edit visits, biopsies, antibody
  panels, tests and therapy courses.
- clinician: nurse rights, plus diagnosis changes, reminders and cohort views.
- department admin: clinician rights, plus managing the department's users and
  settings (follow-up intervals, lab limits) and identified exports of the department.
- registry admin: department-admin rights in their own departments, plus de-identified
  exports across every department. Identified data stays limited to their departments.

Views plug in with one decorator each: ``patient_view(rule)``, ``record_view(model,
rule)``, ``department_view(rule)`` or ``registry_view(rule)`` (``PatientAccessMixin``
for class-based views).

The package is split by concern; import from ``patients.access`` itself:

- ``scope``: who sees what (the querysets and getters every query starts from);
- ``rules``: what a role may do in a department (``can_*``, ``rights_in``);
- ``user_rules``: rules that do not depend on one department;
- ``reach``: which departments and patients the cohort and export rights reach;
- ``enforce``: the view decorators, ``PatientAccessMixin`` and ``AuthenticatedHttpRequest``.
"""

from patients.access.enforce import (
    AuthenticatedHttpRequest,
    PatientAccessMixin,
    View,
    department_view,
    patient_view,
    record_view,
    registry_view,
    require,
)
from patients.access.reach import (
    browsable_departments,
    can_export,
    can_view_a_cohort,
    cohort_departments,
    cohort_patients,
    export_contents,
    export_departments,
    exportable_patients,
    patients_for_deidentified_export,
    patients_for_identified_export,
)
from patients.access.rules import (
    ROLES_ADMIN,
    ROLES_ALL,
    ROLES_CLINICAL,
    DepartmentRule,
    can_change_diagnosis,
    can_configure_department,
    can_edit_clinical,
    can_export_identified,
    can_handle_reminders,
    can_manage_users,
    can_read_patient,
    can_view_cohort,
    rights_in,
)
from patients.access.scope import (
    AnyUser,
    M,
    department_get_for_user,
    departments_for,
    patient_get_for_user,
    patient_of,
    patient_path,
    patients_visible_to,
    record_get_for_user,
    records_visible_to,
    role_in,
)
from patients.access.user_rules import (
    UserRule,
    can_export_deidentified,
    can_view_security_log,
    can_view_worker_status,
    is_registry_admin,
    requires_two_factor,
)

__all__ = [
    "ROLES_ADMIN",
    "ROLES_ALL",
    "ROLES_CLINICAL",
    "AnyUser",
    "AuthenticatedHttpRequest",
    "DepartmentRule",
    "M",
    "PatientAccessMixin",
    "UserRule",
    "View",
    "browsable_departments",
    "can_change_diagnosis",
    "can_configure_department",
    "can_edit_clinical",
    "can_export",
    "can_export_deidentified",
    "can_export_identified",
    "can_handle_reminders",
    "can_manage_users",
    "can_read_patient",
    "can_view_a_cohort",
    "can_view_cohort",
    "can_view_security_log",
    "can_view_worker_status",
    "cohort_departments",
    "cohort_patients",
    "department_get_for_user",
    "department_view",
    "departments_for",
    "export_contents",
    "export_departments",
    "exportable_patients",
    "is_registry_admin",
    "patient_get_for_user",
    "patient_of",
    "patient_path",
    "patient_view",
    "patients_for_deidentified_export",
    "patients_for_identified_export",
    "patients_visible_to",
    "record_get_for_user",
    "record_view",
    "records_visible_to",
    "registry_view",
    "require",
    "requires_two_factor",
    "rights_in",
    "role_in",
]
