"""The members page: a department admin manages who works in their department, and how."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import MemberAddForm, MemberCreateForm, MemberRoleForm
from accounts.memberships import (
    assignable_roles,
    member_create,
    membership_add,
    membership_change_role,
    membership_remove,
)
from accounts.selectors import department_members
from patients.access import can_manage_users, department_view
from patients.models import Department, Membership


def _actor(request: HttpRequest) -> AbstractBaseUser:
    """Return the logged-in user (LoginRequiredMiddleware guarantees there is one)."""
    assert isinstance(request.user, AbstractBaseUser)
    return request.user


def _render_list(
    request: HttpRequest,
    department: Department,
    *,
    add_form: MemberAddForm | None = None,
    create_form: MemberCreateForm | None = None,
) -> HttpResponse:
    roles = assignable_roles(actor=_actor(request), department=department)
    context = {
        "department": department,
        "members": department_members(department=department),
        "roles": roles,
        "add_form": add_form or MemberAddForm(roles=roles),
        "create_form": create_form or MemberCreateForm(roles=roles),
    }
    return render(request, "accounts/members.html", context)


def _show_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _membership(department: Department, membership_id: int) -> Membership:
    return get_object_or_404(department.memberships.select_related("user"), pk=membership_id)


@require_GET
@department_view(can_manage_users)
def member_list(request: HttpRequest, department: Department) -> HttpResponse:
    """List the department's members, with forms to add, change and remove them."""
    return _render_list(request, department)


@require_POST
@department_view(can_manage_users)
def member_add(request: HttpRequest, department: Department) -> HttpResponse:
    """Add an existing user to the department."""
    roles = assignable_roles(actor=_actor(request), department=department)
    form = MemberAddForm(request.POST, roles=roles)
    if form.is_valid():
        try:
            membership = membership_add(
                actor=_actor(request), department=department, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"{membership.user.get_username()} added.")
            return redirect("accounts:members", department_code=department.code)
    return _render_list(request, department, add_form=form)


@require_POST
@department_view(can_manage_users)
def member_new(request: HttpRequest, department: Department) -> HttpResponse:
    """Create a user and add them to the department."""
    roles = assignable_roles(actor=_actor(request), department=department)
    form = MemberCreateForm(request.POST, roles=roles)
    if form.is_valid():
        try:
            membership = member_create(
                actor=_actor(request), department=department, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"Account {membership.user.get_username()} created.")
            return redirect("accounts:members", department_code=department.code)
    return _render_list(request, department, create_form=form)


@require_POST
@department_view(can_manage_users)
def member_role(request: HttpRequest, department: Department, membership_id: int) -> HttpResponse:
    """Change one member's role."""
    membership = _membership(department, membership_id)
    roles = assignable_roles(actor=_actor(request), department=department)
    form = MemberRoleForm(request.POST, roles=roles)
    try:
        if not form.is_valid():
            raise ValidationError("Choose one of the roles offered.")
        membership_change_role(actor=_actor(request), membership=membership, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        user = membership.user.get_username()
        messages.success(request, f"{user} is now {membership.get_role_display().lower()}.")
    return redirect("accounts:members", department_code=department.code)


@require_http_methods(["GET", "POST"])
@department_view(can_manage_users)
def member_remove(request: HttpRequest, department: Department, membership_id: int) -> HttpResponse:
    """Ask for confirmation, then remove a member from the department."""
    membership = _membership(department, membership_id)
    if request.method == "POST":
        try:
            membership_remove(actor=_actor(request), membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{membership.user.get_username()} removed.")
        return redirect("accounts:members", department_code=department.code)
    context = {"department": department, "membership": membership}
    return render(request, "accounts/member_remove.html", context)
