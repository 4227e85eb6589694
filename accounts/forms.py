"""Forms for logging in and account security."""

import re

from django import forms

TOKEN_PATTERN = re.compile(r"^\d{6}$")


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
        token = self.cleaned_data["token"].replace(" ", "")
        if not TOKEN_PATTERN.match(token):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows now.")
        return token
