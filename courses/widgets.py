import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.widgets import AdminImageChooser

_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class CspImageChooser(AdminImageChooser):
    """Wagtail's image chooser without its inline starter script, which our CSP blocks.

    The options go out as JSON; static/js/admin-choosers.js starts the chooser from them, the
    same way static/js/admin-widgets.js starts the date pickers.
    """

    def render(self, name, value, attrs=None, renderer=None):
        id_ = attrs["id"]
        value_data = self.get_value_data(value)
        options = json.dumps(self.get_js_init_options(id_, name, value_data)).translate(
            _JSON_IN_HTML
        )
        return format_html(
            '{}<script type="application/json" data-csp-init="hocsoImageChooser" '
            'data-csp-target="{}">{}</script>',
            self.render_html(name, value_data, attrs),
            id_,
            mark_safe(options),  # noqa: S308 - json.dumps output with <, > and & escaped above
        )
