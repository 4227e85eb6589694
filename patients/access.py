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
  identified exports of the department.
- registry admin: department-admin rights in their own departments, plus de-identified
  exports across every department. Identified data stays limited to their departments.

Views plug in with one decorator each: ``patient_view(rule)``, ``record_view(model,
rule)``, ``department_view(rule)`` or ``registry_view(rule)`` (``PatientAccessMixin``
for class-based views).
"""

from collections.abc import Callable, Sequence
from functools import cache, wraps
from typing import Any, ClassVar, TypeVar, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from patients.models import Department, ExportContent, Membership, Patient, Role

AnyUser = AbstractBaseUser | AnonymousUser
DepartmentRule = Callable[[AnyUser, Department], bool]
UserRule = Callable[[AnyUser], bool]
View = Callable[..., HttpResponseBase]


class AuthenticatedHttpRequest(HttpRequest):
    """The request a ``login_required`` view receives (for type checking): a user signed in."""

    user: User


M = TypeVar("M", bound=models.Model)

ROLES_ALL = tuple(Role.values)
ROLES_CLINICAL = (Role.CLINICIAN, Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)
ROLES_ADMIN = (Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)


# --- Scope: who sees what -----------------------------------------------------------------


def departments_for(user: AnyUser, *, roles: tuple[str, ...] | None = None) -> QuerySet[Department]:
    """Return the departments the user belongs to, optionally only those where they hold a role."""
    if not user.is_authenticated:
        return Department.objects.none()
    memberships = Membership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Department.objects.filter(pk__in=memberships.values("department_id"))


def patients_visible_to(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may see: those of their own departments."""
    return Patient.objects.filter(department__in=departments_for(user))


def patient_get_for_user(*, user: AnyUser, registry_id: str) -> Patient:
    """Return one visible patient by registry id, or raise Http404."""
    try:
        return patients_visible_to(user).select_related("department").get(registry_id=registry_id)
    except Patient.DoesNotExist:
        raise Http404("No such patient") from None


