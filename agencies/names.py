"""Vietnamese personal names: cleaning, and the keys that sort and search them.

Vietnamese lists are ordered by given name (the last word), then by family and middle names, with
the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …) as the first difference and tones only
as the second (CLDR's Vietnamese collation: none, huyền, hỏi, ngã, sắc, nặng). Databases cannot be
trusted to collate that way (SQLite compares bytes, PostgreSQL uses whatever the cluster's locale
is), so the key is written in Python as two-digit numbers, which every collation orders alike.
"""

import functools
import re
import unicodedata

# Vietnamese order, with f j w z (foreign names) where the Latin alphabet puts them; digits first.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
# Tones in CLDR's Vietnamese secondary order; no tone sorts first.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_WORD_END = "01"  # lower than any letter: "An" before "Anh"
_PART_END = "00"  # given name | family and middle names | tones
# Spaces Excel exports carry: no-break, narrow no-break, figure, zero-width, ideographic.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\u3000]+")

SORT_KEY_MAX_LENGTH = 600


def text_clean(value: str) -> str:
    """NFC, every kind of space made one plain space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def name_parts(full_name: str) -> tuple[str, str]:
    """(given name, family and middle names) for the account's first_name and last_name: the
    given name is the last word ("Lê Thu Hà" → "Hà", "Lê Thu")."""
    family, _sep, given = text_clean(full_name).rpartition(" ")
    return given, family


def text_fold(value: str) -> str:
    """Lower case without diacritics and with đ as d: what a search box compares."""
    decomposed = unicodedata.normalize("NFD", text_clean(value).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d")


@functools.lru_cache(maxsize=8192)  # names share their words: a staff list has few distinct ones
def _word_key(word: str) -> tuple[str, str]:
    """(primary letters as codes, tone digit) for one word."""
    primary = []
    tone = "0"
    for char in unicodedata.normalize("NFC", word.casefold()):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        for mark in marks:
            tone = _TONES.get(mark, tone)
        vowel_marks = [m for m in marks if m in _VOWEL_MARKS]
        letter = unicodedata.normalize("NFC", base + "".join(vowel_marks)) if vowel_marks else base
        code = _LETTER_CODE.get(letter) or _LETTER_CODE.get(base)
        if code:  # hyphens, apostrophes and other signs do not sort
            primary.append(code)
    return "".join(primary), tone


def name_sort_key(full_name: str) -> str:
    """The key that orders names the Vietnamese way: given name, then family and middle names."""
    words = text_clean(full_name).split(" ")
    if words == [""]:
        return ""
    ordered = [words[-1], *words[:-1]]
    keys = [_word_key(word) for word in ordered]
    given = keys[0][0]
    rest = _WORD_END.join(primary for primary, _tone in keys[1:])
    tones = "".join(tone for _primary, tone in keys)
    return f"{given}{_PART_END}{rest}{_PART_END}{tones}"[:SORT_KEY_MAX_LENGTH]


def name_search_key(full_name: str) -> str:
    """The folded name a search without diacritics is compared with."""
    return text_fold(full_name)


def text_lower(value: str) -> str:
    """Lower case with diacritics kept: what a search typed with diacritics compares."""
    return text_clean(value).casefold()


def has_diacritics(value: str) -> bool:
    return text_fold(value) != text_lower(value)
