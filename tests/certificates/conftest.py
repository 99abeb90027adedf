import shutil
from collections.abc import Callable

import pytest

from tests.conftest import require_or_skip

_DEBIAN_PACKAGES = {
    "certutil": "libnss3-tools",
    "pdffonts": "poppler-utils",
    "pdfsig": "poppler-utils",
    "pdftotext": "poppler-utils",
}


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str], str]:
    """Return a function giving a command-line tool's path; skip without it, fail on CI."""

    def require(name: str) -> str:
        path = shutil.which(name)
        package = _DEBIAN_PACKAGES.get(name, "the package providing it")
        require_or_skip(
            path is not None,
            what=f"`{name}` (Debian package {package})",
            required_by="CI",
        )
        return path

    return require
