"""The registry's map and timeline page over HTTP, on SQLite and PostgreSQL: the parties of an agreement
coloured by their standing on a date (an unknown one hatched, never yes or no), the States in order of entry
into force with a span where the date is not established, and a clear refusal of a bad agreement or date."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sofadesk.registry.inforce import InForceEngine
from sofadesk.ui.map_svg import centres
from sofadesk.ui.registry_map import FILLS, MapEntry, draw
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.integration.test_web_pages import signed_in, valid

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(params=BACKENDS, scope="module")
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[TestClient]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("registry-pages"), pg_schema_factory)
    demo_database(url)
    application = create_app(url)
    with TestClient(application):
        yield signed_in(application, "rus.approver")


def drawn(client: TestClient, agreement: str, on: str) -> dict[str, ET.Element]:
    """The map's States by code, from the SVG parsed as XML."""
    r = client.get(f"/registry/map.svg?agreement={agreement}&on={on}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(r.text)
    return {
        e.attrib["id"].removeprefix("state-"): e
        for e in root.iter()
        if e.attrib.get("id", "").startswith("state-")
    }


def row_of(html: str, code: str) -> str:
    rows = [r for r in re.findall(r"<tr[ >].*?</tr>", html, re.S) if f'href="/registry/states/{code}"' in r]
    assert len(rows) == 1, code
    return rows[0]


def test_it_colours_each_state_by_its_standing_on_the_date(client: TestClient) -> None:
    germany = drawn(client, "nato-sofa", "2008-01-01")["DEU"]
    assert germany.attrib["fill"] == FILLS["in_force"] and germany.attrib["class"] == "in_force"
    finland = drawn(client, "nato-sofa", "2020-01-01")["FIN"]
    assert finland.attrib["fill"] == FILLS["not_in_force"] and finland.attrib["class"] == "not_in_force"
    latvia = drawn(client, "nato-sofa", "2005-01-01")["LVA"]
    # Unknown is its own hatching, never the colour of yes or no.
    assert latvia.attrib["class"] == "unknown" and latvia.attrib["fill"] == "url(#hatch)"
    assert latvia.attrib["fill"] not in (FILLS["in_force"], FILLS["not_in_force"])


def test_no_party_disappears_from_the_map(client: TestClient, engine: InForceEngine) -> None:
    for agreement in engine.registry.agreements:
        r = client.get(f"/registry/map.svg?agreement={agreement}&on=2010-01-01")
        root = ET.fromstring(r.text)
        ids = {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
        desc = "".join(root.find(f"{SVG}desc").itertext())  # type: ignore[union-attr]
        for p in engine.registry.parties_of(agreement):
            # Drawn (an outline, in the inset, or a dot where only its centre is known), and named in the
            # description either way.
            assert f"state-{p.state}" in ids or p.state not in centres(), (agreement, p.state)
            assert engine.registry.states[p.state].display_name in desc, (agreement, p.state)
    usa = drawn(client, "nato-sofa", "2010-01-01")["USA"]  # North America is an inset
    assert usa.attrib["class"] == "in_force"


def test_a_party_without_an_outline_is_listed_in_the_description() -> None:
    names = {w: w for w in (*FILLS, "other", "listed")}
    svg = draw([MapEntry("XXA", "Atlantis", "unknown", "listed")], names, "T", "S", "I", "dot")
    assert "listed: Atlantis" in "".join(ET.fromstring(svg).find(f"{SVG}desc").itertext())  # type: ignore[union-attr]


def test_the_timeline_lists_entries_in_order_with_spans_for_unknown_dates(client: TestClient, engine: InForceEngine) -> None:  # fmt: skip
    html = valid(client.get("/registry/map?agreement=nato-sofa&on=2005-01-01").text)
    finland = row_of(html, "FIN")
    assert 'datetime="2024-04-27"' in finland and "April 27, 2024" in finland and ">recorded<" in finland
    assert 'href="/registry/map?agreement=nato-sofa&amp;on=2024-04-27"' in finland
    latvia = engine.standing("nato-sofa", "LVA")
    assert (
        latvia.basis == "unknown" and latvia.earliest and latvia.certain_from
    )  # the case this test is about
    row = row_of(html, "LVA")
    assert 'class="unknown"' in row and "unknown: between" in row and ">not established<" in row
    assert f'datetime="{latvia.earliest}"' in row and f'datetime="{latvia.certain_from}"' in row
    order = [m for m in re.findall(r'<tr[^>]*>\s*<td>.*?href="/registry/states/([A-Z]{3})"', html, re.S)]
    assert order.index("BEL") < order.index("DEU") < order.index("LVA") < order.index("FIN")
    # The standing list beside the map names every party, Latvia under unknown.
    standing = html[html.index('id="standing-h"') : html.index('id="timeline-h"')]
    unknown = standing[standing.index('class="swatch unknown"') :]
    assert "Latvia" in unknown[: unknown.index("</dd>")]
    assert '<img src="/registry/map.svg?agreement=nato-sofa&amp;on=2005-01-01"' in html


def test_a_signatory_is_listed_as_signed_only(client: TestClient) -> None:
    html = valid(client.get("/registry/map?agreement=pfp-sofa-fap&on=2010-01-01").text)
    signed = html[html.index("Signed, with no instrument") :]
    assert 'href="/registry/states/ARM"' in signed
    # Armenia signed on 18 June 2013: not in force before, signed only after.
    assert drawn(client, "pfp-sofa-fap", "2013-06-17")["ARM"].attrib["class"] == "not_in_force"
    assert drawn(client, "pfp-sofa-fap", "2013-06-18")["ARM"].attrib["class"] == "signed"


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_page_is_valid_in_every_language(client: TestClient, language: str) -> None:
    client.get(f"/language/{language}?next=/")
    try:
        for path in (
            "/registry/map",
            "/registry/map?agreement=pfp-sofa-fap&on=2001-06-30",
            "/registry/parties",
        ):
            r = client.get(path)
            assert r.status_code == 200, path
            valid(r.text)
            assert 'href="/registry/map' in r.text  # from the registry navigation and the parties page
        svg = client.get("/registry/map.svg?agreement=pfp-sofa&on=2001-06-30").text
        ET.fromstring(svg)
        if language == "fr":
            assert "27 avril 2024" in client.get("/registry/map?agreement=nato-sofa").text
            assert "En vigueur" in svg
        if language == "ru":
            assert "Действует" in svg
    finally:
        client.get("/language/en?next=/")


def test_a_bad_agreement_or_date_is_refused_with_what_would_be_accepted(client: TestClient) -> None:
    r = client.get("/registry/map?agreement=warsaw-pact")
    assert r.status_code == 400 and "nato-sofa, pfp-sofa" in valid(r.text) and "warsaw-pact" in r.text
    r = client.get("/registry/map?agreement=nato-sofa&on=2008-13-01")
    assert r.status_code == 400 and "The date must be YYYY-MM-DD." in valid(r.text)
    r = client.get("/registry/map.svg?agreement=nato-sofa&on=yesterday")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    assert client.get("/registry/map.svg?agreement=<svg>").status_code == 400
    assert 'href="/registry/map"' in client.get("/registry").text
    parties = client.get("/registry/parties?agreement=pfp-sofa&on=2010-01-01").text
    assert 'href="/registry/map?agreement=pfp-sofa&amp;on=2010-01-01"' in parties
