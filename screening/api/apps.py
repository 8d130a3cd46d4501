from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API: tokens, idempotency keys and webhooks live here, beside the DRF layer."""

    name = "screening.api"
    label = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Webhook events are emitted from model and Celery signals, in the web and the worker.
        from screening.api import signals

        signals.connect()
