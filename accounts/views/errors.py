"""Error pages; a refusal is written to the security log on its way out."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Log the refusal and show a 403 page that says what to do next."""
    reason = str(exception) if exception is not None else ""
    security_event_record(
        kind=SecurityEventKind.PERMISSION_DENIED, request=request, detail={"reason": reason}
    )
    return render(request, "403.html", {"reason": reason}, status=403)
