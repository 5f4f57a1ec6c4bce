"""Text files in any encoding: BOMs, UTF-8, and for legacy code pages charset-normalizer's
mess measure with a mojibake check."""

from __future__ import annotations

import codecs
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


_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")
# an apostrophe read as a letter before a possessive "s" ("the cityís": cp1252 as mac_roman)
_MISREAD_APOSTROPHE = re.compile(r"[A-Za-z]{3,}[^\x00-\x7f\W]s")


def _mojibake(text: str) -> int:
    """How many signs of a wrong decoding ``text`` shows: ftfy's ``badness`` (UTF-8 read
    as a legacy code page and its like) plus the words no report has, which ftfy does not
    look for: letters of two scripts in one word, a Latin word mostly made of accented
    letters (Cyrillic read as a Latin code page: "Âëŕäčěčđ"), an odd case pattern
    ("ProsecutorÕs": mac_roman read as cp1252) or a symbol or combining mark inside a word
    ("T¸rkiye", a Hebrew point in "ׂserious"), an apostrophe read as a letter before a
    possessive "s" ("the cityís") or a lone accented letter as a word (a dash read as a letter:
    "al-Bashir Ñ who", mac_roman read as cp1252)."""
    from ftfy.badness import badness

    odd = 0
    for word in _NON_ASCII_WORD.findall(text):
        letters = "".join(c for c in word if c.isalpha())
        scripts = {_script(c) for c in letters}
        accented = sum(not c.isascii() for c in letters)
        if len(word) == 1 and unicodedata.category(word)[0] in "LM":
            # "al-Bashir Ñ who": a dash read as a letter or a mark
            odd += 1
        elif letters and (len(scripts) > 1
                          or (scripts == {"LATIN"} and accented > max(1, len(word) // 2))
                          or not (letters.islower() or letters.isupper() or letters.istitle())
                          or any(unicodedata.category(c)[0] in "SM" for c in word)
                          or _MISREAD_APOSTROPHE.fullmatch(word)):
            odd += 1
    return int(badness(text)) + odd


def _legacy(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    """The best single-byte decoding among ``candidates``: charset-normalizer, restricted to
    them, measures each decoding's mess (``chaos``: "T¸rkiye", "workersí" for a cp1252 text
    read as mac_roman); the fewest mojibake signs win, then the least mess (within a tenth
    of the least, a tie), then the earlier candidate. A decoding is named by the first
    candidate giving the same text."""
    from charset_normalizer import from_bytes

    names = {codecs.lookup(c).name: c for c in reversed(candidates)}
    first: dict[str, str] = {}
    for encoding in candidates:
        try:
            first.setdefault(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    scored = []
    for match in from_bytes(data, cp_isolation=list(names), threshold=1.0):
        text = str(match)
        encoding = first.get(text, names.get(codecs.lookup(match.encoding).name, match.encoding))
        scored.append((_mojibake(text), match.chaos,
                       candidates.index(encoding) if encoding in candidates else len(candidates),
                       encoding, text))
    if not scored:
        return None
    fewest = min(s[0] for s in scored)
    scored = [s for s in scored if s[0] == fewest]
    # mess within a tenth of the least is a tie (cp1252 and cp1257 read a Spanish name
    # about as messily): the more common code page wins
    least = min(s[1] for s in scored)
    _, _, _, encoding, text = min((s for s in scored if s[1] <= least * 1.1),
                                  key=lambda s: s[2])
    return text, encoding


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file and name its encoding: a byte-order mark decides, then UTF-16
    without a mark (every other byte mostly NUL), then strict UTF-8, then the best of the
    single-byte candidates in ``resources/ingest/encodings.json`` (see :func:`_legacy`). The
    BOM is removed; line breaks are kept as they are."""
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
    found = _legacy(data, list(rules["candidates"]))
    if found is None:
        reason = "contains NUL bytes" if 0 in data else "cannot detect the text encoding"
        raise InputError(f"{source}: {reason} (binary file?)")
    return found


# --------------------------------------------------------------------------- PDF
