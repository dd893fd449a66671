"""Hypothesis strategies shared by the tests, all in one module (STYLE.md, "Tests")."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

__all__ = [
    "BLANKS",
    "deep_json",
    "log_lines",
    "personnumre",
    "personnumre_med_foedselsdato",
    "written_personnumre",
    "yaml_texts",
]

_FIRST_BIRTH_DATE = datetime.date(1858, 1, 1)
_LAST_BIRTH_DATE = datetime.date(2057, 12, 31)


def _century_digits(year: int) -> str:
    """The digits 7 CPR can give someone born in ``year`` (domain.md §1).

    Written from the table in the brief, independently of ``cpr_rules.personnummer``, so that
    the tests do not check the code against itself.
    """
    if year <= 1899:
        return "5678"
    if year <= 1936:
        return "0123"
    if year <= 1999:
        return "012349"
    if year <= 2036:
        return "456789"
    return "5678"


@st.composite
def personnumre_med_foedselsdato(draw: st.DrawFn) -> tuple[datetime.date, str]:
    """A birth date 1858-01-01..2057-12-31 and a 10-digit personnummer for it.

    Digit 7 is consistent with the century rule; digits 8-10 are arbitrary, so modulus 11
    passes for roughly one number in eleven.
    """
    born = draw(st.dates(min_value=_FIRST_BIRTH_DATE, max_value=_LAST_BIRTH_DATE))
    digit7 = draw(st.sampled_from(_century_digits(born.year)))
    rest = draw(st.integers(min_value=0, max_value=999))
    return born, f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{digit7}{rest:03d}"


def personnumre() -> st.SearchStrategy[str]:
    """10-digit personnumre, as built by :func:`personnumre_med_foedselsdato`."""
    return personnumre_med_foedselsdato().map(lambda pair: pair[1])


# Every character str.split() treats as a blank, which parse() therefore accepts anywhere.
BLANKS = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@st.composite
def written_personnumre(draw: st.DrawFn) -> str:
    """A personnummer in any form ``parse`` accepts: blanks anywhere, a hyphen after digit 6."""
    digits = draw(personnumre())
    hyphen = draw(st.sampled_from(("", "-")))
    parts = [*digits[:6], hyphen, *digits[6:]]
    blanks = st.text(alphabet=BLANKS, max_size=2)
    return "".join(draw(blanks) + part for part in parts) + draw(blanks)


# -- hostile input (tests/fuzz) ---------------------------------------------------------------

_YAML_PIECES = (
    "&a ", "*a", "&b ", "*b", "&c [*a, *a, *a, *a]", "x: &a [*a]", "<<: *a", "? ", "!!str ",
    "!!binary ", "!!python/object/apply:os.system ", "!!timestamp ", "!!set ", "!!omap ",
    "!<tag:x> ", "[", "]", "{", "}", ", ", ": ", "- ", "\n", "\n  ", "\n    ", "|", ">-", "'",
    '"', "# c", "2008-02-30", "2008-01-02 12:00:00", "1e999", "0x" + "f" * 30, "9" * 5000,
    "~", "null", ".nan", "---\n", "...\n", "%YAML 1.1\n", "haendelse: ", "version: ",
    "rules:\n  - id: ", "fields:\n  PNR: {type: personnummer}", "\t", "\x00", "\ufeff", "x",
    "[" * 40, "]" * 40, "- " * 40,
)  # fmt: skip


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """YAML-ish text built from pieces that stress a loader: aliases, tags, depth, odd scalars."""
    pieces = st.sampled_from(_YAML_PIECES) | st.text(max_size=6)
    text = "".join(draw(st.lists(pieces, max_size=50)))
    if draw(st.booleans()):  # an alias bomb of random shape in front
        levels, fan = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        bomb = [f"l0: &l0 [{', '.join(['x'] * fan)}]"]
        bomb += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fan)}]" for i in range(1, levels)]
        text = "\n".join(bomb) + "\n" + text
    return text


def deep_json(max_depth: int = 3000, max_width: int = 500) -> st.SearchStrategy[object]:
    """A JSON value nested up to ``max_depth`` deep (lists and objects), or up to ``max_width``
    wide (and, when that is 50 or more, any small nested mix)."""

    def nest(args: tuple[int, bool, object]) -> object:
        depth, as_dict, leaf = args
        value = leaf
        for _ in range(depth):
            value = {"k": value} if as_dict else [value]
        return value

    leaves = st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.floats()
    deep = st.tuples(st.integers(0, max_depth), st.booleans(), leaves).map(nest)
    wide = st.lists(leaves, max_size=max_width) | st.dictionaries(
        st.text(max_size=4), leaves, max_size=max_width
    )
    if max_width < 50:
        return deep | wide
    nested = st.recursive(leaves, lambda c: st.lists(c, max_size=5) | st.dictionaries(
        st.text(max_size=6), c, max_size=5), max_leaves=40)  # fmt: skip
    return deep | wide | nested


@st.composite
def log_lines(draw: st.DrawFn) -> str:
    """A drift log line: often a well-formed record with hostile values, sometimes raw bytes."""
    import json

    json_values = deep_json(200, 10) | written_personnumre()
    text_or_value = st.text(max_size=30) | written_personnumre() | json_values
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=200))
    item = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "outcome",
                    "rule",
                    "source",
                    "fields",
                    "cpr_kind",
                    "cpr_number",
                    "cpr_text",
                    "table",
                    "code",
                    "ours",
                    "theirs",
                    "produced",
                ]
            ),
            st.sampled_from(["agree", "local_missed", "translation_differs"]) | text_or_value,
        )
    )
    record = {
        "at": draw(st.sampled_from(["2026-10-01T10:00:00+00:00"]) | text_or_value),
        "haendelse": draw(st.just("FLYTB-I") | text_or_value),
        "pnr": draw(text_or_value),
        "items": draw(st.lists(st.just(item), max_size=3) | json_values),
    }
    return json.dumps(record, ensure_ascii=draw(st.booleans()))
