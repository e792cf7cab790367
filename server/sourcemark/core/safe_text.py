"""Text a reader sent, made safe to print: control characters shown as escapes, never executed.

A sentence, url or path from the internet can carry terminal escape sequences (which
recolour, retitle or rewrite a terminal) or CR/LF (which forge extra log lines). Wherever
such text reaches a terminal or a log, it goes through `escape_control` first.
"""
from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides
# (which reorder what a reader of the log sees).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: object) -> str:
    """`text` as a string with every control character written as \\xNN (or \\uNNNN)."""
    return _CONTROL.sub(_escape, str(text))


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
# Quotes before them are counted too, so that neutralising and restoring round-trip exactly.
_FORMULA = re.compile("^'*[=+\\-@\t\r]")
_GUARDED = re.compile("^'+[=+\\-@\t\r]")


def neutralise_formula(cell: str) -> str:
    """Prefix a would-be formula with ' so spreadsheets show it as text; `restore_formula` undoes it."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore_formula(cell: str) -> str:
    """The cell `neutralise_formula` was given."""
    return cell[1:] if _GUARDED.match(cell) else cell
