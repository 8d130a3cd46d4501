from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from candidates.signals import candidate_erasing
        from screening.caches import candidate_erasing_caches

        candidate_erasing.connect(candidate_erasing_caches, dispatch_uid="screening.caches")
