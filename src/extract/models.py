"""Pydantic v2 models: the record schema of ANNOTATION.md section 3 (gold and output alike).

:class:`DocumentRecord` is the form every record is read as (gold and output: the fields
only output records carry are allowed, not required); :class:`OutputRecord` describes, and
allows nothing but, what ``extract run`` writes: run metadata, mention ids
(:func:`mention_id`, added by :func:`with_mention_ids` when a record is stored), pages of PDF
mentions, evidence referring to mentions by id. ``extract schema`` prints
:func:`output_json_schema`, ``extract schema --gold`` :func:`record_json_schema`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

SentenceKind = Literal[
    "prison", "suspended", "administrative_arrest", "fine", "restriction", "house_arrest",
    "forced_labor", "probation", "death", "life", "other",
]
ChargeCategory = Literal[
    "abuse_of_power", "torture", "murder", "violence", "hooliganism", "mass_riots",
    "unsanctioned_assembly", "inciting_discord", "extremism", "terrorism",
    "calling_for_overthrow", "treason_espionage", "false_information", "defamation",
    "illegal_religious_activity", "economic_crime", "drugs", "illegal_border_crossing", "other",
]
EventType = Literal[
    "arrested", "detained", "charged", "convicted", "sentenced", "released", "acquitted",
    "appeal_rejected", "extradited", "died",
]
Mod = Literal["START", "MID", "END"]

_POINT = (r"(?:\d{3}X|\d{4}|XXXX)"
          r"(?:-W\d{2}|-(?:\d{2}|XX|SP|SU|FA|WI|H[12]|Q[1-4])(?:-(?:\d{2}|XX))?)?")
DATE_VALUE_PATTERN = rf"^{_POINT}(?:/{_POINT})?$"
# ISO 8601 durations, with hours for terms counted in hours ("460 hours of community service")
DURATION_PATTERN = r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T\d+H)?$"


class _Base(BaseModel):
    model_config = ConfigDict(extra="allow")


class _MentionBase(_Base):
    start: int = Field(ge=0, description="Start offset (code points) in the document text.")
    end: int = Field(ge=0, description="End offset (exclusive).")
    text: str = Field(description="Exactly text[start:end].")

    @model_validator(mode="after")
    def _ordered(self) -> _MentionBase:
        if self.end <= self.start:
            raise ValueError(f"mention end {self.end} must be greater than start {self.start}")
        return self


class PersonMention(_MentionBase):
    label: Literal["PERSON"] = "PERSON"
    canonical: str = Field(description="Fullest form of the person's name in the document.")


class ChargeMention(_MentionBase):
    label: Literal["CHARGE"] = "CHARGE"
    category: ChargeCategory


class SentenceValue(_Base):
    """The normalized value of a penalty (shared by SENTENCE mentions and cases)."""

    kind: SentenceKind
    duration: Annotated[str, Field(pattern=DURATION_PATTERN)] | None = None
    amount: float | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    upper_bound: bool = False


def sentence_fact(kind: str, duration: str | None) -> str:
    """How a penalty is compared as a case fact (ANNOTATION.md section 5): "kind|duration"."""
    return f"{kind}|{duration or ''}"


class SentenceMention(_MentionBase, SentenceValue):
    label: Literal["SENTENCE"] = "SENTENCE"


class DateMention(_MentionBase):
    label: Literal["DATE"] = "DATE"
    value: Annotated[str, Field(pattern=DATE_VALUE_PATTERN)]
    mod: Mod | None = None


Mention = Annotated[
    PersonMention | ChargeMention | SentenceMention | DateMention, Field(discriminator="label")
]


class Event(_Base):
    type: EventType
    date: Annotated[str, Field(pattern=DATE_VALUE_PATTERN)] | None = None


class SpanRef(_Base):
    """A character span of the document text (a mention, a trigger word or a person)."""

    label: str | None = Field(default=None, description="PERSON, CHARGE, SENTENCE, DATE or "
                              "TRIGGER (the event word); absent for the linked person.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Evidence(_Base):
    """Where one case fact was read (output only; gold cases carry none)."""

    fact: str = Field(description="charge, sentence or the event type.")
    value: str | None = Field(description="The charge category, 'kind|duration' of a "
                              "sentence, or the event's date.")
    start: int = Field(ge=0, description="Start of the sentence the fact was read from.")
    end: int = Field(ge=0, description="End of that sentence.")
    mentions: list[SpanRef] = Field(default_factory=list,
                                    description="The mentions and trigger inside the sentence.")
    person: SpanRef = Field(description="The person mention the fact was linked to (it may "
                            "stand in an earlier sentence: 'he', 'the journalist').")


class Case(_Base):
    person: str
    charges: list[ChargeCategory] = Field(default_factory=list)
    sentences: list[SentenceValue] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list,
                                     description="Output only: one entry per fact above.")


class Fault(_Base):
    """A component that failed on a document: its results are missing from the record."""

    component: str = Field(description="The pipeline component that failed (hr_cases, ...).")
    error: str = Field(description="The exception type.")
    reason: str = Field(description="The exception message.")


class DocumentRecord(_Base):
    """One document: its mentions and person-level cases."""

    schema_version: Literal["1"] = "1"
    doc_id: str
    source: str
    text: str | None = Field(default=None, description="Document text (required in gold).")
    mentions: list[Mention] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    faults: list[Fault] = Field(
        default_factory=list,
        description="Components that failed on this document (output only): what they "
                    "would have found is missing, everything else is kept.")

    @model_validator(mode="after")
    def _offsets_match_text(self) -> DocumentRecord:
        if self.text is not None:
            for m in self.mentions:
                if self.text[m.start : m.end] != m.text:
                    raise ValueError(
                        f"mention {m.label} {m.text!r} at {m.start}:{m.end} does not match the text"
                    )
        return self


class ErrorRecord(_Base):
    """A document that could not be processed, and why."""

    source: str
    doc_id: str | None = None
    error: str
    reason: str


def record_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of :class:`DocumentRecord`: every record as read (gold form)."""
    return DocumentRecord.model_json_schema()


