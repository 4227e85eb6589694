"""Account pages: the second login step, two-factor settings, members, the security log."""

from django.urls import path

from accounts.views import login, two_factor

app_name = "accounts"

urlpatterns = [
    path("login/code/", login.login_code, name="login_code"),
    path("two-factor/", two_factor.two_factor_status, name="two_factor"),
    path("two-factor/enrol/", two_factor.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/remove/", two_factor.two_factor_remove, name="two_factor_remove"),
]
