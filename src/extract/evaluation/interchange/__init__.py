"""Gold records to and from annotation tools: Label Studio, doccano, Prodigy and brat.

``extract gold export|import --format labelstudio|doccano|prodigy|brat``. Spans and labels
round-trip exactly through every format; the normalized fields go where the format has a
place for them, and the document's other fields (``doc_id``, ``source``, ``cases``, ...)
go with the document. One module per tool:

- :mod:`.labelstudio`: one JSON file, a list of tasks; gold as ground-truth annotations, a
  run's records as ``predictions`` with a ``model_version`` (pre-annotation); case links as
  relations; :func:`labelstudio_config` is the matching labeling config.
- :mod:`.doccano`: JSONL sequence labeling.
- :mod:`.prodigy`: JSONL ``spans.manual`` tasks; case links as ``rel.manual`` relations.
- :mod:`.brat`: a folder of ``.txt`` + ``.ann``; case links as relations.

Case links (:mod:`.links`): a case fact (person -> charge, sentence, dated event) whose
person and value are mentions of the document is a relation in Label Studio, Prodigy and brat;
editing the relations edits the cases on import. Offsets: Label Studio and doccano count
UTF-16 code units, Prodigy and brat code points like the records. Annotations made in a
tool that kept no normalized values import with placeholders (PERSON ``canonical`` = the
span text, CHARGE ``category`` and SENTENCE ``kind`` = ``other``, DATE ``value`` =
``XXXX``) and a warning per document. Plain library code: no Prefect.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from extract.errors import InputError
from extract.evaluation.interchange.brat import (
    BRAT_ANNOTATION_CONF,
    BRAT_VISUAL_CONF,
    brat_stem,
    from_brat,
    read_brat,
    to_brat,
    write_brat,
)
from extract.evaluation.interchange.common import (
    FORMATS,
    LABEL_COLORS,
    ImportResult,
    jsonl,
    read_json_rows,
    refuse_existing,
)
from extract.evaluation.interchange.doccano import from_doccano, to_doccano
from extract.evaluation.interchange.labelstudio import (
    LABELSTUDIO_CONFIG,
    from_labelstudio,
    labelstudio_config,
    model_version,
    to_labelstudio,
)
from extract.evaluation.interchange.links import RELATION_LABELS, find_links
from extract.evaluation.interchange.prodigy import from_prodigy, to_prodigy
from extract.fs import atomic_write
from extract.models import DocumentRecord
from extract.storage.jsonl import loads_json, read_text_file

__all__ = [
    "BRAT_ANNOTATION_CONF",
    "BRAT_VISUAL_CONF",
    "CONFIG_FORMATS",
    "FORMATS",
    "LABELSTUDIO_CONFIG",
    "LABEL_COLORS",
    "RELATION_LABELS",
    "ImportResult",
    "brat_stem",
    "export_gold",
    "find_links",
    "from_brat",
    "from_doccano",
    "from_labelstudio",
    "from_prodigy",
    "import_gold",
    "labeling_config",
    "labelstudio_config",
    "model_version",
    "read_run_records",
    "to_brat",
    "to_doccano",
    "to_labelstudio",
    "to_prodigy",
    "write_records",
]

CONFIG_FORMATS: tuple[str, ...] = ("labelstudio", "brat")
"""The formats :func:`labeling_config` has a configuration for."""


def _unknown(fmt: str, formats: Sequence[str] = FORMATS) -> InputError:
    return InputError(f"unknown format {fmt!r} (expected one of {', '.join(formats)})")


def labeling_config(fmt: str) -> str:
    """The tool's labeling configuration: Label Studio's XML labeling config, or brat's
    ``annotation.conf`` (both name the four labels and the case-link relations)."""
    if fmt == "labelstudio":
        return labelstudio_config()
    if fmt == "brat":
        return BRAT_ANNOTATION_CONF
    raise _unknown(fmt, CONFIG_FORMATS)


def export_gold(records: Sequence[DocumentRecord], fmt: str, out: Path, force: bool = False,
                predictions: Sequence[DocumentRecord] = ()) -> list[Path]:
    """Write ``records`` for a tool: ``out`` is a file (labelstudio: JSON; doccano,
    prodigy: JSONL) or, for brat, a folder. ``predictions`` (a run's records, labelstudio
    only) go in as Label Studio predictions, beside the gold of the same doc_id or in tasks
    of their own. Existing files are kept unless ``force``. Returns the files written."""
    if fmt not in FORMATS:
        raise _unknown(fmt)
    if predictions and fmt != "labelstudio":
        raise InputError(f"predictions can only be exported for labelstudio, not {fmt}")
    try:
        if fmt == "brat":
            return write_brat(records, out, force)
        refuse_existing([out], force)
        if fmt == "labelstudio":
            tasks = to_labelstudio(records, predictions)
            content = json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
        else:
            content = jsonl(to_doccano(records) if fmt == "doccano" else to_prodigy(records))
        atomic_write(out, content)
        return [out]
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from None


def import_gold(fmt: str, path: Path) -> ImportResult:
    """Read a tool's files as records: a file (labelstudio: JSON list of tasks; doccano,
    prodigy: JSONL or a JSON list) or, for brat, a folder of ``.txt`` + ``.ann`` (or one
    ``.ann`` or ``.txt`` file)."""
    if fmt == "labelstudio":
        return from_labelstudio(loads_json(read_text_file(path), str(path)), str(path))
    if fmt == "doccano":
        return from_doccano(read_json_rows(path), str(path))
    if fmt == "prodigy":
        return from_prodigy(read_json_rows(path), str(path))
    if fmt == "brat":
        return read_brat(path)
    raise _unknown(fmt)


def read_run_records(path: Path) -> list[DocumentRecord]:
    """A run's records for ``--predictions``: an output folder (its ``documents.jsonl``), a
    records JSONL file, or a folder of them."""
    from extract.storage.jsonl import read_run

    records = read_run(path)
    if not records:
        raise InputError(f"{path}: no records found (expected an output folder or *.jsonl)")
    return records


def write_records(records: Sequence[DocumentRecord], out: Path, force: bool = False) -> list[Path]:
    """Write imported records as gold JSONL: into one file when ``out`` ends in ``.jsonl``,
    else one ``<doc_id>.jsonl`` per document in the folder ``out`` (the layout of gold/).
    Existing files are kept unless ``force``."""
    from extract.storage.jsonl import write_jsonl

    seen: set[str] = set()
    for r in records:
        if r.doc_id in seen:
            raise InputError(f"duplicate doc_id {r.doc_id!r} in the imported records")
        seen.add(r.doc_id)
    try:
        if out.suffix == ".jsonl":
            refuse_existing([out], force)
            write_jsonl(out, records)
            return [out]
        if out.exists() and not out.is_dir():
            raise InputError(f"{out}: is a file; give a folder or a .jsonl file")
        targets = [out / f"{brat_stem(r.doc_id)}.jsonl" for r in records]
        if len(set(targets)) != len(targets):
            raise InputError("two doc_ids map to one file name; write to a single .jsonl file instead")
        refuse_existing(targets, force)
        for r, target in zip(records, targets, strict=True):
            write_jsonl(target, [r])
        return targets
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from None