# -- mention ids -------------------------------------------------------------------------


def mention_id(doc_id: str, label: str, start: int, end: int) -> str:
    """The stable id of a mention: ``"<doc_id>:<LABEL>:<start>-<end>"`` (the same mention in
    another run of the same text gets the same id; doc ids may hold ``:``, the id is read
    from its end)."""
    return f"{doc_id}:{label}:{start}-{end}"


def _ref_id(doc_id: str, ref: SpanRef, known: set[tuple[str, int, int]],
            person: bool = False) -> str | None:
    """The id of the mention a span reference stands for, or None (a trigger word, or a
    linked person who is a pronoun or role noun, not a PERSON mention)."""
    label = "PERSON" if person and ref.label is None else ref.label
    if label is None or (label, ref.start, ref.end) not in known:
        return None
    return mention_id(doc_id, label, ref.start, ref.end)


def with_mention_ids(record: DocumentRecord) -> DocumentRecord:
    """``record`` with an ``id`` on every mention (:func:`mention_id`) and on every span its
    cases' evidence names (the id of the mention it is, or None); nothing else changes."""
    known: set[tuple[str, int, int]] = {(m.label, m.start, m.end) for m in record.mentions}
    mentions = [m.model_copy(update={"id": mention_id(record.doc_id, m.label, m.start, m.end)})
                for m in record.mentions]

    def evidence(ev: Evidence) -> Evidence:
        refs = [r.model_copy(update={"id": _ref_id(record.doc_id, r, known)})
                for r in ev.mentions]
        person = ev.person.model_copy(
            update={"id": _ref_id(record.doc_id, ev.person, known, person=True)})
        return ev.model_copy(update={"mentions": refs, "person": person})

    cases = [c.model_copy(update={"evidence": [evidence(e) for e in c.evidence]})
             for c in record.cases]
    return record.model_copy(update={"mentions": mentions, "cases": cases})


