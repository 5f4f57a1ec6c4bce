"""Word ``.docx`` files (python-docx): the body's paragraphs and table rows in document order,
joined by blank lines, with the title and creation date of the file's properties as hints.
Mention offsets index this text, as they index the text extracted from a PDF or HTML page."""

from __future__ import annotations

import io
import zipfile

from extract.errors import InputError

MAX_INFLATED = 256 * 1024 * 1024  # bytes of XML a .docx may unpack to (a zip bomb is refused)


def _check_zip(data: bytes, source: str) -> None:
    """Refuse what is not a zip archive, or one that would unpack to more than
    ``MAX_INFLATED`` bytes, before python-docx reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(f"{source}: not a .docx file (not a zip archive)") from None
    if inflated > MAX_INFLATED:
        raise InputError(f"{source}: unpacks to {inflated} bytes, over the limit of "
                         f"{MAX_INFLATED}") from None


def _block(text: str) -> str:
    """A paragraph's text with each line's runs of spaces made one; blank lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def read_docx(data: bytes, source: str) -> tuple[str, dict[str, str | None]]:
    """The text of a ``.docx`` file and hints from its properties (``title``, ``date``)."""
    from docx import Document as open_docx
    from docx.table import Table

    _check_zip(data, source)
    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise InputError(f"{source}: not a readable .docx file ({type(exc).__name__})") from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                blocks.append(" | ".join(cells))
        else:
            blocks.append(_block(item.text))
    props = document.core_properties
    created = props.created
    hints: dict[str, str | None] = {
        "title": " ".join((props.title or "").split()) or None,
        "date": created.date().isoformat() if created is not None else None,
    }
    return "\n\n".join(b for b in blocks if b.strip()), hints
