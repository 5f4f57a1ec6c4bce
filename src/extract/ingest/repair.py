"""Undo what text extraction does to a report, keeping a map back to the source text.

:func:`repair` takes a document text (a decoded ``.txt``/``.md`` file, or the text extracted
from a PDF or an HTML page, pages separated by form feeds) and returns a
:class:`Repaired`: the text the pipeline reads, and an :class:`OffsetMap` from every
character of it to the character of the source it stands for. What it repairs (rules in
``resources/repair_rules.json``):

- running headers, running footers and page-number lines at the top and bottom of pages;
- paragraphs cut by a page break (or by a blank line where a page break was: "did not
  adhere" / blank line / "to international ...") are joined again;
- hard-wrapped lines of a paragraph are joined (when the text is wrapped);
- end-of-line hyphenation ("demonstra-" / "tors") is undone, keeping real hyphens
  ("one-" / "year suspended");
- markdown escapes (``US\\$550``) and emphasis markers (``*Vpered!*``) are dropped;
- blank lines before the first and after the last line, runs of blanks, soft hyphens,
  zero-width spaces and byte-order marks are dropped; line breaks are ``\\n``;
- a run of more than :data:`MAX_PUNCT_RUN` punctuation characters without a space is cut to
  its first :data:`MAX_PUNCT_RUN` (spaCy's tokenizer is quadratic in such runs);
- a letter with combining accents (NFD) is composed to its NFC form.

The repaired text is the source with characters deleted and some whitespace characters
replaced by other whitespace (a line break by a space, blank lines by ``\\n\\n``) and NFD
accents composed: every other non-whitespace character of it is the identical character of
the source, and the map is
strictly increasing. A span of the repaired text therefore maps to the source slice from
its first to its last character (:meth:`OffsetMap.span_to_source`).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from extract.rules import load_json

__all__ = ["OffsetMap", "RepairRules", "Repaired", "identity", "repair"]

# Line terminators (str.splitlines' set less the rare separators); a form feed also ends a page.
_TERMINATOR = re.compile(r"\r\n|[\n\r\f\v\x85\u2028\u2029]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HSPACE = re.compile(r"[ \t]{2,}|\t")
_LEFT_TOKEN = re.compile(r"[\w-]*\w-$")
_RIGHT_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CUT_AFTER = re.compile(r"-[ \t]*[\n\r\f]")
# spaCy's tokenizer is quadratic in a run of punctuation without a space ("((((...", "=*=*..."):
# such a run is cut to its first MAX_PUNCT_RUN characters (the rest is dropped, offsets kept).
MAX_PUNCT_RUN = 50
# A letter followed by combining accents (text in NFD) is composed to NFC: spaCy's model and
# the rules read composed letters ("Mu\u0308ller" -> "Müller"); offsets still map back.
_DECOMPOSED = re.compile(r"[^\W\d_][\u0300-\u036f]+")
_PUNCT_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_PUNCT_RUN + 1},}}")


def _cut_before(text: str, i: int) -> bool:
    """Whether a word starting at ``i`` continues a word cut at the end of the line before."""
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j < i and j > 0 and text[j - 1] == "-" and any(c in "\n\r\f" for c in text[j:i])


# --------------------------------------------------------------------------- offset map


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a repaired text comes from in the source text.

    Runs of characters taken one for one: ``repaired[r:r+n]`` stands for ``source[s:s+n]``
    for each ``(r, s, n)`` in ``zip(rep_starts, src_starts, lengths)``. Strictly
    increasing, so spans map to spans.
    """

    rep_starts: tuple[int, ...]
    src_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    length: int  # of the repaired text
    source_length: int

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        return cls((0,), (0,), (n,), n, n) if n else cls((), (), (), 0, 0)

    def to_source(self, i: int) -> int:
        """The source index of repaired character ``i`` (``0 <= i < length``)."""
        if not 0 <= i < self.length:
            raise IndexError(f"offset {i} outside the repaired text (length {self.length})")
        k = bisect.bisect_right(self.rep_starts, i) - 1
        return self.src_starts[k] + (i - self.rep_starts[k])

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source slice from the first to the last character of ``repaired[start:end]``
        (a non-empty span)."""
        if end <= start:
            raise ValueError(f"empty span {start}:{end}")
        return self.to_source(start), self.to_source(end - 1) + 1

    def to_repaired(self, j: int) -> int:
        """The first repaired index whose source index is at least ``j`` (``length`` when
        there is none): where source offset ``j`` lands in the repaired text."""
        k = bisect.bisect_right(self.src_starts, j) - 1
        if k < 0:
            return 0
        offset = j - self.src_starts[k]
        if offset < self.lengths[k]:
            return self.rep_starts[k] + offset
        return self.rep_starts[k + 1] if k + 1 < len(self.rep_starts) else self.length

    def runs(self) -> Iterable[tuple[int, int, int]]:
        return zip(self.rep_starts, self.src_starts, self.lengths, strict=True)


@dataclass(frozen=True)
class Repaired:
    """A repaired text and the map from its characters to the source's."""

    text: str
    map: OffsetMap

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.map.span_to_source(start, end)


