from django import forms

from scrutiny.core.forms import GovukForm, GovukModelForm
from scrutiny.tenancy.models import Board

from .models import Theme


def _name_clash(board: Board, name: str, exclude: int | None = None) -> bool:
    others = board.themes.filter(name__iexact=name)
    return others.exclude(pk=exclude).exists() if exclude else others.exists()


class NewThemeForm(GovukForm):
    name = forms.CharField(
        label="New theme", max_length=80, error_messages={"required": "Enter the theme's name"}
    )

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if _name_clash(self.board, name):
            raise forms.ValidationError(f"There is already a theme called {name}")
        return name


class ThemeForm(GovukModelForm):
    """Rename a theme, or retire it (what is tagged keeps it; it is no longer offered)."""

    class Meta:
        model = Theme
        fields = ["name", "retired"]
        labels = {"name": "Name", "retired": "Retired: no longer offered for new tags"}
        error_messages = {"name": {"required": "Enter the theme's name"}}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if _name_clash(self.instance.board, name, exclude=self.instance.pk):
            raise forms.ValidationError(f"There is already a theme called {name}")
        return name
