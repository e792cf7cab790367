"""Offsets between code points (Python) and UTF-16 code units (JavaScript); quote context."""
from __future__ import annotations

from bisect import bisect_right

UNITS = ("codepoint", "utf16")


def utf16_len(text: str) -> int:
    """Length of text in UTF-16 code units (astral characters count two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class OffsetMap:
    """Converts offsets in one text between code points and UTF-16 units in O(log n)."""

    def __init__(self, text: str):
        # Code-point indices of astral characters: each adds one UTF-16 unit after it.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral16 = [i + k for k, i in enumerate(self._astral)]
        self.length = len(text)
        self.length16 = self.length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        return cp + bisect_right(self._astral, cp - 1)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of a UTF-16 offset; raises ValueError inside a surrogate pair."""
        k = bisect_right(self._astral16, u16 - 1)
        if k and self._astral16[k - 1] == u16 - 1:
            raise ValueError(f"UTF-16 offset {u16} falls inside a surrogate pair")
        return u16 - k

    def convert(self, offset: int, unit: str) -> int:
        """Code-point offset to `unit`."""
        return offset if unit == "codepoint" else self.to_utf16(offset)

    def parse(self, offset: int, unit: str) -> int:
        """Offset in `unit` to a code-point offset."""
        return offset if unit == "codepoint" else self.to_codepoint(offset)

    def size(self, unit: str) -> int:
        return self.length if unit == "codepoint" else self.length16


def quote(text: str, start: int, end: int, context: int) -> dict[str, str]:
    """The exact text of a span with up to `context` code points either side."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - context):start],
        "suffix": text[end:end + context],
    }

