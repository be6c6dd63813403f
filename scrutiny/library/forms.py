from django import forms
from django.conf import settings

from scrutiny.core.forms import GovukForm
from scrutiny.core.uploads import UploadRejected, read_limited


class AdaptTemplateForm(GovukForm):
    file = forms.FileField(
        label="Library file",
        help_text="A .yaml file downloaded from a template and changed, with a new version number.",
        error_messages={"required": "Choose the .yaml file to upload"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError(f"{upload.name} is not a .yaml file")
        try:
            self.cleaned_data["contents"] = read_limited(
                upload, settings.SCRUTINY_MAX_TEMPLATE_KB / 1024
            )
        except UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
