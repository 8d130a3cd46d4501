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
        from candidates.signals import document_read
        from screening.caches import candidate_erasing_caches, document_read_shortlists
        from screening.people import candidate_read_join
        from screening.signals import assessments_computed, candidate_erasing
        from screening.webhooks.erasure import webhook_payloads_erase
        from screening.webhooks.events import assessments_computed_emit, document_read_emit

        # Who answers the pipeline's named events: the caches, the webhooks and the joining
        # of one person's records.
        candidate_erasing.connect(candidate_erasing_caches, dispatch_uid="screening.caches")
        candidate_erasing.connect(webhook_payloads_erase, dispatch_uid="screening.webhooks")
        document_read.connect(document_read_emit, dispatch_uid="screening.webhooks")
        document_read.connect(candidate_read_join, dispatch_uid="screening.people")
        document_read.connect(document_read_shortlists, dispatch_uid="screening.caches")
        assessments_computed.connect(assessments_computed_emit, dispatch_uid="screening.webhooks")
        post_migrate.connect(create_cache_tables, sender=self)
