"""Text files in any encoding: BOMs, UTF-8, and a plausibility vote between legacy code pages."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from extract.errors import InputError
from extract.rules import load_json

# --------------------------------------------------------------------------- text decoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@cache
def _encoding_rules() -> dict[str, Any]:
    rules: dict[str, Any] = load_json("ingest/encodings.json")
    return rules


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]


def _plausibility(text: str) -> float:
    """How much a decoding looks like real text, judged on what differs between decodings:
    the non-ASCII characters. Words in one script with a normal case pattern score, mixed
    scripts, odd case patterns, Latin words made mostly of accented letters (Cyrillic read
    as Latin-1) and control or unassigned characters cost."""
    score = 0.0
    for m in re.finditer(r"[^\W\d_]+|[^\x00-\x7f]", text):
        word = m.group()
        if word.isascii():
            continue
        if len(word) == 1 and not word.isalpha():
            cat = unicodedata.category(word)
            if cat in ("Cc", "Co", "Cn", "Cs") or word == "\ufffd":
                score -= 3
            elif cat in ("So", "Sk", "Sm"):
                score -= 1  # a stray symbol or spacing accent ("T¸rkiye" read as mac_roman)
            elif "\u2010" <= word <= "\u205f":
                score += 1  # typographic quotes and dashes, common in every report
            else:
                score += 0.25
            continue
        scripts = {_script(c) for c in word if c.isalpha()}
        rest = word[1:]
        odd_case = not (word.islower() or word.isupper()
                        or (word[0].isupper() and (not rest or rest.islower())))
        mostly_accents = scripts == {"LATIN"} and sum(not c.isascii() for c in word) > max(1, len(word) // 2)
        if len(scripts) > 1:
            score -= 3
        elif odd_case or mostly_accents:
            score -= 2
        else:
            score += 1
    return score


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file and name its encoding: a byte-order mark decides, then UTF-16
    without a mark (every other byte mostly NUL), then strict UTF-8, then the most
    plausible of the single-byte candidates in ``resources/encodings.json`` and
    charset-normalizer's guess. The BOM is removed; line breaks are kept as they are."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: not valid {encoding} (byte {exc.start})") from None
    rules = _encoding_rules()
    if len(data) >= 4 and len(data) % 2 == 0:  # before UTF-8: ASCII in UTF-16 is valid UTF-8
        share = float(rules["utf16_nul_share"])
        even, odd = data[0::2], data[1::2]
        for half, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if half.count(0) >= share * len(half):
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.count(0) > len(data) // 100:
        raise InputError(f"{source}: contains NUL bytes (binary file?)")
    candidates: list[str] = list(rules["candidates"])
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detection is a hint only
        best = None
    if best is not None and best.encoding not in candidates:
        candidates.append(best.encoding)
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), -rank, encoding, text))
    if not scored:
        raise InputError(f"{source}: cannot detect the text encoding (binary file?)")
    _, _, encoding, text = max(scored)
    return text, encoding


# --------------------------------------------------------------------------- PDF
