from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from candidates.signals import document_read
        from screening.signals import candidate_erasing
        from search.index import candidate_erasing_index, document_read_index

        # A document read changes its candidate's facts (papers merge, evidence is rebuilt),
        # so the whole candidate is indexed again; an erasure takes their rows with it.
        document_read.connect(document_read_index, dispatch_uid="search.index")
        candidate_erasing.connect(candidate_erasing_index, dispatch_uid="search.index")
