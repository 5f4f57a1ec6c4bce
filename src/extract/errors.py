"""Errors a user can cause. Each carries a code and a one-line message (spaCy's ``Errors`` style)."""

from __future__ import annotations


def display(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (line breaks, ESC, ...)
    shown as escapes, so a file name cannot fake log lines or move the cursor."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ExtractError(Exception):
    """An expected, user-facing failure: printed as one line, never as a traceback."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(ExtractError):
    """A document or path that cannot be read or decoded."""

    code = "E001"


class GoldFormatError(InputError):
    """A malformed line in a gold or prediction JSONL file."""

    code = "E002"


class ModelNotFoundError(ExtractError):
    """The configured spaCy model is not installed."""

    code = "E003"
