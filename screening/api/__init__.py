"""The REST API for integrators (/api/v1/), built with Django REST Framework."""
