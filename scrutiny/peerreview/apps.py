from django.apps import AppConfig


class PeerReviewConfig(AppConfig):
    name = "scrutiny.peerreview"
    verbose_name = "Peer review"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in [
            models.PeerReview,
            models.PeerReviewer,
            models.SharedEvidence,
            models.Recommendation,
        ]:
            auditlog.register(model)
