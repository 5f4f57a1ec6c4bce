"""Errors a user can cause. Each carries a code and a one-line message (spaCy's ``Errors`` style)."""

from __future__ import annotations


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


class GoldFormatError(ExtractError):
    """A malformed line in a gold or prediction JSONL file."""

    code = "E002"


class ModelNotFoundError(ExtractError):
    """The configured spaCy model is not installed."""

    code = "E003"
