"""HTML pages: the main text (trafilatura) as paragraphs, with the page's title and date."""

from __future__ import annotations

from typing import Any

from extract.errors import InputError

_HTML_CONTAINERS = {"list", "table", "div", "section", "article", "main", "body", "doc"}


def _inline_text(element: Any) -> str:
    """The text of a block element, ``<lb/>`` as a line break."""
    pieces = [element.text or ""]
    for child in element:
        pieces.append("\n" if child.tag == "lb" else _inline_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _html_paragraphs(element: Any, out: list[str]) -> None:
    """Paragraphs of trafilatura's output tree: each heading, paragraph, list item, quote or
    table row (cells joined by `` | ``)."""
    def add(text: str) -> None:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            out.append(block)

    add(element.text or "")
    for child in element:
        if child.tag == "row":
            add(" | ".join(" ".join(_inline_text(c).split()) for c in child if c.tag == "cell"))
        elif child.tag in _HTML_CONTAINERS:
            _html_paragraphs(child, out)
        else:
            add(_inline_text(child))
        add(child.tail or "")


def read_html(data: bytes, source: str) -> tuple[str, dict[str, str | None]]:
    """The main content of a web page (trafilatura: navigation, scripts, asides, footers and
    comments dropped): headings, paragraphs, list items, quotes and table rows, one per
    paragraph separated by a blank line; hints ``title`` and ``date`` (publication date
    markup) from the page."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, include_formatting=False,
            include_links=False, include_images=False, with_metadata=True, favor_recall=True,
            # the page's own date markup only, never a date guessed from the article text
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        raise InputError(f"{source}: cannot read the HTML ({exc or type(exc).__name__})") from None
    body = getattr(result, "body", None)
    if body is None:
        raise InputError(f"{source}: no main text found in the HTML page")
    paragraphs: list[str] = []
    _html_paragraphs(body, paragraphs)
    text = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    title = getattr(result, "title", None)
    date = getattr(result, "date", None)
    return text, {"title": " ".join(title.split()) if title else None,
                  "date": date if isinstance(date, str) and date else None}


# --------------------------------------------------------------------------- metadata
