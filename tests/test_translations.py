"""Vietnamese is the default language: every message must have a real translation.

Two catalogues: ours (locale/vi) and our overrides of Wagtail's own Vietnamese (locale/wagtail/vi).
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
WAGTAIL_PO = LOCALE / "wagtail" / "vi" / "LC_MESSAGES" / "django.po"
WAGTAIL_JS_PO = LOCALE / "wagtail" / "vi" / "LC_MESSAGES" / "djangojs.po"
CATALOGUES = [
    pytest.param(PO, 200, id="ours"),
    pytest.param(WAGTAIL_PO, 300, id="wagtail-overrides"),
    pytest.param(WAGTAIL_JS_PO, 50, id="wagtail-javascript-overrides"),
]
# %(title)s, %s, %d and Wagtail's str.format fields such as {title}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="vi")


@pytest.mark.parametrize(("path", "at_least"), CATALOGUES)
def test_no_vietnamese_message_is_empty_or_fuzzy(path, at_least):
    catalog = _catalog(path)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert len(catalog) > at_least
    assert problems == []


@pytest.mark.parametrize(("path", "at_least"), CATALOGUES)
def test_placeholders_survive_translation(path, at_least):
    problems = []
    for message in _catalog(path):
        if not message.id:
            continue
        # With one plural form in Vietnamese, msgstr[0] must carry the plural's placeholders.
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        target = message.string[0] if isinstance(message.string, tuple) else message.string
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
            problems.append((source, target))
    assert problems == []


def test_placeholder_check_catches_a_dropped_placeholder(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#, python-format\nmsgid "Page \'%(page_title)s\' deleted."\nmsgstr "Đã xóa trang."\n',
        encoding="utf-8",
    )
    with pytest.raises(AssertionError):
        test_placeholders_survive_translation(broken, 0)
