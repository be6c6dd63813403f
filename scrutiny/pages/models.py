from django.conf import settings
from django.db import models

from scrutiny.tenancy.models import Board


class BoardVisit(models.Model):
    """When a person last opened a board's home, so it can say what is new since."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_visits"
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="one_visit_per_person_board")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.board}"

    def audit_scope(self) -> tuple[int | None, list[int]]:
        return self.board.region_id, [self.board_id]
