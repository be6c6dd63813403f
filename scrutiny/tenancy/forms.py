from typing import Any

from django import forms

from scrutiny.core.forms import GovukForm, GovukModelForm

from .models import Agency, Board, BoardAgency


def _website_field() -> forms.URLField:
    return forms.URLField(label="Website", required=False, assume_scheme="https")


class AgencyForm(GovukModelForm):
    website = _website_field()

    class Meta:
        model = Agency
        fields = ["name", "agency_type", "contact_email", "website", "notes"]
        labels = {"agency_type": "Type of agency", "contact_email": "Safeguarding contact email"}
        error_messages = {
            "name": {"required": "Enter the agency's name"},
            "agency_type": {"required": "Choose the type of agency"},
        }

    def __init__(self, *args: Any, region: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Agency.objects.filter(region=self.instance.region, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"There is already an agency called {name} in this region")
        return name


class AgencyProfileForm(GovukModelForm):
    """What an agency lead may change about their own agency."""

    website = _website_field()

    class Meta:
        model = Agency
        fields = ["contact_email", "website", "notes"]
        labels = {"contact_email": "Safeguarding contact email"}


class AddAgencyToBoardForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        help_text="Agencies in the region that do not yet serve this board",
        error_messages={"required": "Choose an agency"},
    )
    statutory_partner = forms.BooleanField(
        label="Statutory partner", required=False, help_text="Named in the Children Act 2004"
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            region=board.region
        ).exclude(memberships__board=board)


class BoardForm(GovukModelForm):
    class Meta:
        model = Board
        fields = ["name", "short_name", "slug", "local_authority", "description"]
        labels = {"slug": "Web address name"}
        help_texts = {"slug": "Lower-case letters, numbers and hyphens, used in links"}


class BoardAgencyForm(GovukModelForm):
    class Meta:
        model = BoardAgency
        fields = ["statutory_partner"]