# -- output records: every field ``extract run`` writes, nothing else ---------------------


def _optional(*names: str) -> Callable[[dict[str, Any]], None]:
    """A ``json_schema_extra`` hook: ``names`` are written only when known (not required)."""
    def hook(schema: dict[str, Any]) -> None:
        schema["required"] = [n for n in schema.get("required", []) if n not in names]
    return hook


_STRICT = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)
_ID = Field(description="Stable id: '<doc_id>:<LABEL>:<start>-<end>' (mention_id).")
_PAGE = Field(default=None, ge=1, description="PDF only: the 1-based page of the mention.")
_MENTION = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True,
                      json_schema_extra=_optional("page"))


class _OutputFields(BaseModel):
    """What an output record adds to each mention."""

    model_config = _MENTION
    id: str = _ID
    page: int | None = _PAGE


class OutputPersonMention(_OutputFields, PersonMention):
    model_config = _MENTION


class OutputChargeMention(_OutputFields, ChargeMention):
    model_config = _MENTION


class OutputSentenceMention(_OutputFields, SentenceMention):
    model_config = _MENTION


class OutputDateMention(_OutputFields, DateMention):
    model_config = _MENTION


OutputMention = Annotated[
    OutputPersonMention | OutputChargeMention | OutputSentenceMention | OutputDateMention,
    Field(discriminator="label"),
]


class OutputSpanRef(SpanRef):
    model_config = _STRICT
    id: str | None = Field(default=None, description="The id of the mention this span is "
                           "(null for a trigger word or a person named by a pronoun or role).")


class OutputEvidence(Evidence):
    model_config = _STRICT
    mentions: list[OutputSpanRef] = Field(default_factory=list,  # type: ignore[assignment]
                                          description="The mentions and trigger inside the sentence.")
    person: OutputSpanRef = Field(description="The person mention the fact was linked to.")


class OutputSentenceValue(SentenceValue):
    model_config = _STRICT


class OutputEvent(Event):
    model_config = _STRICT


class OutputCase(Case):
    model_config = _STRICT
    sentences: list[OutputSentenceValue] = Field(default_factory=list)  # type: ignore[assignment]
    events: list[OutputEvent] = Field(default_factory=list)  # type: ignore[assignment]
    evidence: list[OutputEvidence] = Field(default_factory=list,  # type: ignore[assignment]
                                           description="One entry per fact above.")


class OutputFault(Fault):
    model_config = _STRICT


class OutputRecord(DocumentRecord):
    """A record as ``extract run`` writes it to ``documents.jsonl`` and ``records/``."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True,
                              json_schema_extra=_optional("title", "country", "country_code",
                                                          "report_date"))
    mentions: list[OutputMention] = Field(default_factory=list)  # type: ignore[assignment]
    cases: list[OutputCase] = Field(default_factory=list)  # type: ignore[assignment]
    faults: list[OutputFault] = Field(default_factory=list)  # type: ignore[assignment]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the input file's bytes.")
    title: str | None = Field(default=None, description="The report's title, when known.")
    country: str | None = Field(default=None, description="The country the report is about, "
                                "when known.")
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="The "
                                     "ISO 3166-1 alpha-3 code of that country, when known "
                                     "(XKX for Kosovo).")
    report_date: Annotated[str, Field(pattern=DATE_VALUE_PATTERN)] | None = Field(
        default=None, description="The report's date (TIMEX value), when known.")
    version: int = Field(ge=1, description="Version of this document in the output folder: "
                         "1, then +1 each time its content changes.")
    run_id: str = Field(description="The run that wrote this record.")
    pipeline: str = Field(description="Fingerprint of the package, model and rule files.")
    processed_at: str = Field(description="When it was processed (ISO 8601, UTC).")


def output_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of :class:`OutputRecord`: every field an output record
    carries (``additionalProperties`` false throughout)."""
    return OutputRecord.model_json_schema(mode="serialization")
