from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using: str = "default", **kwargs) -> None:
    """After every ``migrate``: the tables of database caches (the sign-in throttle's, in the
    embedded mode). Idempotent; nothing to do when the caches are Redis."""
    call_command("createcachetable", database=using, verbosity=0)


class ScreeningConfig(AppConfig):
    name = "screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from screening.caches import candidate_erasing_caches
        from screening.signals import candidate_erasing

        candidate_erasing.connect(candidate_erasing_caches, dispatch_uid="screening.caches")
        post_migrate.connect(create_cache_tables, sender=self)
