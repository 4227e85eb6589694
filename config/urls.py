"""The project's URL map."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from patients import views as patient_views

urlpatterns = [
    path("", patient_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cohort/", include("patients.cohort.urls")),
    path("admin/", admin.site.urls),
]
