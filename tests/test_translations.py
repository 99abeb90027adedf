"""Vietnamese is the default language: every message must have a real translation."""

from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def test_no_vietnamese_message_is_empty_or_fuzzy():
    catalog = _catalog()
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert len(catalog) > 200
    assert problems == []


def test_placeholders_survive_translation():
    for message in _catalog():
        if not message.id or not message.python_format:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        target = message.string[0] if isinstance(message.string, tuple) else message.string
        for name in ("%(hours)s", "%(minutes)s", "%(total)s", "%(code)s", "%(title)s"):
            assert (name in source) == (name in target), (source, target)
