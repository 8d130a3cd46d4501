from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from config import health
from screening import views as screening_views

urlpatterns = [
    path("", screening_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
