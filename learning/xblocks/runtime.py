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
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from web_fragments.fragment import Fragment, FragmentResource
from xblock.core import XBlock
from xblock.exceptions import NoSuchHandlerError, NoSuchServiceError
from xblock.fields import Scope, ScopeIds
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
# A learner's rendered student_view is cached (`LessonRuntime.view`) only if the block asked for
# no service but these, whose answers the cache key covers (language, release): a block that
# asks who the user is, or reads preferences or other learners' summaries, renders every time.
KEYED_SERVICES = frozenset({"i18n", "settings", "replace_urls", "field-data"})
# A cached view also expires, for what no key can see (a deadline passing, a renamed user).
VIEW_CACHE_SECONDS = 60 * 60


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


@dataclass(frozen=True)
class RenderedView:
    """A block's wrapped student_view as the page uses it; plain data, so it can be cached.

    `resources` are the fragment's, with inline copies of a block's public files already turned
    into their static URLs (`resources_resolve`).
    """

    html: str
    resources: tuple[FragmentResource, ...]


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
def _release() -> str:
    """What changes with every deploy of this node: when collectstatic last wrote the manifest.

    Cached views hold static URLs and our templates' output, so a new release must not serve
    the old ones: the release is part of their cache key.
    """
    name = getattr(staticfiles_storage, "manifest_name", None)
    try:
        return str(os.stat(staticfiles_storage.path(name)).st_mtime_ns) if name else "plain"
    except (OSError, NotImplementedError):
        return "none"


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
    # Which learner state the views are of (`Enrollment.exercise_state_version` with the
    # enrollment): views are cached only when it is known.
    state_version: str | None = None
    # The services blocks have asked for since the last `view()` began rendering.
    services_asked: set = field(default_factory=set)

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
        self.services_asked.add(service_name)
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
            raise NoSuchHandlerError(handler_name)
        self.relaying = handler_name in RELAY_HANDLERS
        try:
            return super().handle(block, handler_name, request, suffix)
        finally:
            self.relaying = False

    # --- rendering ---------------------------------------------------------------------------

    def view(self, block_id: uuid.UUID | str) -> RenderedView:
        """The learner's student_view of one exercise, from the cache while its inputs hold.

        A view is a function of the authored content, the learner's state, the language and the
        release, and the cache key holds all four: the state as its version, which every handler
        call raises (so a hit costs no query). Blocks that read anything else on render (other
        scopes, the user service) are rendered every time; so are previews, which show unsaved
        content, and pages without a known state version.
        """
        exercise = self.exercises[uuid.UUID(str(block_id))]
        key = self._view_key(exercise)
        if key is not None:
            cached = cache.get(key)
            if isinstance(cached, RenderedView):
                return cached
        self.services_asked = set()
        self.state.reads_reset()
        fragment = self.render(self.block_get(block_id), "student_view", context={})
        rendered = RenderedView(
            html=fragment.body_html(), resources=tuple(resources_resolve(fragment.resources))
        )
        pure = self.services_asked <= KEYED_SERVICES and self.state.reads <= {Scope.user_state}
        if key is not None and pure:
            cache.set(key, rendered, VIEW_CACHE_SECONDS)
        return rendered

    def _view_key(self, exercise: Exercise) -> str | None:
        if self.staff or settings.DEBUG or self.state_version is None:
            return None
        content = json.dumps(exercise.content, sort_keys=True, separators=(",", ":"), default=str)
        return ":".join(
            [
                "xblock:view:v1",
                _release(),
                translation.get_language() or "",
                str(self.user.pk),
                self.state_version,
                exercise.usage.usage_id,
                exercise.usage.tag,
                hashlib.sha256(content.encode()).hexdigest(),
            ]
        )

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


def resources_resolve(resources: Iterable[FragmentResource]) -> Iterable[FragmentResource]:
    """The resources, with inline JavaScript or CSS that is one of an installed XBlock's public
    files replaced by that file's static URL."""
    index = _public_file_index()
    for resource in resources:
        if resource.kind == "text":
            path = index.get(hashlib.sha256(resource.data.encode()).hexdigest())
            if path:
                resource = resource._replace(kind="url", data=static(path))  # noqa: PLW2901
        yield resource


def resources_html(resources: Iterable[FragmentResource], *, seen: set, nonce: str) -> str:
    """Resolved resources (`resources_resolve`) as tags, each once per page (`seen` is the page's).

    An inline script that is not a block's public file carries the CSP nonce.
    """
    styles, scripts = [], []
    for resource in resources:
        signature = (resource.kind, resource.data)
        if signature in seen:
            continue
        seen.add(signature)
        is_js = resource.mimetype == "application/javascript"
        url = resource.data if resource.kind == "url" else None
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
