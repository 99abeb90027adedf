from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Issuer


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "doc-full"
    menu_label = _("Certificate issuers")
    add_to_admin_menu = True
    list_display = ["agency", "number_code", "signer_name", "is_default"]
    panels = [
        FieldPanel("agency"),
        FieldPanel("supervising_authority"),
        FieldPanel("number_code"),
        FieldPanel("place"),
        MultiFieldPanel(
            [FieldPanel("signer_name"), FieldPanel("signer_title"), FieldPanel("head_title")],
            heading=_("Signer"),
        ),
        FieldPanel("is_default"),
    ]


register_snippet(IssuerViewSet)
