from django.db.models.signals import post_save
from django.dispatch import receiver

from scrutiny.tenancy.models import Board

from .models import DEFAULT_THEMES, ReviewTheme


@receiver(post_save, sender=Board)
def give_new_boards_the_default_themes(sender, instance: Board, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        ReviewTheme.objects.bulk_create(
            [ReviewTheme(board=instance, name=name) for name in DEFAULT_THEMES],
            ignore_conflicts=True,
        )
