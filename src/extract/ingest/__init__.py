"""Ingest: report files (text in any encoding, PDF, HTML, .docx) to a :class:`Document`: the text
mention offsets index, the repaired text the pipeline reads with its offset map, and what
the header says (title, country, report date)."""

from extract.ingest.document import (
    SUFFIXES,
    Document,
    discover,
    doc_id_for,
    is_readable,
    read_document,
    skipped_files,
)
from extract.ingest.docx import read_docx
from extract.ingest.header import (
    ReportDating,
    country_forms,
    country_name,
    find_country,
    find_country_code,
    header_title,
    is_country_name,
    report_dating,
)
from extract.ingest.html import read_html
from extract.ingest.pdf import read_pdf
from extract.ingest.text import decode_text

__all__ = [
    "SUFFIXES",
    "Document",
    "ReportDating",
    "country_forms",
    "country_name",
    "decode_text",
    "discover",
    "doc_id_for",
    "find_country",
    "find_country_code",
    "header_title",
    "is_country_name",
    "is_readable",
    "read_document",
    "read_docx",
    "read_html",
    "read_pdf",
    "report_dating",
    "skipped_files",
]
