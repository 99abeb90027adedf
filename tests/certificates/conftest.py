import os
import shutil
from collections.abc import Callable

import pytest

_DEBIAN_PACKAGES = {
    "certutil": "libnss3-tools",
    "pdffonts": "poppler-utils",
    "pdfsig": "poppler-utils",
    "pdftotext": "poppler-utils",
}


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str], str]:
    """Return a function giving a command-line tool's path, or skipping without it.

    On CI a missing tool fails instead, so signature checks cannot silently
    stop running there.
    """

    def require(name: str) -> str:
        path = shutil.which(name)
        if path is not None:
            return path
        package = _DEBIAN_PACKAGES.get(name, "the package providing it")
        message = f"`{name}` is not installed; install the Debian package {package}."
        if "CI" in os.environ:
            pytest.fail(f"{message} It is required on CI.", pytrace=False)
        pytest.skip(message)

    return require
