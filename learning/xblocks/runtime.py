"""HọcSố's XBlock runtime: the host side of Open edX's component model, kept small.

One `LessonRuntime` serves one lesson page for one person and one request: it builds the
exercises from the lesson's StreamField, renders their `student_view`, routes handler calls, and
collects what the blocks `publish` for `learning.services` to record. It implements what the
XBlock API asks of a host (handler and resource URLs, publish, ids, field data, services) and
nothing of Open edX's LMS (no courseware tree, no asides, no XML import).
"""

import functools
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import NoSuchServiceError
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import IdGenerator, IdReader, Runtime

from courses.blocks.interactive import exercise_content
from courses.xblock_types import XBlockType, xblock_type_get

from .finders import xblock_public_dirs, xblock_static_path
from .state import LearnerState, LessonFieldData, Usage

logger = logging.getLogger(__name__)

# Events that move a learner's score or progress. They are accepted only from a block's own
# server-side code: a handler that relays browser events (drag-and-drop-v2's `publish_event`
# passes on whatever `event_type` the browser sends) may not publish them.
RESERVED_EVENTS = frozenset({"grade", "completion", "progress"})
RELAY_HANDLERS = frozenset({"publish_event"})
# Handlers that edit the authored block in Open edX Studio: learners never reach them (the field
# data refuses their writes too).
AUTHORING_HANDLERS = frozenset({"studio_submit"})


class ForgedEventError(Exception):
    """A browser-relayed event tried to publish a grade, completion or progress."""


@dataclass(frozen=True)
class Exercise:
    """An interactive block of a lesson, as the runtime needs it."""

    usage: Usage
    xblock_type: XBlockType
    content: dict


@dataclass(frozen=True)
class Published:
    usage: Usage
    event_type: str
    data: dict


def lesson_exercises(page) -> dict[uuid.UUID, Exercise]:
    """The lesson's interactive blocks whose XBlock type is installed, by block id."""
    exercises = {}
    for child in page.body:
        if child.block_type != "interactive" or not child.id:
            continue
        content = exercise_content(child.value)
        if content is None:
            continue
        tag, fields = content
        xblock_type = xblock_type_get(tag)
        if xblock_type is None:
            continue
        block_id = uuid.UUID(str(child.id))
        exercises[block_id] = Exercise(
            usage=Usage(page_id=page.id, block_id=block_id, tag=tag),
            xblock_type=xblock_type,
            content=fields,
        )
    return exercises


class LessonIds(IdReader, IdGenerator):
    """Usage id `<page id>/<block uuid>`; the definition is the same block's authored content."""

    def __init__(self, exercises: dict[uuid.UUID, Exercise]):
        self.tags = {exercise.usage.usage_id: exercise.usage.tag for exercise in exercises.values()}

    def get_definition_id(self, usage_id):
        return usage_id

    def get_block_type(self, def_id):
        return self.tags[def_id]

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError

    def create_usage(self, def_id):
        return def_id

    def create_definition(self, block_type, slug=None):
        raise NotImplementedError(
            "Exercises are defined by trainers in the lesson, not by XBlocks."
        )

    def create_aside(self, definition_id, usage_id, aside_type):
        raise NotImplementedError


class DjangoI18nService:
    """XBlock's i18n service over Django's translations (Vietnamese by default)."""

    gettext = staticmethod(gettext)
    ugettext = staticmethod(gettext)
    ngettext = staticmethod(ngettext)
    ungettext = staticmethod(ngettext)
    pgettext = staticmethod(pgettext)
    npgettext = staticmethod(npgettext)

    def strftime(self, dtime, format):  # noqa: A002 - the XBlock API's name
        if format in {"SHORT_DATE", "LONG_DATE", "DATE_TIME", "TIME"}:
            django_format = {
                "SHORT_DATE": "SHORT_DATE_FORMAT",
                "LONG_DATE": "DATE_FORMAT",
                "DATE_TIME": "DATETIME_FORMAT",
                "TIME": "TIME_FORMAT",
            }[format]
            return formats.date_format(dtime, django_format)
        return dtime.strftime(format)

    def get_javascript_i18n_catalog_url(self, block):
        return None


