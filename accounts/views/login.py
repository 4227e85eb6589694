"""Logging in: password first, then an app code (or a recovery code) for users with a device."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device

from accounts.forms import LoginCodeForm
from accounts.two_factor import otp_not_required, second_factor_check
from accounts.views.two_factor import recovery_login_redirect

PENDING_SESSION_KEY = "accounts_pending_login"
PENDING_MAX_AGE_SECONDS = 5 * 60


class PasswordLoginView(LoginView):
    """Check the password (django-axes counts failures); ask for a code if the user has a device.

    A user with a confirmed device is not logged in yet: the session remembers who passed
    the password step, for five minutes, and the code page finishes the login.
    """

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not user_has_device(user):
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user_id": user.pk,
            "backend": getattr(user, "backend", ""),
            "at": timezone.now().timestamp(),
            "next": self.get_success_url(),
        }
        return redirect("accounts:login_code")


def _pending_user(request: HttpRequest) -> tuple[AbstractBaseUser, dict[str, object]] | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending:
        return None
    if timezone.now().timestamp() - pending["at"] > PENDING_MAX_AGE_SECONDS:
        del request.session[PENDING_SESSION_KEY]
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user_id"], is_active=True).first()
    return (user, pending) if user is not None else None


@never_cache
@sensitive_post_parameters("token")
@login_not_required
@otp_not_required
def login_code(request: HttpRequest) -> HttpResponse:
    """The second login step: a code from the user's authenticator app, or a recovery code."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, "Please enter your username and password again.")
        return redirect(settings.LOGIN_URL)
    user, pending = found
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor_check(
            user=user, token=form.cleaned_data["token"], step="login", request=request
        )
        if check.device is not None:
            del request.session[PENDING_SESSION_KEY]
            auth_login(request, user, backend=str(pending["backend"]))  # type: ignore[arg-type]
            otp_login(request, check.device)
            if check.recovery:
                return recovery_login_redirect(request)
            return redirect(str(pending["next"]))
        form.add_error("token", check.error)
    return render(request, "accounts/login_code.html", {"form": form})
