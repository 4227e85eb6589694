"""The admin site: superusers only, with a verified second factor."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.middleware import is_verified


class RegistryAdminSite(admin.AdminSite):
    """Django's admin behind the registry's rules.

    Entry needs an active staff superuser and a session verified with a TOTP code. The
    admin knows nothing of departments, so nobody else enters it, whatever their role or
    model permissions: department and registry admins do their work on the app's own
    pages, which go through the access helpers (see docs/security.md). Logging in happens
    on the site's own log-in page (with its lockout and second step); an authenticated
    user without the right gets a logged 403 instead of the admin's log-in form.
    """

    site_header = "Myositis registry administration"
    site_title = "Myositis registry admin"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.is_superuser and is_verified(user)

    @login_not_required
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        raise PermissionDenied("admin site: superusers with two-factor only")
