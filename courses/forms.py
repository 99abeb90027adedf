from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .digcomp import competence_choices
from .text import ascii_slugify


class PageForm(WagtailAdminPageForm):
    """Every page's admin form: an empty address is made from the title on the server.

    The admin's JavaScript fills the slug as the title is typed; without it (or when a trainer
    clears it) the page still gets a plain ASCII address (courses.models.AsciiSlugMixin).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        # Page.slug accepts Unicode whatever WAGTAIL_ALLOW_UNICODE_SLUGS says; a typed
        # "chữ-ký-số" becomes "chu-ky-so" rather than a percent-encoded address.
        return ascii_slugify(self.cleaned_data.get("slug") or "")


class CoursePageForm(PageForm):
    # A JSON list in the database, ticked boxes grouped by DigComp area in the editor.
    competences = forms.MultipleChoiceField(
        label=_("DigComp 2.2 competences"),
        choices=competence_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prerequisites = self.fields.get("prerequisites")
        if prerequisites is not None and self.instance.pk:
            prerequisites.queryset = prerequisites.queryset.exclude(pk=self.instance.pk)


class CatalogFilterForm(forms.Form):
    """The catalog's search and filters (GET); an invalid value is reported and ignored."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False, strip=True)
    category = forms.ChoiceField(label=_("Category"), required=False)
    area = forms.ChoiceField(label=_("DigComp area"), required=False)

    def __init__(self, *args, category_choices, area_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *category_choices]
        self.fields["area"].choices = [("", _("All areas")), *area_choices]

    def filters(self) -> dict[str, str]:
        """The valid filters: a field with an error is left out, so the rest still apply."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) or ""
            for name in ("q", "category", "area")
            if name not in self.errors
        }
