"""The instruments of the regime: id, the short name used in citations, and the official text.

This is the one place these three facts live; the article maps, the registry data and the database all refer
to instruments by id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    short_name: str
    official_url: str


INSTRUMENTS: dict[str, Instrument] = {
    i.id: i
    for i in (
        Instrument("nato-sofa", "NATO SOFA", "https://www.nato.int/cps/en/natohq/official_texts_17265.htm"),
        Instrument("pfp-sofa", "PfP SOFA", "https://www.nato.int/docu/basictxt/b950619a.htm"),
        Instrument("pfp-sofa-ap", "PfP SOFA AP", "https://www.nato.int/docu/basictxt/b950619b.htm"),
        Instrument("pfp-sofa-fap", "PfP SOFA FAP", "https://www.nato.int/docu/basictxt/b950619c.htm"),
    )
}

BY_SHORT_NAME: dict[str, Instrument] = {i.short_name.casefold(): i for i in INSTRUMENTS.values()}

# Other spellings users type for an instrument (CLI arguments, citations).
ALIASES: dict[str, str] = {
    "nato": "nato-sofa",
    "natosofa": "nato-sofa",
    "pfp": "pfp-sofa",
    "pfpsofa": "pfp-sofa",
    "ap": "pfp-sofa-ap",
    "additional-protocol": "pfp-sofa-ap",
    "pfp-ap": "pfp-sofa-ap",
    "fap": "pfp-sofa-fap",
    "further-additional-protocol": "pfp-sofa-fap",
    "pfp-fap": "pfp-sofa-fap",
}


def find_instrument(text: str) -> Instrument | None:
    """The instrument a user meant by `text` (id, short name or alias), or None."""
    key = text.strip().casefold()
    if key in INSTRUMENTS:
        return INSTRUMENTS[key]
    if key in BY_SHORT_NAME:
        return BY_SHORT_NAME[key]
    slug = "-".join(key.replace("_", " ").split())
    if slug in INSTRUMENTS:
        return INSTRUMENTS[slug]
    alias = ALIASES.get(slug) or ALIASES.get(slug.replace("-", ""))
    return INSTRUMENTS[alias] if alias else None
