"""A staticfiles finder for the installed XBlocks' `public/` directories.

`local_resource_url(block, "public/js/x.js")` is `/static/xblock/<package>/public/js/x.js`:
collectstatic copies these files like any other, whitenoise serves them, and nothing on a lesson
page comes from outside the site.
"""

import importlib.resources
from pathlib import Path

from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from courses.xblock_types import xblock_types

PREFIX = "xblock"


def xblock_public_dirs() -> dict[str, Path]:
    """Package name → its `public/` directory, for every installed type that has one."""
    dirs = {}
    for xblock_type in xblock_types().values():
        package = xblock_type.package
        public = Path(str(importlib.resources.files(package))) / xblock_type.cls.public_dir
        if public.is_dir():
            dirs[package] = public
    return dirs


def xblock_static_path(package: str, uri: str) -> str:
    return f"{PREFIX}/{package}/{uri}"


class XBlockPublicFinder(BaseFinder):
    def _storages(self) -> dict[str, FileSystemStorage]:
        return {
            package: FileSystemStorage(location=str(public.parent))
            for package, public in xblock_public_dirs().items()
        }

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        matches = []
        for package, storage in self._storages().items():
            prefix = f"{PREFIX}/{package}/public/"
            if not path.startswith(prefix):
                continue
            relative = path.removeprefix(f"{PREFIX}/{package}/")
            if storage.exists(relative) and ".." not in Path(relative).parts:
                match = storage.path(relative)
                if not find_all:
                    return match
                matches.append(match)
        return matches

    def list(self, ignore_patterns):
        for package, storage in self._storages().items():
            storage.prefix = f"{PREFIX}/{package}"
            for path in utils.get_files(storage, ignore_patterns, location="public"):
                yield path, storage
