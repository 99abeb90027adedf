import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import agencies_in_scope
from .tabular import max_bytes

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class StaffUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (XLSX or CSV)"),
        help_text=_("Download the template below to see the columns the import reads."),
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("The file is the full list of"),
        empty_label=_("(not a full list: only add and update people)"),
        help_text=_(
            "People of this agency and those below it who are not in the file are listed "
            "for you to confirm as having left."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_in_scope(user=user).order_by("path")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": max_bytes() // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
        return upload

    def file_name(self) -> str:
        """The uploaded name as shown back to HR: no control characters, at most 255."""
        return _UNSAFE_NAME.sub("", self.cleaned_data["file"].name)[:255] or "tep-tai-len"


class StaffApplyForm(forms.Form):
    confirm_left = forms.BooleanField(
        required=False, label=_("Mark the people missing from the file as having left")
    )
