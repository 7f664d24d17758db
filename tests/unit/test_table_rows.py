"""Table rows drawn in Python (ui/table_rows.py), as a browser reads them: every value escaped, an overdue
decision marked and tagged, every cell in the reader's language, a dash where a case has no date; a transit's
row and a status tag."""

from __future__ import annotations

import html5lib

from sofadesk.cases.core.reads import PendingRead
from sofadesk.cases.exercise.reads import ExerciseSummary
from sofadesk.cases.transit.reads import TransitSummary
from sofadesk.search.service import Hit
from sofadesk.ui.table_rows import exercise_rows, pending_rows, search_rows, status_tag, transit_rows


def decision(**changed: object) -> PendingRead:
    values: dict[str, object] = {
        "kind": "transit",
        "case_id": 7,
        "reference": "TR-USA-2026-0007",
        "owner": "USA",
        "subject": "leg",
        "due_on": "2026-12-01",
        "overdue": False,
        "link": "/transits/7",
        "first_day": "2026-12-03",
    }
    return PendingRead.model_validate({**values, **changed})


def cells(markup: str) -> list[list[str]]:
    """The rows' cells as text, read by an HTML parser (as a browser would)."""
    tree = html5lib.parse(f"<table><tbody>{markup}</tbody></table>", namespaceHTMLElements=False)
    return [["".join(c.itertext()) for c in tr] for tr in tree.iter("tr")]


def test_each_decision_is_a_row_in_the_readers_language() -> None:
    drawn = pending_rows(
        [decision(), decision(case_id=8, reference="TR-USA-2026-0008", link="/transits/8")], "fr"
    )
    assert cells(drawn) == [
        ["TR-USA-2026-0007", "étape", "États-Unis", "1 décembre 2026", "3 décembre 2026"],
        ["TR-USA-2026-0008", "étape", "États-Unis", "1 décembre 2026", "3 décembre 2026"],
    ]
    assert '<a href="/transits/8">TR-USA-2026-0008</a>' in drawn


def test_an_overdue_decision_is_marked_and_tagged_and_a_missing_date_is_a_dash() -> None:
    drawn = pending_rows([decision(overdue=True, due_on=None, first_day=None)], "ru")
    assert cells(drawn) == [["TR-USA-2026-0007", "этап", "Соединенные Штаты", "– просрочено", "–"]]
    assert drawn.startswith('<tr class="overdue">')
    assert '<strong class="overdue usa-tag sd-tag">просрочено</strong>' in drawn


def test_every_value_is_escaped() -> None:
    hostile = '<script>alert("x")</script>&\''
    drawn = pending_rows([decision(reference=hostile, link='/transits/7" onclick="x', subject=hostile)], "en")
    assert "<script>" not in drawn and 'onclick="x' not in drawn
    assert cells(drawn)[0][:2] == [hostile, hostile.replace("_", " ")]
    tree = html5lib.parse(f"<table>{drawn}</table>", namespaceHTMLElements=False)
    assert [a.get("href") for a in tree.iter("a")] == ['/transits/7" onclick="x']
    assert pending_rows([], "en") == ""


def test_a_status_tag_is_the_status_word_in_the_readers_language_with_its_class() -> None:
    assert status_tag("approved_with_conditions", "fr") == (
        '<strong class="approved_with_conditions usa-tag sd-tag">approuvé sous conditions</strong>'
    )
    assert status_tag('x" onmouseover="y', "en").startswith(
        '<strong class="x&quot; onmouseover=&quot;y usa-tag'
    )


def transit(transit_id: int, reference: str, status: str, first_entry: str) -> TransitSummary:
    return TransitSummary(id=transit_id, reference=reference, sending_state="USA", status=status, revision=1,
                          first_entry=first_entry, last_exit="2027-02-01")  # fmt: skip


def test_each_transit_is_a_row_with_its_reference_status_and_first_entry() -> None:
    listed = [
        transit(3, "TR-USA-2026-0003", "submitted", "2026-12-16"),
        transit(4, "TR-USA-<b>", "draft", "2027-01-02"),
    ]
    drawn = transit_rows(listed, "ru")
    assert cells(drawn) == [
        ["TR-USA-2026-0003", "подан", "16 декабря 2026\u202fг."],
        ["TR-USA-<b>", "черновик", "2 января 2027\u202fг."],
    ]
    assert '<a href="/transits/4">TR-USA-&lt;b&gt;</a>' in drawn
    assert transit_rows([], "ru") == ""


def test_each_search_result_is_a_row_with_its_kind_owner_first_day_and_status() -> None:
    found = [
        Hit(
            "exercise",
            2,
            "EX-DEU-2026-0002",
            "Baltic <Shield>",
            "approved",
            "DEU",
            "2026-05-04",
            "/exercises/2",
        ),
        Hit("transit", 9, "TR-USA-2026-0009", "", "draft", "USA", None, "/transits/9"),
    ]
    drawn = search_rows(found, "fr")
    assert cells(drawn) == [
        ["EX-DEU-2026-0002 – Baltic <Shield>", "exercice", "Allemagne", "4 mai 2026", "approuvé"],
        ["TR-USA-2026-0009", "transit", "États-Unis", "–", "brouillon"],
    ]
    assert '<strong class="approved usa-tag sd-tag">approuvé</strong>' in drawn


def test_each_exercise_is_a_row_with_its_host_dates_and_status() -> None:
    planned = ExerciseSummary(id=5, reference="EX-DEU-2026-0005", host_state="DEU", name="Saber & <Shield>",
                              purpose="training", status="approved", starts_on="2026-05-04", ends_on="2026-05-15")  # fmt: skip
    drawn = exercise_rows([planned], "en")
    assert cells(drawn) == [
        ["EX-DEU-2026-0005 – Saber & <Shield>", "Germany", "May 4, 2026 – May 15, 2026", "approved"]
    ]
    assert '<a href="/exercises/5">EX-DEU-2026-0005 – Saber &amp; &lt;Shield&gt;</a>' in drawn