class SettingsService:
    """Per-class settings from `XBLOCK_SETTINGS`, as Open edX's settings service hands them out."""

    def get_settings_bucket(self, block, default=None):
        from django.conf import settings

        key = getattr(block, "block_settings_key", None) or type(block).__name__
        return settings.XBLOCK_SETTINGS.get(key, default if default is not None else {})


class LearnerUserService(UserService):
    """Who is studying; an anonymous visitor is a user without id or name."""

    def __init__(self, *, user, staff: bool):
        super().__init__()
        self.user = user
        self.staff = staff

    def get_current_user(self):
        authenticated = bool(self.user and self.user.is_authenticated)
        xblock_user = XBlockUser(
            is_current_user=True,
            emails=[self.user.email] if authenticated and self.user.email else [],
            full_name=(self.user.get_full_name() if authenticated else "") or "",
        )
        xblock_user.opt_attrs.update(
            {
                "edx-platform.is_authenticated": authenticated,
                "edx-platform.user_id": self.user.pk if authenticated else None,
                "edx-platform.username": self.user.get_username() if authenticated else None,
                "edx-platform.user_is_staff": self.staff,
            }
        )
        return xblock_user


class IdentityUrlService:
    """Static URLs in authored content are already site URLs: nothing to rewrite."""

    def replace_urls(self, text):
        return text


@functools.cache
def _public_file_index() -> dict[str, str]:
    """sha256 of each installed XBlock's public JavaScript and CSS → its static path.

    Some blocks inline their own public files into the fragment (drag-and-drop-v2 its scripts,
    free-text response its stylesheet). The CSP runs no inline script without a nonce, a cached
    file beats 90 KB on every lesson, and a stylesheet's relative `url(images/…)` only resolves
    from where the file is: such a resource is served as that static file instead.
    """
    index = {}
    for package, public in xblock_public_dirs().items():
        for path in sorted(Path(public).rglob("*")):
            if path.suffix not in {".js", ".css"} or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            uri = f"public/{path.relative_to(public).as_posix()}"
            index[hashlib.sha256(text.encode()).hexdigest()] = xblock_static_path(package, uri)
    return index