class _Builder:
    """Accumulates the repaired text and its runs."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.rep: list[int] = []
        self.src: list[int] = []
        self.lens: list[int] = []
        self.n = 0

    def _run(self, s: int, n: int) -> None:
        if self.lens and self.src[-1] + self.lens[-1] == s and self.rep[-1] + self.lens[-1] == self.n:
            self.lens[-1] += n
        else:
            self.rep.append(self.n)
            self.src.append(s)
            self.lens.append(n)
        self.n += n

    def copy(self, source: str, s: int, e: int) -> None:
        if e > s:
            self.parts.append(source[s:e])
            self._run(s, e - s)

    def put(self, chars: str, positions: Sequence[int]) -> None:
        """Whitespace ``chars`` standing for the source characters at ``positions``."""
        for c, p in zip(chars, positions, strict=False):
            self.parts.append(c)
            self._run(p, 1)

    def result(self, source_length: int) -> Repaired:
        text = "".join(self.parts)
        return Repaired(text, OffsetMap(tuple(self.rep), tuple(self.src), tuple(self.lens),
                                        len(text), source_length))


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RepairRules:
    """``resources/repair_rules.json``, compiled."""

    page_number: tuple[re.Pattern[str], ...]
    page_number_edge: int
    running_edge: int
    running_min_pages: int
    running_min_share: float
    running_max_chars: int
    min_wrapped_blocks: int
    max_width: int
    width_percentile: float
    short_line: float
    long_line_unwrapped: int
    structural: tuple[re.Pattern[str], ...]
    sentence_end: str
    closing: str
    keep_after: frozenset[str]
    escape: re.Pattern[str]
    emphasis: re.Pattern[str]
    invisible: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepairRules:
        escapable = data["markdown"]["escapable"]
        return cls(
            page_number=tuple(re.compile(p) for p in data["page_number_lines"]["patterns"]),
            page_number_edge=int(data["page_number_lines"]["edge_lines"]),
            running_edge=int(data["running_lines"]["edge_lines"]),
            running_min_pages=int(data["running_lines"]["min_pages"]),
            running_min_share=float(data["running_lines"]["min_share"]),
            running_max_chars=int(data["running_lines"]["max_chars"]),
            min_wrapped_blocks=int(data["unwrap"]["min_wrapped_blocks"]),
            max_width=int(data["unwrap"]["max_width"]),
            width_percentile=float(data["unwrap"]["width_percentile"]),
            short_line=float(data["unwrap"]["short_line"]),
            long_line_unwrapped=int(data["unwrap"]["long_line_unwrapped"]),
            structural=tuple(re.compile(p) for p in data["structural_lines"]["patterns"]),
            sentence_end=data["sentence_end"],
            closing=data["closing_marks"],
            keep_after=frozenset(w.lower() for w in data["hyphenation"]["keep_after"]),
            escape=re.compile(r"\\[" + re.escape(escapable) + "]"),
            # paired markers around non-blank text on one line, not inside words
            emphasis=re.compile(
                r"(?<![\w*\\])(\*\*|\*)(?=[^\s*])(.{1,300}?)(?<=[^\s\\*])\1(?![\w*])"
                r"|(?<![\w\\])(__|_)(?=[^\s_])(.{1,300}?)(?<=[^\s\\_])\3(?!\w)"
            ),
            invisible=data["invisible"],
        )


@cache
def default_rules() -> RepairRules:
    return RepairRules.from_json(load_json("ingest/repair_rules.json"))


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    page: int
    removed: bool = False

    @property
    def blank(self) -> bool:
        return self.end <= self.start


def _split_lines(text: str) -> tuple[list[_Line], int]:
    lines: list[_Line] = []
    page = 0
    pos = 0

    def add(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        lines.append(_Line(s, e, page))

    for m in _TERMINATOR.finditer(text):
        add(pos, m.start())
        pos = m.end()
        if m.group() == "\f":
            page += 1
    add(pos, len(text))
    return lines, page + 1


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _mark_page_furniture(text: str, lines: list[_Line], n_pages: int, rules: RepairRules) -> None:
    """Mark running headers and footers and page-number lines (only on paged text)."""
    if n_pages < 2:
        return
    pages: list[list[_Line]] = [[] for _ in range(n_pages)]
    for line in lines:
        if not line.blank:
            pages[line.page].append(line)
    edge = rules.running_edge
    zones: dict[tuple[str, str], set[int]] = {}
    for p, page_lines in enumerate(pages):
        for zone, chosen in (("top", page_lines[:edge]), ("bottom", page_lines[-edge:])):
            for line in chosen:
                line_text = text[line.start:line.end]
                # number-only lines are the page-number rule's
                if line.end - line.start <= rules.running_max_chars and any(c.isalpha() for c in line_text):
                    zones.setdefault((zone, _key(line_text)), set()).add(p)
    need = max(rules.running_min_pages, math.ceil(rules.running_min_share * n_pages))
    running = {k for k, ps in zones.items() if len(ps) >= need}
    for page_lines in pages:
        for zone, chosen in (("top", page_lines[:edge]), ("bottom", page_lines[-edge:])):
            for line in chosen:
                if (zone, _key(text[line.start:line.end])) in running:
                    line.removed = True
        n = rules.page_number_edge
        for line in page_lines[:n] + page_lines[-n:]:
            if any(p.match(text[line.start:line.end]) for p in rules.page_number):
                line.removed = True


# --------------------------------------------------------------------------- decisions


class _Repairer:
    def __init__(self, text: str, rules: RepairRules, unwrap: bool | None) -> None:
        self.text = text
        self.rules = rules
        self.lines, self.n_pages = _split_lines(text)
        _mark_page_furniture(text, self.lines, self.n_pages, rules)
        self.blocks = self._blocks()
        self.width, wrapped_blocks = self._width()
        if unwrap is None:
            unwrap = (self.width is not None and wrapped_blocks >= rules.min_wrapped_blocks
                      and self.width <= rules.max_width)
        self.unwrap = unwrap
        self.vocab: Counter[str] | None = None

    # -- structure ---------------------------------------------------------------------
    def _blocks(self) -> list[list[_Line]]:
        """Paragraphs: runs of kept lines with no blank line, removed line or page break
        between them."""
        blocks: list[list[_Line]] = []
        current: list[_Line] = []
        prev: _Line | None = None
        for line in self.lines:
            if line.blank or line.removed or (prev is not None and line.page != prev.page):
                if current:
                    blocks.append(current)
                current = []
            if not line.blank and not line.removed:
                current.append(line)
            prev = line
        if current:
            blocks.append(current)
        return blocks

    def _width(self) -> tuple[int | None, int]:
        lengths = [ln.end - ln.start for b in self.blocks if len(b) > 1 for ln in b]
        multi = sum(1 for b in self.blocks if len(b) > 1)
        if not lengths:
            return None, 0
        lengths.sort()
        return lengths[min(len(lengths) - 1, int(self.rules.width_percentile * len(lengths)))], multi

    def s(self, line: _Line) -> str:
        return self.text[line.start:line.end]

    def structural(self, line: _Line) -> bool:
        return any(p.match(self.s(line)) for p in self.rules.structural)

    def ends_sentence(self, line: _Line) -> bool:
        stripped = self.s(line).rstrip(self.rules.closing)
        return bool(stripped) and stripped[-1] in self.rules.sentence_end

    def long(self, line: _Line) -> bool:
        n = line.end - line.start
        if self.width is not None:
            return n >= self.rules.short_line * self.width
        return n >= self.rules.long_line_unwrapped

    def hyphen_cut(self, left: _Line, right: _Line) -> bool:
        """``left`` ends with a word cut by a hyphen and ``right`` goes on with letters."""
        ls, rs = self.s(left), self.s(right)
        return (len(ls) >= 2 and ls[-1] == "-" and ls[-2].isalnum()
                and rs[:1].isalpha())

    def _vocabulary(self) -> Counter[str]:
        """Lowercase words of the text and the parts of its hyphenated words, leaving out the
        pieces of words cut at line ends."""
        if self.vocab is None:
            self.vocab = Counter()
            text = self.text
            for m in _WORD.finditer(text):
                if _CUT_AFTER.match(text, m.end()) or _cut_before(text, m.start()):
                    continue
                word = m.group().lower()
                self.vocab[word] += 1
                if "-" in word:
                    self.vocab.update(word.split("-"))
        return self.vocab

    def drop_hyphen(self, left: _Line, right: _Line) -> bool:
        """Whether the hyphen of a cut is typographic (dropped) or part of the word: the text
        itself decides when it uses the joined or the hyphenated form elsewhere; else the
        hyphen stays after a digit, inside a compound whose parts are words of the text
        ("seven-and-a-" / "half", "editor-" / "in-chief"), after a word of ``keep_after``
        and before a capital; else it goes."""
        m = _LEFT_TOKEN.search(self.s(left))
        token = m.group()[:-1] if m else ""
        head = token.rsplit("-", 1)[-1]
        w = _RIGHT_TOKEN.match(self.s(right))
        right_token = w.group() if w else ""
        tail = right_token.split("-", 1)[0]
        if not head or not head[-1].isalpha() or not tail:
            return False
        vocab = self._vocabulary()
        for joined, hyphenated in (((head + tail).lower(), f"{head}-{tail}".lower()),
                                   ((token + right_token).lower(), f"{token}-{right_token}".lower())):
            if vocab[joined] != vocab[hyphenated]:
                return vocab[joined] > vocab[hyphenated]
        compound = "-" in token or "-" in right_token
        if compound and (vocab[head.lower()] or vocab[tail.lower()]):
            return False
        return not (head.lower() in self.rules.keep_after or tail[0].isupper())

    def join_lines(self, left: _Line, right: _Line) -> str:
        """Inside a paragraph: ``"\\n"`` (kept), ``" "`` (unwrapped), ``"-"`` (a hyphen
        cut, hyphen kept) or ``""`` (hyphen cut, hyphen dropped)."""
        if not self.unwrap or self.structural(left) or self.structural(right):
            return "\n"
        if self.hyphen_cut(left, right):
            return "" if self.drop_hyphen(left, right) else "-"
        if not self.long(left) and (
            self.ends_sentence(left) or self.s(right)[:1].isupper() or self.s(right)[:1].isdigit()
        ):
            return "\n"
        return " "

    def join_blocks(self, before: list[_Line], after: list[_Line]) -> str:
        """Between paragraphs: ``"\\n\\n"``, or the join of a paragraph cut in two."""
        last, first = before[-1], after[0]
        if self.structural(last) or self.structural(first) or self.ends_sentence(last):
            return "\n\n"
        page_break = first.page != last.page
        nxt = self.s(first)[:1]
        if self.hyphen_cut(last, first) and (nxt.islower() or page_break):
            return "" if self.drop_hyphen(last, first) else "-"
        if nxt.islower():
            return " "
        if page_break and self.long(last) and (nxt.isalnum() or nxt in "\"“'‘(["):
            return " "
        return "\n\n"

    # -- output ------------------------------------------------------------------------
    def emit_line(self, out: _Builder, line: _Line, drop_last: bool = False) -> None:
        """Copy a line with markdown escapes, emphasis markers and invisible characters
        dropped and blank runs squeezed; ``drop_last`` drops its final character (a
        typographic hyphen)."""
        text, rules = self.text, self.rules
        s, e = line.start, line.end - (1 if drop_last else 0)
        segment = text[s:e]
        drop: set[int] = set()
        swap: dict[int, str] = {}
        for m in rules.escape.finditer(segment):
            drop.add(s + m.start())
        for m in rules.emphasis.finditer(segment):
            g = 1 if m.group(1) else 3
            marker = len(m.group(g))
            body_start, body_end = m.start(g + 1), m.end(g + 1)
            if any(s + i in drop for i in range(m.start(), body_start)):
                continue
            drop.update(s + i for i in range(m.start(), body_start))
            drop.update(s + i for i in range(body_end, body_end + marker))
        for i, c in enumerate(segment):
            if c in rules.invisible:
                drop.add(s + i)
        for m in _PUNCT_RUN.finditer(segment):
            drop.update(range(s + m.start() + MAX_PUNCT_RUN, s + m.end()))
        for m in _HSPACE.finditer(segment):
            swap[s + m.start()] = " "
            drop.update(s + i for i in range(m.start() + 1, m.end()))
        for m in _DECOMPOSED.finditer(segment):  # NFD accents composed (NFC), offsets kept
            composed = unicodedata.normalize("NFC", m.group())
            if len(composed) < len(m.group()) and not drop & set(range(s + m.start(), s + m.end())):
                for k, ch in enumerate(composed):
                    swap[s + m.start() + k] = ch
                drop.update(range(s + m.start() + len(composed), s + m.end()))
        pos = s
        for i in sorted(drop | set(swap)):
            out.copy(text, pos, i)
            if i in swap and i not in drop:
                out.put(swap[i], [i])
            pos = i + 1
        out.copy(text, pos, e)

    def separator(self, out: _Builder, chars: str, gap_start: int, gap_end: int) -> None:
        """Whitespace ``chars`` standing for whitespace characters of the gap."""
        if not chars:
            return
        positions = [i for i in range(gap_start, gap_end) if self.text[i].isspace()][: len(chars)]
        out.put(chars[: len(positions)], positions)

    def run(self) -> Repaired:
        out = _Builder()
        flat = [(line, b) for b, block in enumerate(self.blocks) for line in block]
        for k, (line, b) in enumerate(flat):
            how: str | None = None
            if k + 1 < len(flat):
                nxt, nb = flat[k + 1]
                how = (self.join_lines(line, nxt) if nb == b
                       else self.join_blocks(self.blocks[b], self.blocks[nb]))
            self.emit_line(out, line, drop_last=how == "")
            if how and how != "-":  # "-": the hyphen was copied with the line, the gap goes
                self.separator(out, how, line.end, nxt.start)
        return out.result(len(self.text))


def repair(text: str, unwrap: bool | None = None, rules: RepairRules | None = None) -> Repaired:
    """Repair a document text (see the module docstring). ``unwrap``: join hard-wrapped
    lines (``None``: when the text looks wrapped; PDF text is)."""
    return _Repairer(text, rules or default_rules(), unwrap).run()


def identity(text: str) -> Repaired:
    """The text unchanged, with the identity map."""
    return Repaired(text, OffsetMap.identity(len(text)))
