"""The department settings page: follow-up intervals and lab limits, for the department's admins."""

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.departments import department_settings_change
from accounts.forms import DepartmentSettingsForm
from patients.access import can_configure_department, department_view
from patients.models import Department


@require_http_methods(["GET", "POST"])
@department_view(can_configure_department)
def department_settings(request: HttpRequest, department: Department) -> HttpResponse:
    """Show the department's settings; save changes through the service."""
    form = DepartmentSettingsForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, AbstractBaseUser)
        try:
            department_settings_change(
                actor=request.user, department=department, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Settings of {department.name} saved.")
            return redirect("accounts:department_settings", department_code=department.code)
    return render(
        request, "accounts/department_settings.html", {"department": department, "form": form}
    )
