"""Account pages: login code, two-factor, members, department settings, the security log."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts.views import department, login, members, security_log, two_factor

MEMBERS = "departments/<slug:department_code>/members/"

app_name = "accounts"

urlpatterns = [
    path("login/code/", login.login_code, name="login_code"),
    path("two-factor/", two_factor.two_factor_status, name="two_factor"),
    path("two-factor/enrol/", two_factor.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/remove/", two_factor.two_factor_remove, name="two_factor_remove"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="recovery_codes"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("security-log/", security_log.security_log, name="security_log"),
    path(
        "departments/<slug:department_code>/settings/",
        department.department_settings,
        name="department_settings",
    ),
    path(MEMBERS, members.member_list, name="members"),
    path(f"{MEMBERS}add/", members.member_add, name="member_add"),
    path(f"{MEMBERS}new/", members.member_new, name="member_new"),
    path(f"{MEMBERS}<int:membership_id>/role/", members.member_role, name="member_role"),
    path(f"{MEMBERS}<int:membership_id>/remove/", members.member_remove, name="member_remove"),
]
