from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .digcomp import competence_choices


class CoursePageForm(WagtailAdminPageForm):
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
