"""HọcSố's own XBlock exercises: authored content and server-side grading, never learner tables.

Each exercise type is one module here plus its templates under `courses/templates/courses/exercises/`
and its static files under `courses/static/courses/exercises/`; the runtime finds it through one line
in `HOCSO_XBLOCK_TYPES`. Learner state lives in the blocks' `Scope.user_state` fields, which the
runtime (in `learning`) stores per learner × usage: this package never imports `learning`.
"""

import functools
import json
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.text import slugify
from django.utils.translation import gettext as _
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

# Shared by every exercise: the POST helper (CSRF header, JSON) and the common layout.
COMMON_JS = "courses/exercises/common.js"
COMMON_CSS = "courses/exercises/exercises.css"


class ExerciseBlock(CompletableXBlockMixin, XBlock):
    """What HọcSố's own exercises share: plain DOM scripts and completion they publish."""

    # The lesson page need not load jQuery for these blocks (learning's exercise tag).
    uses_jquery = False
    has_custom_completion = True


def exercise_fragment(
    *,
    block: XBlock,
    template: str,
    context: dict[str, Any],
    scripts: tuple[str, ...],
    js_class: str,
    js_args: dict[str, Any],
) -> Fragment:
    """A student view: the rendered template, our static CSS, `scripts` and the JS class to start.

    Templates get `dom_id`, a prefix for element ids that is unique per usage on the page.
    """
    dom_id = "ex-" + slugify(str(block.scope_ids.usage_id))
    fragment = Fragment(render_to_string(template, {**context, "block": block, "dom_id": dom_id}))
    fragment.add_css_url(static(COMMON_CSS))
    fragment.add_javascript_url(static(COMMON_JS))
    for script in scripts:
        fragment.add_javascript_url(static(script))
    fragment.initialize_js(js_class, js_args)
    return fragment


def json_handler(func: Callable) -> Callable:
    """`XBlock.json_handler` with our words: a body that is not JSON is refused in Vietnamese.

    The handler gets the decoded body and returns data (sent as JSON) or raises `refuse(…)`.
    """

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "POST":
            return JsonHandlerError(405, _("Send this with POST.")).get_response(allow=["POST"])
        try:
            data = json.loads(request.body.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError is one too
            return refuse(_("The request is not valid JSON.")).get_response()
        try:
            result = func(self, data, suffix)
        except JsonHandlerError as error:
            return error.get_response()
        return Response(json.dumps(result), content_type="application/json", charset="utf-8")

    return wrapper


def refuse(message: str) -> JsonHandlerError:
    """The error a handler raises for bad input: 400 with {"error": <message>}, nothing saved.

    Handlers validate everything before touching a field, because the runtime saves dirty fields
    after the handler returns or raises.
    """
    return JsonHandlerError(400, str(message))
