from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reviews.models import ReviewAuditAction
        from screening.audit import audit_actions_register

        audit_actions_register(ReviewAuditAction.choices)
