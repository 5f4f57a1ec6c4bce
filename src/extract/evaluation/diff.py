"""What changed between two runs' records (``extract diff OLD.jsonl NEW.jsonl``).

Documents are paired by ``doc_id``. Within a document, mentions of the same label are
paired as the evaluator pairs gold with predictions (same offsets first, then the largest
overlap): a pair with other offsets or other normalized values is *changed*, an old
mention left over is *removed*, a new one *added*. Cases are compared as the evaluator's
facts, per person: ``(person, charge, category)``, ``(person, sentence, kind|duration)``,
``(person, event type, date)``. Run metadata (ids, hashes, timestamps) is not compared.
Plain library code: no Prefect, no spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from extract.errors import display
from extract.evaluation.scoring import LABELS, _by_label, _facts, _match, index_by_doc_id
from extract.models import DocumentRecord, Mention

__all__ = ["CaseChange", "DocDiff", "MentionChange", "RecordsDiff", "diff_records", "format_diff"]

_SPAN_FIELDS = {"label", "start", "end", "text"}
Value = str | float | bool | None


class MentionChange(BaseModel):
    """A mention added, removed or changed (``old`` / ``new`` are the mention dumps)."""

    change: Literal["added", "removed", "changed"]
    label: str
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    fields: dict[str, tuple[Any, Any]] = Field(
        default_factory=dict, description="Changed normalized fields: old value, new value."
    )


class CaseChange(BaseModel):
    """The case facts of one person that were added or removed. ``change`` is ``added``
    (the person had no case before), ``removed`` (no case any more) or ``changed``."""

    change: Literal["added", "removed", "changed"]
    person: str
    added: list[tuple[str, Value]] = Field(default_factory=list, description="(relation, value)")
    removed: list[tuple[str, Value]] = Field(default_factory=list, description="(relation, value)")


class DocDiff(BaseModel):
    doc_id: str
    change: Literal["added", "removed", "changed"]
    text_changed: bool = False
    mentions: list[MentionChange] = Field(default_factory=list)
    cases: list[CaseChange] = Field(default_factory=list)


class RecordsDiff(BaseModel):
    """The result of :func:`diff_records`; ``model_dump()`` gives JSON-ready data."""

    old_docs: int = 0
    new_docs: int = 0
    unchanged_docs: int = 0
    docs: list[DocDiff] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.docs)

    def counts(self) -> dict[str, int]:
        """Totals: documents added/removed/changed, mentions and case facts added/removed/changed."""
        out = dict.fromkeys(
            ("docs_added", "docs_removed", "docs_changed", "mentions_added", "mentions_removed",
             "mentions_changed", "facts_added", "facts_removed"), 0)
        for d in self.docs:
            out[f"docs_{d.change}"] += 1
            for m in d.mentions:
                out[f"mentions_{m.change}"] += 1
            for c in d.cases:
                out["facts_added"] += len(c.added)
                out["facts_removed"] += len(c.removed)
        return out


def _norm(m: Mention) -> dict[str, Any]:
    return {k: v for k, v in m.model_dump().items() if k not in _SPAN_FIELDS}


def _span_dump(m: Mention) -> dict[str, Any]:
    return m.model_dump()


def _mention_changes(old: Sequence[Mention], new: Sequence[Mention]) -> list[MentionChange]:
    changes: list[MentionChange] = []
    for label in LABELS:
        om, nm = _by_label(old, label), _by_label(new, label)
        pairs, _ = _match(om, nm)
        paired_o = {o for o, _ in pairs}
        paired_n = {n for _, n in pairs}
        for oi, ni in pairs:
            o, n = om[oi], nm[ni]
            a, b = _norm(o), _norm(n)
            fields = {k: (a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}
            if fields or (o.start, o.end) != (n.start, n.end):
                changes.append(MentionChange(change="changed", label=label, old=_span_dump(o),
                                             new=_span_dump(n), fields=fields))
        changes += [MentionChange(change="removed", label=label, old=_span_dump(o))
                    for i, o in enumerate(om) if i not in paired_o]
        changes += [MentionChange(change="added", label=label, new=_span_dump(n))
                    for i, n in enumerate(nm) if i not in paired_n]

    def key(c: MentionChange) -> tuple[int, int, int]:
        m = c.old if c.old is not None else c.new
        assert m is not None
        return (m["start"], m["end"], LABELS.index(c.label))

    return sorted(changes, key=key)


def _case_changes(old: DocumentRecord | None, new: DocumentRecord | None) -> list[CaseChange]:
    of, nf = _facts(old), _facts(new)
    people: dict[str, str] = {}
    for facts in (of, nf):
        for (person_key, _, _), (person, _, _) in facts.items():
            people.setdefault(person_key, person)
    changes = []
    for person_key in sorted(people):
        had = any(k[0] == person_key for k in of)
        has = any(k[0] == person_key for k in nf)
        added = sorted(((nf[k][1], nf[k][2]) for k in nf.keys() - of.keys() if k[0] == person_key),
                       key=lambda x: (x[0], str(x[1])))
        removed = sorted(((of[k][1], of[k][2]) for k in of.keys() - nf.keys() if k[0] == person_key),
                         key=lambda x: (x[0], str(x[1])))
        if not added and not removed:
            continue
        change: Literal["added", "removed", "changed"] = (
            "added" if not had else "removed" if not has else "changed")
        changes.append(CaseChange(change=change, person=people[person_key], added=added, removed=removed))
    return changes


def diff_records(old: Sequence[DocumentRecord], new: Sequence[DocumentRecord]) -> RecordsDiff:
    """Compare two sets of records; documents in the order of ``old``, then new ones."""
    old_by_id, new_by_id = index_by_doc_id(old, "old"), index_by_doc_id(new, "new")
    docs: list[DocDiff] = []
    unchanged = 0
    for doc_id in [*old_by_id, *(d for d in new_by_id if d not in old_by_id)]:
        o, n = old_by_id.get(doc_id), new_by_id.get(doc_id)
        mentions = _mention_changes(o.mentions if o else [], n.mentions if n else [])
        cases = _case_changes(o, n)
        text_changed = bool(o and n and o.text is not None and n.text is not None and o.text != n.text)
        if o is None or n is None:
            docs.append(DocDiff(doc_id=doc_id, change="added" if o is None else "removed",
                                mentions=mentions, cases=cases))
        elif mentions or cases or text_changed:
            docs.append(DocDiff(doc_id=doc_id, change="changed", text_changed=text_changed,
                                mentions=mentions, cases=cases))
        else:
            unchanged += 1
    return RecordsDiff(old_docs=len(old_by_id), new_docs=len(new_by_id), unchanged_docs=unchanged, docs=docs)


# --------------------------------------------------------------------------- text


def _show(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, str) else str(v)


def _values(m: dict[str, Any]) -> str:
    return " ".join(f"{k}={_show(v)}" for k, v in m.items() if k not in _SPAN_FIELDS)


def _mention_line(c: MentionChange) -> str:
    if c.change == "changed":
        assert c.old is not None and c.new is not None
        o, n = c.old, c.new
        head = f"  ~ {c.label:<8} {o['start']:>6}-{o['end']:<6} {o['text']!r}"
        parts = []
        if (o["start"], o["end"]) != (n["start"], n["end"]):
            parts.append(f"span -> {n['start']}-{n['end']} {n['text']!r}")
        parts += [f"{k}: {_show(a)} -> {_show(b)}" for k, (a, b) in c.fields.items()]
        return f"{head}  " + "; ".join(parts)
    m = c.new if c.change == "added" else c.old
    assert m is not None
    sign = "+" if c.change == "added" else "-"
    return f"  {sign} {c.label:<8} {m['start']:>6}-{m['end']:<6} {m['text']!r}  {_values(m)}".rstrip()


def format_diff(diff: RecordsDiff, old_name: str = "old", new_name: str = "new") -> str:
    """A readable report: per changed document its mention lines (``+`` added, ``-``
    removed, ``~`` changed) and case-fact lines, then a summary line."""
    lines: list[str] = []
    for d in diff.docs:
        if lines:
            lines.append("")
        note = {"added": f" (only in {new_name})", "removed": f" (only in {old_name})",
                "changed": ""}[d.change]
        lines.append(f"== {d.doc_id}{note} ==")
        if d.text_changed:
            lines.append("  ! the text differs: offsets may not be comparable")
        lines += [_mention_line(c) for c in d.mentions]
        if d.cases:
            lines.append("  cases:")
            for c in d.cases:
                tag = {"added": " (new case)", "removed": " (case gone)", "changed": ""}[c.change]
                for rel, value in c.added:
                    lines.append(f"  + {c.person}{tag}: {rel} = {_show(value)}")
                for rel, value in c.removed:
                    lines.append(f"  - {c.person}{tag}: {rel} = {_show(value)}")
    k = diff.counts()
    changed_docs = len(diff.docs)
    summary = (
        f"{changed_docs} document{'s differ' if changed_docs != 1 else ' differs'} "
        f"({k['docs_added']} added, {k['docs_removed']} removed, {k['docs_changed']} changed), "
        f"{diff.unchanged_docs} unchanged; mentions +{k['mentions_added']} -{k['mentions_removed']} "
        f"~{k['mentions_changed']}; case facts +{k['facts_added']} -{k['facts_removed']}"
    )
    if not diff.docs:
        n = diff.unchanged_docs
        summary = f"no differences ({n} document{'s' if n != 1 else ''} compared)"
    if lines:
        lines.append("")
    lines.append(summary)
    return "\n".join(display(line) for line in lines)  # doc ids and texts can hold anything
