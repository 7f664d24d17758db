"""The registry data shipped with SOFA Desk (sofadesk/law/params), read and checked.

`sofadesk db seed` writes it to the database; tests read it directly to compare.  Every malformed entry is
reported with the file and the State it concerns, never half-loaded.
"""

from __future__ import annotations

import hashlib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, cast

from sofadesk.registry.model import (
    FACT_KINDS,
    Agreement,
    DateStatus,
    Fact,
    FactKind,
    Participation,
    PartyStatus,
    Registry,
    Source,
    State,
)

# Bump when the way shipped data maps to rows changes, so that existing databases are re-seeded.
SEED_FORMAT = "1"
PARTY_FILES = ("nato_sofa.yaml", "pfp_sofa.yaml", "pfp_sofa_ap.yaml", "pfp_sofa_fap.yaml")
_SINGLE_KINDS = tuple(k for k in FACT_KINDS if k != "declaration")


class RegistryDataError(ValueError):
    """Shipped or imported registry data that cannot be used, with where the problem is."""


def params_dir() -> Path:
    return Path(str(resources.files("sofadesk.law") / "params"))


def _data_files() -> list[Path]:
    base = params_dir()
    return [
        base / "agreements.yaml",
        base / "state_aliases.yaml",
        *(base / "parties" / f for f in PARTY_FILES),
    ]


def shipped_digest() -> str:
    """A fingerprint of the shipped data (and of the ISO country list it is seeded with).  Cheap: bytes only."""
    h = hashlib.sha256(SEED_FORMAT.encode())
    for path in _data_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(_pycountry_version().encode())
    return h.hexdigest()[:32]


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def _load_yaml(path: Path) -> Any:
    # Imported here: the CLI's read path only needs shipped_digest(), which reads bytes, not YAML.
    import yaml

    with path.open("rb") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def iso_states() -> dict[str, State]:
    """Every ISO 3166-1 country, from pycountry."""
    import pycountry

    states: dict[str, State] = {}
    for c in pycountry.countries:
        states[c.alpha_3] = State(
            code=c.alpha_3,
            alpha2=c.alpha_2,
            name=c.name,
            official_name=getattr(c, "official_name", None),
            common_name=getattr(c, "common_name", None),
        )
    return states


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    raise RegistryDataError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")


def _fact(kind: FactKind, raw: Any, sources: dict[str, Source], default: str | None, where: str) -> Fact:
    if not isinstance(raw, dict):
        raw = {"date": raw}
    unknown_keys = set(raw) - {"date", "source", "note", "instrument", "status", "place", "summary", "where"}
    if unknown_keys:
        raise RegistryDataError(f"{where}: unknown keys {sorted(unknown_keys)}")
    value = raw.get("date")
    if value == "unknown" or value is None:
        on, status = None, "unknown"
    else:
        on = _as_date(value, where)
        status = raw.get("status", "known")
        if status not in ("known", "inferred"):
            raise RegistryDataError(f"{where}: status must be 'known' or 'inferred', got {status!r}")
        if status == "inferred" and not raw.get("note"):
            raise RegistryDataError(f"{where}: an inferred date needs a note saying how it was inferred")
    # An unknown date has no source unless one is given: the default source did not state it.
    key = raw.get("source") or (default if on is not None else None)
    if key is not None and key not in sources:
        raise RegistryDataError(f"{where}: source {key!r} is not listed under 'sources'")
    if on is not None and key is None:
        raise RegistryDataError(f"{where}: a dated fact needs a source")
    source = sources[key] if key else None
    position = raw.get("where")
    if position is not None:
        # Where in the source the date stands (a page, point, paragraph...): shown with the source's title.
        if source is None:
            raise RegistryDataError(
                f"{where}: 'where' says where a date stands in its source; give the source"
            )
        source = Source(f"{source.title}, {' '.join(str(position).split())}", source.url)
    return Fact(
        kind=kind,
        on=on,
        date_status=cast(DateStatus, status),
        source=source,
        instrument_kind=raw.get("instrument"),
        place=raw.get("place"),
        summary=raw.get("summary"),
        note=raw.get("note"),
    )


def _participation(
    agreement: str, code: str, raw: dict[str, Any], sources: dict[str, Source], default: str | None, file: str
) -> Participation:
    where = f"{file}: {code}"
    status = raw.get("status", "party")
    if status not in ("party", "unconfirmed"):
        raise RegistryDataError(f"{where}: status must be 'party' or 'unconfirmed', got {status!r}")
    if status == "unconfirmed" and not raw.get("note"):
        raise RegistryDataError(f"{where}: an unconfirmed State needs a note saying what was searched")
    facts: list[Fact] = []
    for key, value in raw.items():
        if key in ("status", "note"):
            continue
        if key == "declarations":
            for i, d in enumerate(value):
                fact = _fact("declaration", d, sources, default, f"{where}: declarations[{i}]")
                if not fact.summary:
                    raise RegistryDataError(f"{where}: declarations[{i}] needs a summary")
                facts.append(fact)
        elif key in _SINGLE_KINDS:
            facts.append(_fact(cast(FactKind, key), value, sources, default, f"{where}: {key}"))
        else:
            raise RegistryDataError(
                f"{where}: unknown entry {key!r}; expected one of {', '.join(FACT_KINDS)}"
            )
    facts.sort(key=lambda f: f.kind)  # the order the database returns them in
    return Participation(agreement, code, cast(PartyStatus, status), raw.get("note"), tuple(facts))


def load_shipped() -> Registry:
    base = params_dir()
    states = iso_states()
    agreements: dict[str, Agreement] = {}
    for aid, raw in _load_yaml(base / "agreements.yaml").items():
        g = raw["general_entry_into_force"]
        agreements[aid] = Agreement(
            id=aid,
            title=" ".join(raw["title"].split()),
            done_at=raw["done_at"],
            done_on=_as_date(raw["done_on"], f"agreements.yaml: {aid}: done_on"),
            depositary=raw["depositary"],
            general_entry_into_force=_as_date(g["date"], f"agreements.yaml: {aid}"),
            general_entry_into_force_source=Source(g["source"]["title"], g["source"]["url"]),
            summary=" ".join(raw["summary"].split()),
            depends_on=raw.get("depends_on"),
        )
    aliases = {str(k): str(v) for k, v in _load_yaml(base / "state_aliases.yaml").items()}
    for alias, code in aliases.items():
        if code not in states:
            raise RegistryDataError(f"state_aliases.yaml: {alias!r} points to unknown State {code!r}")
    participations: dict[tuple[str, str], Participation] = {}
    for file in PARTY_FILES:
        doc = _load_yaml(base / "parties" / file)
        agreement = doc["agreement"]
        if agreement not in agreements:
            raise RegistryDataError(f"{file}: unknown agreement {agreement!r}")
        sources = {k: Source(v["title"], v["url"]) for k, v in doc["sources"].items()}
        for code, raw in doc["parties"].items():
            if code not in states:
                raise RegistryDataError(f"{file}: {code!r} is not an ISO 3166-1 alpha-3 code")
            participations[(agreement, code)] = _participation(
                agreement, code, raw or {}, sources, doc.get("default_source"), file
            )
    return Registry(states, agreements, participations, aliases)
