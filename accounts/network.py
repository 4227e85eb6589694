"""Where a request comes from, for lockouts and the security log."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address, trusting X-Forwarded-For only behind known proxies.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default) the header is ignored, so a client
    cannot pick its own address to dodge a lockout. Behind N reverse proxies, each
    appending to the header, the client is the N-th address from the right.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return str(hops[-proxies])
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
