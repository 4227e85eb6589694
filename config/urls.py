"""The project's URL map."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.two_factor import otp_not_required
from accounts.views.login import PasswordLoginView
from patients.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", PasswordLoginView.as_view(), name="login"),
    path("accounts/logout/", otp_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("patients/<str:registry_id>/visits/", include("assessments.urls")),
    path("patients/<str:registry_id>/courses/", include("treatments.urls")),
    path("patients/", include("registry.record.urls")),
    path("cohort/", include("registry.cohort.urls")),
    path("admin/", admin.site.urls),
    path("", include("assessments.urls_jobs")),
]

handler403 = "accounts.views.errors.permission_denied"
