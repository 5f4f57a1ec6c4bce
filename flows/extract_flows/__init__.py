"""Prefect 3 flows over the :mod:`extract` library, and the ``extract`` command.

- :func:`extract_flow` (``extract_flows.extract``): report files -> ``documents.jsonl`` +
  ``errors.jsonl``, incremental.
- :func:`evaluate_flow` (``extract_flows.evaluate``): gold records -> evaluation report.

The names below import Prefect when first used, not when the package is imported: the CLI
(``extract_flows.cli``) sets Prefect's environment defaults before anything imports it.
"""

from importlib import import_module
from typing import Any

_WHERE = {
    "evaluate_flow": "evaluate", "extract_flow": "extract", "build_deployment": "extract",
    "local_flow": "extract", "with_dask": "extract", "Progress": "progress",
    "progress_listener": "progress", "get_nlp": "runtime", "register_nlp": "runtime",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"extract_flows.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'extract_flows' has no attribute {name!r}")
