"""Pydantic v2 models: the record schema of ANNOTATION.md section 3 (gold and output alike).

The JSON Schema printed by ``extract schema`` is generated from :class:`DocumentRecord`.
"""

from __future__ import annotations

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

_POINT = r"(?:\d{3}X|\d{4}|XXXX)(?:-(?:\d{2}|XX|SP|SU|FA|WI|H[12]|Q[1-4])(?:-(?:\d{2}|XX))?)?"
DATE_VALUE_PATTERN = rf"^{_POINT}(?:/{_POINT})?$"
DURATION_PATTERN = r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$"


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
    """Return the JSON Schema of :class:`DocumentRecord`."""
    return DocumentRecord.model_json_schema()
