"""Forms for logging in and account security."""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core import validators

from accounts.departments import DEPARTMENT_SETTINGS, FOLLOW_UP_INTERVALS, LAB_LIMITS
from accounts.recovery_codes import RECOVERY_CODE_PATTERN, recovery_code_normalise
from patients.models import Department, Role
from patients.models.departments import MAX_FOLLOW_UP_MONTHS

TOKEN_PATTERN = re.compile(r"^\d{6}$")
# Another person's username: the browser must not fill in the admin's own.
NO_AUTOFILL = {"autocomplete": "off"}


class TokenForm(forms.Form):
    """The six-digit code from an authenticator app."""

    token = forms.CharField(
        label="6-digit code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not TOKEN_PATTERN.match(token):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows now.")
        return token


class LoginCodeForm(forms.Form):
    """The code typed at login or to verify a session: from the app, or a recovery code."""

    token = forms.CharField(
        label="6-digit code from your authenticator app, or a recovery code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        typed = str(self.cleaned_data["token"])
        digits = typed.replace(" ", "")
        if TOKEN_PATTERN.match(digits):
            return digits
        if RECOVERY_CODE_PATTERN.match(recovery_code_normalise(typed)):
            return typed
        raise forms.ValidationError(
            "Enter the 6 digits your authenticator app shows now, or one of your recovery codes."
        )


class _RoleFormMixin:
    """Offer only the roles the acting admin may grant."""

    def set_roles(self, roles: list[Role]) -> None:
        self.fields["role"].choices = [(role.value, role.label) for role in roles]  # type: ignore[attr-defined]


class MemberAddForm(_RoleFormMixin, forms.Form):
    """Add a user who already has an account."""

    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs=NO_AUTOFILL))
    role = forms.ChoiceField()

    prefix = "add"

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_roles(roles)


class MemberCreateForm(_RoleFormMixin, forms.Form):
    """Create an account with an initial password, and add it to the department."""

    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs=NO_AUTOFILL))
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    password = forms.CharField(
        label="Initial password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Give it to the user in person; "
        "they should change it after their first login.",
    )
    role = forms.ChoiceField()

    prefix = "new"

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_roles(roles)


class MemberRoleForm(_RoleFormMixin, forms.Form):
    """Change one member's role."""

    role = forms.ChoiceField()

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_roles(roles)


class DepartmentSettingsForm(forms.ModelForm[Department]):
    """A department's follow-up intervals and lab limits (the view saves through a service)."""

    class Meta:
        model = Department
        fields = list(DEPARTMENT_SETTINGS)
        labels = {
            "follow_up_months_active": "Follow-up interval, refractory or active disease (months)",
            "follow_up_months_stable": "Follow-up interval otherwise (months)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FOLLOW_UP_INTERVALS:
            field = self.fields[name]
            field.widget.attrs.update(min=1, max=MAX_FOLLOW_UP_MONTHS)
            field.validators += [
                validators.MinValueValidator(1),
                validators.MaxValueValidator(MAX_FOLLOW_UP_MONTHS),
            ]
        for name in LAB_LIMITS:
            self.fields[name].validators.append(validators.MinValueValidator(Decimal("0.01")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        active = cleaned.get("follow_up_months_active")
        stable = cleaned.get("follow_up_months_stable")
        if active is not None and stable is not None and stable < active:
            self.add_error(
                "follow_up_months_stable",
                "The interval for stable disease cannot be shorter than for active disease.",
            )
        return cleaned
