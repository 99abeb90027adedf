"""Reading a one-time password sheet (PDF) back, for the Django and the browser tests."""

import re
import shutil
import subprocess

from tests.conftest import require_or_skip


def pdf_text(pdf: bytes, tmp_path) -> str:
    require_or_skip(
        shutil.which("pdftotext") is not None, what="pdftotext (poppler-utils)", required_by="CI"
    )
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def sheet_passwords(text: str) -> dict[str, str]:
    """username → password, read back from the sheet's text."""
    usernames = re.findall(r"Tên đăng nhập:\s+(\S+)", text)
    passwords = re.findall(r"Mật khẩu dùng một lần:\s+(\S+)", text)
    assert len(usernames) == len(passwords)
    return dict(zip(usernames, passwords, strict=True))