def role_in(user: AnyUser, department_id: int) -> str | None:
    """Return the user's role in a department, or None when they hold none."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user_id=user.pk, department_id=department_id).first()
    return membership.role if membership else None


@cache
def patient_path(model: type[models.Model]) -> str:
    """Return the lookup from ``model`` to its patient: ``"patient"``, ``"panel__patient"``…

    Found by following foreign keys (at most two hops), so a new clinical model needs no
    registration here. Raises ``LookupError`` for a model not tied to a patient.
    """
    if model is Patient:
        return ""
    foreign_keys = [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)]
    for field in foreign_keys:
        if field.related_model is Patient:
            return field.name
    for field in foreign_keys:
        for inner in field.related_model._meta.get_fields():
            if isinstance(inner, models.ForeignKey) and inner.related_model is Patient:
                return f"{field.name}__{inner.name}"
    raise LookupError(f"{model.__name__} is not tied to a patient")


def records_visible_to(user: AnyUser, model: type[M]) -> QuerySet[M]:
    """Return the rows of a patient-owned model whose patient the user may see."""
    path = patient_path(model)
    if not path:
        return patients_visible_to(user)  # type: ignore[return-value]
    return model._default_manager.filter(**{f"{path}__in": patients_visible_to(user)})


def record_get_for_user(
    *, user: AnyUser, model: type[M], pk: int, select_related: Sequence[str] = ()
) -> M:
    """Return one visible row of a patient-owned model (with its patient), or raise Http404.

    ``select_related`` names further relations the caller will read (a visit's score…).
    """
    path = patient_path(model)
    related = f"{path}__department" if path else "department"
    try:
        rows = records_visible_to(user, model).select_related(related, *select_related)
        return rows.get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404(f"No such {model._meta.verbose_name}") from None


def patient_of(record: models.Model) -> Patient:
    """Return the patient a patient-owned row belongs to (the row itself for a patient)."""
    path = patient_path(type(record))
    target: Any = record
    for step in path.split("__") if path else []:
        target = getattr(target, step)
    return cast(Patient, target)


def department_get_for_user(*, user: AnyUser, code: str) -> Department:
    """Return one of the user's departments by code, or raise Http404."""
    try:
        return departments_for(user).get(code=code)
    except Department.DoesNotExist:
        raise Http404("No such department") from None


# --- Rules: what a role may do in a department (one condition each) ------------------------


def can_read_patient(user: AnyUser, department: Department) -> bool:
    """Every role reads the patients of its departments."""
    return role_in(user, department.pk) in ROLES_ALL


def can_edit_clinical(user: AnyUser, department: Department) -> bool:
    """Every role enters and edits visits, biopsies, panels, tests and therapy courses."""
    return role_in(user, department.pk) in ROLES_ALL


def can_change_diagnosis(user: AnyUser, department: Department) -> bool:
    """Clinicians and admins record diagnosis changes; nurses do not."""
    return role_in(user, department.pk) in ROLES_CLINICAL


def can_handle_reminders(user: AnyUser, department: Department) -> bool:
    """Clinicians and admins act on follow-up reminders."""
    return role_in(user, department.pk) in ROLES_CLINICAL


def can_view_cohort(user: AnyUser, department: Department) -> bool:
    """Clinicians and admins see cohort views of their departments."""
    return role_in(user, department.pk) in ROLES_CLINICAL


def can_export_identified(user: AnyUser, department: Department) -> bool:
    """Department and registry admins export identified data of their own departments."""
    return role_in(user, department.pk) in ROLES_ADMIN


def can_manage_users(user: AnyUser, department: Department) -> bool:
    """Department and registry admins manage the users of their own departments."""
    return role_in(user, department.pk) in ROLES_ADMIN


# --- Rules that do not depend on one department -------------------------------------------


def is_registry_admin(user: AnyUser) -> bool:
    """Return whether the user is a registry admin in at least one department."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, role=Role.REGISTRY_ADMIN).exists()


def can_export_deidentified(user: AnyUser) -> bool:
    """Registry admins export de-identified data across every department."""
    return is_registry_admin(user)


def can_view_security_log(user: AnyUser) -> bool:
    """Department admins read their members' events; registry admins read all of them."""
    return departments_for(user, roles=ROLES_ADMIN).exists()


def can_view_worker_status(user: AnyUser) -> bool:
    """Staff users and department or registry admins see whether the workers run."""
    if getattr(user, "is_staff", False):
        return True
    return departments_for(user, roles=ROLES_ADMIN).exists()


def requires_two_factor(user: AnyUser) -> bool:
    """Superusers and anyone holding an admin role must log in with a second factor."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return departments_for(user, roles=ROLES_ADMIN).exists()


def rights_in(user: AnyUser, department: Department, *rules: DepartmentRule) -> dict[str, bool]:
    """Return whether each rule allows the user in ``department``, keyed by name sans ``can_``.

    For templates, to hide what the user cannot use: ``rights.change_diagnosis``.
    """
    return {rule.__name__.removeprefix("can_"): rule(user, department) for rule in rules}


# --- Cohort and exports: which departments each right reaches ------------------------------


def cohort_departments(user: AnyUser) -> QuerySet[Department]:
    """Return the departments whose cohort the user may browse (``can_view_cohort``)."""
    return departments_for(user, roles=ROLES_CLINICAL)


def cohort_patients(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients on the user's cohort page and dashboard."""
    return Patient.objects.filter(department__in=cohort_departments(user))


def can_view_a_cohort(user: AnyUser) -> bool:
    """Clinicians and admins open the cohort pages; nurses do not."""
    return cohort_departments(user).exists()


def export_departments(user: AnyUser, *, content: str) -> QuerySet[Department]:
    """Return the departments whose patients the user may export with this content.

    Identified: departments where ``can_export_identified`` holds. De-identified: every
    department for a registry admin (``can_export_deidentified``), else the departments
    the user may export identified (less data than they already may take).
    """
    if content == ExportContent.IDENTIFIED:
        return departments_for(user, roles=ROLES_ADMIN)
    if content != ExportContent.DEIDENTIFIED:
        return Department.objects.none()
    if can_export_deidentified(user):
        return Department.objects.all()
    return departments_for(user, roles=ROLES_ADMIN)


def export_contents(user: AnyUser) -> list[str]:
    """Return the contents (identified, de-identified) the user may export at all."""
    return [
        content
        for content in ExportContent.values
        if export_departments(user, content=content).exists()
    ]


def can_export(user: AnyUser) -> bool:
    """Department and registry admins export; nurses and clinicians never do."""
    return bool(export_contents(user))


def exportable_patients(user: AnyUser, *, content: str) -> QuerySet[Patient]:
    """Return the patients the user may export with this content."""
    return Patient.objects.filter(department__in=export_departments(user, content=content))


def patients_for_identified_export(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may export with names: departments they administer."""
    return exportable_patients(user, content=ExportContent.IDENTIFIED)


def patients_for_deidentified_export(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may export without names."""
    return exportable_patients(user, content=ExportContent.DEIDENTIFIED)


def browsable_departments(user: AnyUser) -> QuerySet[Department]:
    """Return every department the user may pick in a cohort filter (page or export)."""
    ids = set(cohort_departments(user).values_list("pk", flat=True))
    for content in ExportContent.values:
        ids |= set(export_departments(user, content=content).values_list("pk", flat=True))
    return Department.objects.filter(pk__in=ids)


# --- Enforcement: decorators and a mixin for views ----------------------------------------


def require(rule: DepartmentRule, user: AnyUser, department: Department) -> None:
    """Raise PermissionDenied (a logged 403) unless ``rule`` allows the user in ``department``."""
    if not rule(user, department):
        raise PermissionDenied(rule.__name__)


def _log_out_of_scope(request: HttpRequest, what: str) -> None:
    security_event_record(
        kind=SecurityEventKind.PERMISSION_DENIED,
        request=request,
        detail={"reason": f"{what} outside the user's departments"},
    )


def _patient_for_request(request: HttpRequest, registry_id: str) -> Patient:
    """Fetch through the one way in; a hit on another department's patient is logged."""
    try:
        return patient_get_for_user(user=request.user, registry_id=registry_id)
    except Http404:
        if Patient.objects.filter(registry_id=registry_id).exists():
            _log_out_of_scope(request, "patient")
        raise


def _record_for_request(
    request: HttpRequest, model: type[M], pk: int, select_related: Sequence[str] = ()
) -> M:
    """Fetch a patient-owned row; a hit on another department's row is logged."""
    try:
        return record_get_for_user(
            user=request.user, model=model, pk=pk, select_related=select_related
        )
    except Http404:
        if model._default_manager.filter(pk=pk).exists():
            _log_out_of_scope(request, str(model._meta.verbose_name))
        raise


def patient_view(rule: DepartmentRule = can_read_patient) -> Callable[[View], View]:
    """Wrap a view whose URL takes ``registry_id``; the view receives ``patient=`` instead.

    A patient outside the user's departments is a 404; a role that ``rule`` refuses in
    the patient's department is a 403, written to the security log.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, registry_id: str, **kwargs: Any) -> Any:
            patient = _patient_for_request(request, registry_id)
            require(rule, request.user, patient.department)
            return view(request, *args, patient=patient, **kwargs)

        return wrapped

    return decorator


def record_view(
    model: type[models.Model],
    rule: DepartmentRule = can_read_patient,
    *,
    url_kwarg: str = "pk",
    pass_as: str = "record",
    select_related: Sequence[str] = (),
) -> Callable[[View], View]:
    """Wrap a view whose URL names a patient-owned row by ``pk`` (a visit, a course…).

    The view receives the row as ``record=`` (or ``pass_as``), its patient and department
    loaded. A row of another department's patient is a 404; a role ``rule`` refuses is a
    logged 403. When the URL also names the patient (``registry_id``, as in
    ``patients/<registry_id>/visits/<pk>/``), a row of another patient is a 404 too.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            pk = kwargs.pop(url_kwarg)
            registry_id = kwargs.pop("registry_id", None)
            record = _record_for_request(request, model, pk, select_related)
            patient = patient_of(record)
            if registry_id is not None and patient.registry_id != registry_id:
                raise Http404(f"No such {model._meta.verbose_name} for this patient")
            require(rule, request.user, patient.department)
            return view(request, *args, **{pass_as: record}, **kwargs)

        return wrapped

    return decorator


def department_view(rule: DepartmentRule) -> Callable[[View], View]:
    """Wrap a view whose URL takes ``department_code``; the view receives ``department=``.

    A department the user does not belong to is a 404; a refused role is a logged 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, department_code: str, **kwargs: Any) -> Any:
            department = department_get_for_user(user=request.user, code=department_code)
            require(rule, request.user, department)
            return view(request, *args, department=department, **kwargs)

        return wrapped

    return decorator


def registry_view(rule: UserRule) -> Callable[[View], View]:
    """Wrap a registry-wide view (cross-department export, security log): 403 unless allowed."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not rule(request.user):
                raise PermissionDenied(rule.__name__)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PatientAccessMixin:
    """For class-based views whose URL takes ``registry_id``: sets ``self.patient``.

    Set ``patient_rule`` to the rule the view needs (``can_read_patient`` by default).
    """

    patient_rule: ClassVar[DepartmentRule] = can_read_patient
    patient: Patient

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.patient = _patient_for_request(request, kwargs["registry_id"])
        require(type(self).patient_rule, request.user, self.patient.department)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response
