import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .converters import CODE_PATTERN


class VerificationLookupForm(forms.Form):
    """The code a verifier types from the paper; spaces and dashes between groups are dropped."""

    # No max_length: the pattern bounds the length and gives the one message a verifier needs.
    ma = forms.CharField(label=_("Verification code"))

    def clean_ma(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["ma"]).upper()
        if not re.fullmatch(CODE_PATTERN, code):
            raise forms.ValidationError(
                _(
                    "Check the verification code: it has only letters and digits, as printed "
                    "under the QR code."
                ),
                code="invalid",
            )
        return code
