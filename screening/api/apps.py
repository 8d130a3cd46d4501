from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API: tokens, idempotency keys and the webhooks' records live here, beside the
    DRF layer (the webhooks themselves are ``screening.webhooks``)."""

    name = "screening.api"
    label = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from screening.api.idempotency import stored_answers_erase
        from screening.signals import candidate_erasing

        candidate_erasing.connect(stored_answers_erase, dispatch_uid="api.idempotency.erasure")
