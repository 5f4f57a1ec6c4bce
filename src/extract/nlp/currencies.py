"""Currencies from a maintained data set: the CLDR names, plurals and symbols that Babel
ships, so any currency of the world is recognized in its singular, plural and adjective
forms ("dinar", "dinars", "Algerian dinars") and its ISO 4217 code.

``resources/currencies.json`` only adds what CLDR lacks: transliterations ("soum",
"rouble"), symbols written in reports ("US$", "LE"), the preferred code of an ambiguous unit
word when the report's country does not settle it ("dollar" -> USD), and the units that
are not money (monthly calculation indices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, get_currency_symbol, get_territory_currencies

from extract.rules import load_json

_SINCE = date(2000, 1, 1)


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, frozenset[str]]  # lower-case name or unit word -> ISO codes
    symbols: dict[str, str]
    by_country: dict[str, frozenset[str]]  # lower-case country name -> its currencies
    preferred: dict[str, str]
    not_money: tuple[str, ...]


def _current_codes() -> set[str]:
    """The legal tender of every territory since 2000: reports of earlier years name
    currencies since replaced (the Croatian kuna, the Bulgarian lev)."""
    codes: set[str] = set()
    for territory in Locale("en").territories:
        if str(territory).isalpha():
            codes.update(get_territory_currencies(str(territory), _SINCE, date.today(),
                                                  tender=True))
    return codes


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The English names of every currency in use since 2000 (CLDR via Babel) plus the
    project's additions."""
    extra = load_json("penalties/currencies.json")
    codes = sorted(_current_codes())
    words: dict[str, set[str]] = {}
    for code in codes:
        for name in (get_currency_name(code, locale="en"),
                     get_currency_name(code, count=2, locale="en")):
            # every tail of the name: "west african cfa francs" is also written "cfa
            # francs" or "francs"
            parts = name.lower().replace(" & ", " and ").split()  # "Trinidad & Tobago"
            for i in range(len(parts)):
                words.setdefault(" ".join(parts[i:]), set()).add(code)
    for word, code in extra["aliases"].items():
        words.setdefault(word, set()).add(code)
    symbols = {}
    for code in codes:
        symbol = get_currency_symbol(code, "en")
        if not symbol.isalpha() or len(symbol) == 3:
            symbols[symbol] = code
    symbols.update(extra["symbols"])
    today = date.today()
    by_country = {str(name).lower(): frozenset(get_territory_currencies(str(code), today,
                                                                        tender=True))
                  for code, name in Locale("en").territories.items() if str(code).isalpha()}
    return Lexicon({w: frozenset(c) for w, c in words.items()}, symbols, by_country,
                   extra["preferred"], tuple(extra["not_money"]))


def word_pattern() -> str:
    """A regex alternation of every currency word (longest first), for the SENTENCE rules."""
    forms = sorted(lexicon().words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f).replace("\\ ", " ") for f in forms) + ")"


def currency_code(token: str, country: str | None) -> str | None:
    """The ISO 4217 code of a currency symbol or word; an ambiguous unit word ("dinars")
    takes the currency of the report's country, else the preferred code, else None."""
    lex = lexicon()
    t = token.replace("\\", "").strip()
    if t in lex.symbols:
        return lex.symbols[t]
    low = t.lower()
    if any(low.startswith(w) for w in lex.not_money):
        return None
    for form in (low, low.split()[-1] if low else low, low.rstrip("s")):
        codes = lex.words.get(form)
        if not codes:
            continue
        if len(codes) == 1:
            return next(iter(codes))
        local = codes & lex.by_country.get((country or "").lower(), frozenset())
        if len(local) == 1:
            return next(iter(local))
        return lex.preferred.get(form.rstrip("s"))  # "dollars" -> USD; "cfa francs": None
    return None
