"""The project's URL map."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from patients.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("patients/<str:registry_id>/visits/", include("assessments.urls")),
    path("patients/<str:registry_id>/courses/", include("treatments.urls")),
    path("patients/", include("patients.urls")),
    path("admin/", admin.site.urls),
]
