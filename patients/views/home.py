"""The landing page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    """Send the user to their departments' patient list."""
    return redirect("patients:list")
