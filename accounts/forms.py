"""Forms for logging in and account security."""

import re
from typing import Any

from django import forms

from patients.models import Role

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
