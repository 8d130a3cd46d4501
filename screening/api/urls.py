"""Routes of the REST API; /api/v1/ is the first version."""

urlpatterns: list = []
