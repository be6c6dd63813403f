from django import forms

from scrutiny.core.forms import GovukForm

MAX_LIBRARY_FILE_BYTES = 1024 * 1024


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
        if upload.size > MAX_LIBRARY_FILE_BYTES:
            raise forms.ValidationError(f"{upload.name} is larger than 1 MB")
        return upload
