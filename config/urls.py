from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("api/", include("screening.api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("search.urls")),
    path("", include("screening.urls")),
    path("", include("reviews.urls")),
]
