from scrutiny.tenancy.models import Board


def give_new_boards_the_library_themes(sender, instance: Board, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        from .services import seed_themes

        seed_themes(instance)
