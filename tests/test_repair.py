"""extract.ingest.repair: page-break joins, hyphenation, running headers and footers, markdown
leftovers, and the offset map (with a hypothesis property test)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest.repair import OffsetMap, Repaired, repair


def _check_map(source: str, r: Repaired) -> None:
    """Every character of the repaired text comes from the source: non-blank ones are the
    identical character, blank ones stand for a blank; the map is strictly increasing."""
    last = -1
    assert r.map.length == len(r.text)
    for i, c in enumerate(r.text):
        j = r.map.to_source(i)
        assert j > last
        last = j
        if c.isspace():
            assert source[j].isspace(), (i, c, source[j])
        else:
            assert source[j] == c, (i, c, source[j])


def _source_of(source: str, r: Repaired, phrase: str) -> str:
    i = r.text.index(phrase)
    a, b = r.span_to_source(i, i + len(phrase))
    return source[a:b]


# --------------------------------------------------------------------------- page breaks


def test_paragraph_cut_by_a_blank_line_is_joined() -> None:
    src = "In trials that did not adhere\n\nto international human rights standards, courts convicted 45.\n"
    r = repair(src)
    assert r.text == ("In trials that did not adhere to international human rights standards, "
                      "courts convicted 45.")
    assert _source_of(src, r, "adhere to international") == "adhere\n\nto international"
    _check_map(src, r)


def test_real_paragraph_breaks_and_headings_stay() -> None:
    src = ("JANUARY 2013\n\nCOUNTRY SUMMARY\n\nKazakhstan held elections.\n\nParliamentary Elections\n\n"
           "Despite the state of emergency, it voted.\n")
    assert repair(src).text == src.strip()


def test_leading_blank_lines_and_trailing_space_dropped() -> None:
    src = "\n\n\n\nJANUARY 2013\n\nText here.  \n\n\n"
    r = repair(src)
    assert r.text == "JANUARY 2013\n\nText here."
    assert r.map.to_source(0) == 4
    _check_map(src, r)


def test_page_break_mid_sentence_with_running_header_and_footer() -> None:
    pages = [
        "JANUARY 2013\n\nKazakhstan held elections on January 15, 2012, and the observers\n"
        "said the vote did not meet fundamental principles of democratic\n\nHUMAN RIGHTS WATCH | 402\n",
        "KAZAKHSTAN — WORLD REPORT 2013\n\nelections. Police detained Vladimir Kozlov, the leader of an\n"
        "opposition party, on charges of inciting social discord and\n\nHUMAN RIGHTS WATCH | 403\n",
        "KAZAKHSTAN — WORLD REPORT 2013\n\nSerik Sapargali was arrested in January. Officials said he\n"
        "was held for seven days in custody before being released.\n\n404\n",
    ]
    src = "\f".join(pages) + "\f"
    r = repair(src, unwrap=True)
    assert "WORLD REPORT" not in r.text
    assert "HUMAN RIGHTS WATCH" not in r.text
    assert "404" not in r.text
    assert "of democratic elections. Police detained" in r.text
    assert "inciting social discord and Serik Sapargali" in r.text  # capital after a page break
    assert "Kazakhstan held elections on January 15, 2012, and the observers said" in r.text
    assert r.text.startswith("JANUARY 2013\n\nKazakhstan")
    assert _source_of(src, r, "democratic elections") == (
        "democratic\n\nHUMAN RIGHTS WATCH | 402\n\fKAZAKHSTAN — WORLD REPORT 2013\n\nelections")
    _check_map(src, r)


def test_a_line_seen_once_at_a_page_top_is_kept() -> None:
    pages = ["Torture\n\nDetainees alleged torture.\n", "Freedom of Expression\n\nMedia is controlled.\n"]
    r = repair("\f".join(pages))
    assert r.text == "Torture\n\nDetainees alleged torture.\n\nFreedom of Expression\n\nMedia is controlled."


def test_page_numbers_in_several_forms() -> None:
    for number in ("12", "Page 3 of 10", "- 7 -", "xiv", "p. 4"):
        src = f"{number}\nThe court met.\n\nIt adjourned.\n{number}\n\fThe next day it resumed.\n"
        assert number not in repair(src).text, number


# --------------------------------------------------------------------------- hyphenation


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("police and demonstra-\ntors gathered", "police and demonstrators gathered"),
        ("a one-\nyear suspended sentence", "a one-year suspended sentence"),
        ("seven-and-a-\nhalf years in prison", "seven-and-a-half years in prison"),
        ("a 19-\nyear-old guard", "a 19-year-old guard"),
        ("upgraded US-\nKazakhstan relations", "upgraded US-Kazakhstan relations"),
        ("Security and Co-\noperation in Europe", "Security and Co-operation in Europe"),
        ("the self-\ncensorship of media", "the self-censorship of media"),
        # the text itself decides: "pre-trial" used elsewhere
        ("held in pre-trial detention; in pre-\ntrial detention",
         "held in pre-trial detention; in pre-trial detention"),
        ("Kazakhstan and KAZAKH-\nSTAN", "Kazakhstan and KAZAKHSTAN"),
        ("Vzglyad editor-\nin-chief Igor", "Vzglyad editor-in-chief Igor"),
        ("for re-registr-\nation, compulsory", "for re-registration, compulsory"),
    ],
)
def test_end_of_line_hyphenation(lines: str, expected: str) -> None:
    # a wrapped paragraph: several lines of similar width around the one tested
    filler = "The report was written by a group of researchers working in the region\n" * 3
    src = filler + lines + " last.\n\n" + filler + "end.\n"
    r = repair(src, unwrap=True)
    assert expected + " last." in r.text
    _check_map(src, r)


def test_hyphenated_word_across_a_page_break() -> None:
    src = ("declared a state of emer-\n\nHUMAN RIGHTS WATCH | 1\n\fWORLD REPORT 2013\n\ngency in Zhanaozen.\n"
           "\fWORLD REPORT 2013\n\nMore text.\n\nHUMAN RIGHTS WATCH | 3\n\f")
    r = repair(src)
    assert r.text == "declared a state of emergency in Zhanaozen.\n\nMore text."
    assert _source_of(src, r, "emergency") == "emer-\n\nHUMAN RIGHTS WATCH | 1\n\fWORLD REPORT 2013\n\ngency"
    _check_map(src, r)


def test_dash_at_line_end_is_not_hyphenation() -> None:
    src = "one line of the paragraph text that ends with a dash -\nand goes on\n" * 3
    assert "dash - and goes on" in repair(src, unwrap=True).text


# --------------------------------------------------------------------------- unwrapping


def test_wrapped_lines_are_joined_but_short_last_lines_end_paragraphs() -> None:
    src = ("Vadim Kuramshin, a civil society activist arrested in January on\n"
           "various charges, including extortion, was released in August on a\n"
           "one-year suspended sentence.\n"
           "Starting in January, authorities misused criminal charges to arrest\n"
           "over a dozen others.\n\n"
           "Torture\n\nDetainees made credible and serious allegations of torture in\n"
           "2012, particularly in the aftermath of the Zhanaozen violence.\n")
    r = repair(src, unwrap=True)
    assert r.text == (
        "Vadim Kuramshin, a civil society activist arrested in January on various charges, "
        "including extortion, was released in August on a one-year suspended sentence.\n"
        "Starting in January, authorities misused criminal charges to arrest over a dozen others.\n\n"
        "Torture\n\nDetainees made credible and serious allegations of torture in 2012, "
        "particularly in the aftermath of the Zhanaozen violence.")
    _check_map(src, r)


def test_unwrapped_text_keeps_its_line_breaks() -> None:
    src = ("# Egypt — Country Reports\n\nEditions included: 2024\n\n#### a. Freedom of the Press\n\n"
           "In August, rights groups condemned arrests.\n")
    assert repair(src).text == src.strip()


def test_markdown_structure_is_never_joined() -> None:
    src = ("Those detained included the following activists and\n- Serik Sapargali of\n"
           "- Akzhanat Aminov and\n| name | sentence |\n")
    r = repair(src, unwrap=True)
    assert r.text == src.strip()


# --------------------------------------------------------------------------- markdown


def test_markdown_escapes_and_emphasis() -> None:
    src = ("fining others up to US\\$550 and the party *Alga!* and **Vzglyad** and _Respublika_, "
           "a snake_case_word, 2 * 3 * 4, a lone * star, and \\*not emphasis\\*.")
    r = repair(src)
    assert r.text == ("fining others up to US$550 and the party Alga! and Vzglyad and Respublika, "
                      "a snake_case_word, 2 * 3 * 4, a lone * star, and *not emphasis*.")
    assert _source_of(src, r, "US$550") == "US\\$550"
    assert _source_of(src, r, "party Alga!") == "party *Alga!"
    _check_map(src, r)


def test_escaped_backslash_keeps_one() -> None:
    src = "a\\\\b and \\\\\\*c"  # a\\b and \\\*c
    assert repair(src).text == "a\\b and \\*c"


def test_invisible_characters_and_blank_runs() -> None:
    src = "\ufeffThe ac\u00adtivist  was\tarrested.\r\nHe was released.\r\n"
    r = repair(src)
    assert r.text == "The activist was arrested.\nHe was released."
    _check_map(src, r)


# --------------------------------------------------------------------------- offset map


def test_offset_map_inverse_and_identity() -> None:
    src = "\n\nabc\n\ndef-\nghi"
    r = repair(src)
    for i in range(len(r.text)):
        assert r.map.to_repaired(r.map.to_source(i)) == i
    ident = OffsetMap.identity(5)
    assert [ident.to_source(i) for i in range(5)] == [0, 1, 2, 3, 4]
    with pytest.raises(IndexError):
        ident.to_source(5)


# --------------------------------------------------------------------------- property test

_WORDS = st.text(alphabet=string.ascii_letters + "ćéЖж", min_size=1, max_size=12)
_PUNCT = st.sampled_from(["", "", "", ",", ".", ";", ":", "!", "?", '"', "”", ")"])


@st.composite
def _damaged_document(draw: st.DrawFn) -> str:
    """A random report text with what extraction does to text: page breaks with running
    headers, footers and page numbers, hard wraps, hyphenated words, blank lines in the
    middle of sentences, markdown escapes and emphasis, odd spacing."""
    n_pages = draw(st.integers(1, 4))
    header = draw(st.sampled_from(["", "WORLD REPORT 2013\n\n", "Kazakhstan | Human Rights Watch\n"]))
    pages = []
    for p in range(n_pages):
        lines = []
        for _ in range(draw(st.integers(1, 8))):
            words = []
            for _ in range(draw(st.integers(1, 10))):
                word = draw(_WORDS)
                kind = draw(st.integers(0, 12))
                if kind == 0:
                    word = f"*{word}*"
                elif kind == 1:
                    word = f"US\\${len(word)}"
                elif kind == 2:
                    word = f"**{word}**"
                elif kind == 3 and len(word) > 3:
                    word = word[:2] + "-" + word[2:]
                words.append(word + draw(_PUNCT))
            line = draw(st.sampled_from([" ", "  ", "\t"])).join(words)
            end = draw(st.sampled_from(["\n", "\n", "\n", "-\n", "\n\n", " \n", "\r\n"]))
            lines.append(line + end)
        footer = draw(st.sampled_from(["", f"\n{p + 1}\n", f"Page {p + 1} of {n_pages}\n"]))
        pages.append((header if p else "") + "".join(lines) + footer)
    lead = draw(st.sampled_from(["", "\n\n\n", "  \n"]))
    return lead + "\f".join(pages) + draw(st.sampled_from(["", "\f", "\n"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_damaged_document(), st.booleans(), st.data())
def test_offset_map_sends_every_mention_back_to_its_source(
    source: str, unwrap: bool, data: st.DataObject
) -> None:
    r = repair(source, unwrap=unwrap)
    _check_map(source, r)
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", r.text)]
    if not tokens:
        return
    # mentions: random runs of one to four tokens, as a recognizer would find them
    for _ in range(5):
        first = data.draw(st.integers(0, len(tokens) - 1))
        last = data.draw(st.integers(first, min(first + 3, len(tokens) - 1)))
        start, end = tokens[first][0], tokens[last][1]
        mention = r.text[start:end]
        a, b = r.span_to_source(start, end)
        source_text = source[a:b]
        # the slice begins and ends with the mention's own first and last characters ...
        assert source_text[0] == mention[0] and source_text[-1] == mention[-1]
        # ... and holds every character of the mention, in order, at the mapped places
        for i in range(start, end):
            j = r.map.to_source(i)
            assert a <= j < b
            if not r.text[i].isspace():
                assert source[j] == r.text[i]
        # what lies between is only what the repair removed: whitespace, hyphens, markdown
        # markers and escapes, and whole header, footer and page-number lines
        kept = {r.map.to_source(i) for i in range(start, end)}
        removed = "".join(source[j] if j not in kept else "\0" for j in range(a, b))
        for piece in re.split(r"[\s\0]+", removed):
            assert not piece or re.fullmatch(r"[-*_\\]+|[\w|—.-]+", piece), (mention, source_text, piece)
        # a mention with nothing removed is the identical slice (blanks may differ: a tab or
        # a line break in the source is a space in the repaired text)
        if b - a == end - start:
            pairs = zip(source_text, mention, strict=True)
            assert all(x == y or (x.isspace() and y.isspace()) for x, y in pairs)