@dataclass
class LessonRuntime(Runtime):
    """The runtime for one lesson page, one person, one request."""

    page: object
    user: object
    exercises: dict[uuid.UUID, Exercise]
    state: LearnerState
    staff: bool = False
    published: list[Published] = field(default_factory=list)
    relaying: bool = False

    def __post_init__(self):
        ids = LessonIds(self.exercises)
        self.field_data_service = LessonFieldData(
            authored={e.usage.usage_id: e.content for e in self.exercises.values()},
            state=self.state,
        )
        super().__init__(
            id_reader=ids,
            id_generator=ids,
            services={
                "i18n": DjangoI18nService(),
                "settings": SettingsService(),
                "user": LearnerUserService(user=self.user, staff=self.staff),
                "replace_urls": IdentityUrlService(),
                "field-data": self.field_data_service,
            },
        )

    # --- building blocks ---------------------------------------------------------------------

    def load_block_type(self, block_type):
        # The registry decides which types exist, not whatever is installed as an entry point.
        xblock_type = xblock_type_get(block_type)
        if xblock_type is None:
            raise KeyError(block_type)
        return xblock_type.cls

    def block_get(self, block_id: uuid.UUID | str) -> XBlock:
        exercise = self.exercises[uuid.UUID(str(block_id))]
        usage_id = exercise.usage.usage_id
        scope_ids = ScopeIds(
            self.user.pk if self.user.is_authenticated else None,
            exercise.usage.tag,
            usage_id,
            usage_id,
        )
        return self.construct_xblock_from_class(exercise.xblock_type.cls, scope_ids)

    def get_block(self, usage_id, for_parent=None):
        return self.block_get(Usage.parse(usage_id, "").block_id)

    def service(self, block, service_name):
        if service_name == "field-data":
            return self.field_data_service
        try:
            return super().service(block, service_name)
        except NoSuchServiceError:
            if block.service_declaration(service_name) == "want":
                return None
            raise

    # --- URLs --------------------------------------------------------------------------------

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        usage = Usage.parse(block.scope_ids.usage_id, block.scope_ids.block_type)
        kwargs = {"page_id": usage.page_id, "usage_id": usage.block_id, "handler": handler_name}
        if suffix:
            url = reverse("learning:xblock_handler_suffix", kwargs={**kwargs, "suffix": suffix})
        else:
            url = reverse("learning:xblock_handler", kwargs=kwargs)
        return f"{url}?{query}" if query else url

    def resource_url(self, resource):
        return static(resource)

    def local_resource_url(self, block, uri):
        # The registry's class, not type(block): the runtime's mixed-in subclass lives elsewhere.
        xblock_type = xblock_type_get(block.scope_ids.block_type)
        public = xblock_type.cls.public_dir + "/"
        if not uri.startswith(public) or "/." in uri or "\\" in uri:
            raise ValueError(f"Not a public resource of {xblock_type.tag}: {uri!r}")
        return static(xblock_static_path(xblock_type.package, uri))

    # --- events ------------------------------------------------------------------------------

    def publish(self, block, event_type, event_data):
        if self.relaying and event_type in RESERVED_EVENTS:
            raise ForgedEventError(event_type)
        usage = Usage.parse(block.scope_ids.usage_id, block.scope_ids.block_type)
        self.published.append(Published(usage=usage, event_type=str(event_type), data=event_data))

    def handle(self, block, handler_name, request, suffix=""):
        if handler_name in AUTHORING_HANDLERS:
            from xblock.exceptions import NoSuchHandlerError

            raise NoSuchHandlerError(handler_name)
        self.relaying = handler_name in RELAY_HANDLERS
        try:
            return super().handle(block, handler_name, request, suffix)
        finally:
            self.relaying = False

    # --- rendering ---------------------------------------------------------------------------

    def wrap_xblock(self, block, view, frag, context):
        """The block's HTML in the element our JS runtime initialises, with no inline script."""
        usage = Usage.parse(block.scope_ids.usage_id, block.scope_ids.block_type)
        prefix = reverse(
            "learning:xblock_handler",
            kwargs={"page_id": usage.page_id, "usage_id": usage.block_id, "handler": "x"},
        ).removesuffix("x/")
        wrapped = Fragment()
        wrapped.add_content(
            format_html(
                '<div class="xblock xblock-{view} exercise" data-usage-id="{usage}" '
                'data-block-type="{tag}" data-init="{init}" data-runtime-version="{version}" '
                'data-handler-prefix="{prefix}" data-init-args="{args}">{body}</div>',
                view=view,
                usage=usage.usage_id,
                tag=usage.tag,
                init=frag.js_init_fn or "",
                version=frag.js_init_version or "",
                prefix=prefix,
                args=json.dumps(frag.json_init_args) if frag.json_init_args is not None else "",
                body=mark_safe(frag.body_html()),  # noqa: S308 - the block's own rendered HTML
            )
        )
        wrapped.add_fragment_resources(frag)
        return wrapped

    def render_asides(self, block, view_name, frag, context):
        return frag  # asides are an Open edX Studio feature we do not host


def resources_html(fragment: Fragment, *, seen: set, nonce: str) -> str:
    """The fragment's CSS and JavaScript as tags, each once per page (`seen` is the page's).

    Inline JavaScript or CSS that is one of an installed XBlock's public files becomes a static
    `<script src>` / `<link>`; any other inline script carries the CSP nonce.
    """
    styles, scripts = [], []
    index = _public_file_index()
    for resource in fragment.resources:
        signature = (resource.kind, resource.data)
        if signature in seen:
            continue
        seen.add(signature)
        is_js = resource.mimetype == "application/javascript"
        url = resource.data if resource.kind == "url" else None
        if resource.kind == "text":
            path = index.get(hashlib.sha256(resource.data.encode()).hexdigest())
            url = static(path) if path else None
        if url and is_js:
            scripts.append(format_html('<script src="{}"></script>', url))
        elif url:
            styles.append(format_html('<link rel="stylesheet" href="{}">', url))
        elif resource.kind == "text" and is_js:
            scripts.append(
                format_html(
                    '<script nonce="{}">{}</script>',
                    nonce,
                    mark_safe(resource.data),  # noqa: S308 - the block's own code
                )
            )
        elif resource.kind == "text":
            styles.append(format_html("<style>{}</style>", mark_safe(resource.data)))  # noqa: S308
        else:
            logger.warning("Unsupported XBlock resource kind %r", resource.kind)
    return "".join([*styles, *scripts])
