"""Pages about patients."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patients.access import departments_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the departments the user belongs to."""
    departments = departments_for(request.user).annotate(patient_count=Count("patients"))
    return render(request, "home.html", {"departments": departments})
