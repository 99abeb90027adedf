"""Which XBlock types trainers may put in a lesson: the `HOCSO_XBLOCK_TYPES` setting, imported once.

A tag whose class cannot be imported (a package not installed, our own exercises before their
module exists) is left out with a warning: a lesson that still holds such an exercise shows it
as unavailable instead of failing.
"""

import functools
import importlib
import logging
from dataclasses import dataclass

from django.conf import settings
from xblock.core import XBlock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class XBlockType:
    tag: str
    cls: type[XBlock]
    label: str

    @property
    def package(self) -> str:
        """The Python package whose `public/` holds the block's JavaScript, CSS and images."""
        return self.cls.__module__.rpartition(".")[0] or self.cls.__module__

    @property
    def uses_jquery(self) -> bool:
        """Open edX blocks expect jQuery on the page; ours declare `uses_jquery = False`."""
        return bool(getattr(self.cls, "uses_jquery", True))

    @property
    def graded(self) -> bool:
        return bool(getattr(self.cls, "has_score", False))


def _import(path: str) -> type[XBlock]:
    module_name, _sep, class_name = path.partition(":")
    return getattr(importlib.import_module(module_name), class_name)


@functools.cache
def xblock_types() -> dict[str, XBlockType]:
    """The installed types by tag, in the setting's order."""
    types = {}
    for tag, (path, label) in settings.HOCSO_XBLOCK_TYPES.items():
        try:
            cls = _import(path)
        except (ImportError, AttributeError) as error:
            logger.warning("XBlock type %r (%s) is not available: %s", tag, path, error)
            continue
        types[tag] = XBlockType(tag=tag, cls=cls, label=label)
    return types


def xblock_type_get(tag: str) -> XBlockType | None:
    return xblock_types().get(tag)
