"""The incident finding from plain facts (no database): Art. VII(3)(a)(i) worked out from the victims, a
suspect's status found under Art. I, and an answer that turns on an unknown fact says so instead of guessing."""

from __future__ import annotations

from datetime import date

from sofadesk.cases.incident.facts import CaseFacts, Suspect, compute, solely_against
from sofadesk.registry.inforce import InForceEngine

SOLDIER = {"service": "armed_services", "in_receiving_state_on_official_duty": True, "nationality": "USA"}


def facts(**kw: object) -> CaseFacts:
    base: dict[str, object] = {
        "sending_state": "USA", "receiving_state": "DEU", "day": date(2010, 5, 1), "description": "An assault",
        "suspects": (Suspect(1, SOLDIER),), "victims": ("third_party",), "harmed": (),
        "punishable": {"USA": True, "DEU": True}, "official_duty": "no",
    }  # fmt: skip
    return CaseFacts(**{**base, **kw})  # type: ignore[arg-type]


def test_it_works_out_whom_the_offence_was_solely_against() -> None:
    assert solely_against(facts(victims=("member_of_force", "dependent"))) == "sending_state_force_people"
    assert (
        solely_against(facts(victims=(), harmed=("sending_state_property",)))
        == "sending_state_property_or_security"
    )
    assert solely_against(facts(victims=("member_of_force", "third_party"))) == "other"
    assert solely_against(facts(victims=("dependent",), harmed=("third_party_property",))) == "other"
    assert solely_against(facts(victims=("unknown",))) is None


def test_an_offence_against_the_forces_own_people_gives_the_sending_state_the_primary_right(
    engine: InForceEngine,
) -> None:
    f = compute(engine, facts(victims=("member_of_force",)))
    assert f["value"]["primary_right"] == "sending_state" and f["primary_right_state"] == "USA"
    assert "NATO SOFA Art. VII(3)(a)(i)" in f["citations"] and f["category"] == "member_of_force"


def test_an_unknown_fact_that_changes_the_answer_is_named_with_each_alternative(
    engine: InForceEngine,
) -> None:
    f = compute(engine, facts(punishable={"USA": True, "DEU": None}))
    assert f["value"] is None and any("DEU's law" in t for t in f["turns_on"])
    assert {a["value"]["jurisdiction"] for a in f["alternatives"]} == {"concurrent", "exclusive_sending"}
    victims = compute(engine, facts(victims=("unknown",)))
    assert victims["value"] is None and any("victims' categories" in t for t in victims["turns_on"])


def test_an_unknown_fact_that_does_not_change_the_answer_is_said_not_to(engine: InForceEngine) -> None:
    f = compute(
        engine, facts(suspects=(Suspect(1, {**SOLDIER, "subject_to_sending_state_military_law": None}),))
    )
    assert f["value"]["jurisdiction"] == "concurrent"  # a member of the force: its military law reaches him


def test_a_person_outside_article_i_is_outside_article_vii(engine: InForceEngine) -> None:
    local = {"service": "local_hire", "nationality": "DEU"}
    f = compute(engine, facts(suspects=(Suspect(1, local),)))
    assert f["value"] is None and f["outside_article_vii"] and "NATO SOFA Art. IX(4)" in f["citations"]


def test_a_civilian_of_a_third_state_needs_that_states_kind_and_the_status_turns_on_it(
    engine: InForceEngine,
) -> None:
    civilian = {"service": "civilian_employee", "accompanying_the_force": True,
                "employed_by_sending_state_armed_service": True, "nationality": "UKR"}  # fmt: skip
    f = compute(engine, facts(suspects=(Suspect(1, civilian),)))
    assert f["value"] is None and "third-State nationality" in f["turns_on"][0]
    known = compute(
        engine, facts(suspects=(Suspect(1, {**civilian, "third_state_nationality": "other_state"}),))
    )
    assert known["outside_article_vii"]


def test_no_regime_no_allocation(engine: InForceEngine) -> None:
    f = compute(engine, facts(day=date(1990, 1, 1), sending_state="RUS"))
    assert f["value"] is None and "cannot be applied" in f["reasons"][0]
