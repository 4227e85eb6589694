"""The security log page, for department and registry admins."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import SecurityEventKind
from accounts.selectors import security_events_visible_to
from patients.access import can_view_security_log, registry_view

PAGE_SIZE = 100


@require_GET
@registry_view(can_view_security_log)
def security_log(request: HttpRequest) -> HttpResponse:
    """List security events, newest first, filtered by kind and username."""
    events = security_events_visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind in SecurityEventKind.values:
        events = events.filter(kind=kind)
    username = request.GET.get("username", "").strip()
    if username:
        events = events.filter(username__icontains=username)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": SecurityEventKind.choices,
        "kind": kind,
        "username": username,
    }
    return render(request, "accounts/security_log.html", context)
