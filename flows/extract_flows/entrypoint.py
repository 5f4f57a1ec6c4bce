"""Makes ``flows/extract_flows/extract.py`` loadable as a file-path entrypoint.

``prefect deploy`` and a worker load ``flows/extract_flows/extract.py:extract_flow``
(prefect.yaml) with ``prefect.utilities.importtools.load_script_as_module``: the file becomes
a module named after its stem, ``extract``, which is the library's name, and its folder goes
first on ``sys.path``. ``extract.py`` imports this module before anything from the library:
when the file has taken the name, the name is given back to the library (imported with that
folder out of the way), so ``from extract.errors import ...`` finds the library again. The
module Prefect holds keeps running and defines the flow as usual. Imported the normal way
(``extract_flows.extract``), nothing happens.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

FLOWS_DIR = Path(__file__).resolve().parent


def _shadowed_by_a_flow_file() -> bool:
    module = sys.modules.get("extract")
    where = getattr(module, "__file__", None) if module is not None else None
    return where is not None and Path(where).resolve().parent == FLOWS_DIR


def give_the_library_its_name_back() -> None:
    """If ``sys.modules['extract']`` is a file of this folder, import the library under it."""
    if not _shadowed_by_a_flow_file():
        return
    del sys.modules["extract"]
    saved = sys.path[:]
    sys.path[:] = [p for p in saved if Path(p or ".").resolve() != FLOWS_DIR]
    try:
        importlib.import_module("extract")
    finally:
        sys.path[:] = saved


give_the_library_its_name_back()
