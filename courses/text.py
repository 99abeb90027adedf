"""Vietnamese text folded to plain ASCII, for page addresses and accent-free search."""

import re
import unicodedata

# Đ/đ is a letter of its own, not D with a combining mark: NFKD leaves it whole.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_fold(text: str) -> str:
    """Drop the diacritics of `text` and lowercase it: "Đường An toàn" → "duong an toan"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.encode("ascii", "ignore").decode("ascii").lower()


def ascii_slugify(text: str) -> str:
    """A page address from a Vietnamese title: "Sử dụng chữ ký số" → "su-dung-chu-ky-so"."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(text))
    return "-".join(words)[:255].strip("-")


def search_words(text: str) -> list[str]:
    """The folded words of a search query, at most eight (longer queries add nothing)."""
    return re.findall(r"[a-z0-9]+", ascii_fold(text))[:8]
