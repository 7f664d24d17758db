"""The demo's authorities, users, notice rules and the Riga - Termez rail transit (also used by the tests).

The route follows the 2009-2015 Northern Distribution Network rail corridor: Riga port, across Latvia into
Russia at Zilupe/Sebezh, through Russia into Kazakhstan, and on to Termez in Uzbekistan.  Russia's notice rule
carries a "non-lethal cargo only" restriction, as its 2008 arrangement for ISAF transit did: configuration,
shown as such, not law.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from sofadesk.accounts.service import create_user, ensure_authority, issue_token
from sofadesk.audit.chain import now
from sofadesk.cases.transit.models import NoticeRuleRow

PASSWORD = "demo-password"  # demo users only; printed by `sofadesk demo`

USERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("usa.requester", "USA", "US Army movement control officer", ("requester", "observer")),
    ("usa.admin", "USA", "US administrator", ("administrator",)),
    ("lva.approver", "LVA", "Latvian clearance officer", ("approver", "observer")),
    ("rus.approver", "RUS", "Russian clearance officer", ("approver", "observer")),
    ("rus.admin", "RUS", "Russian administrator", ("administrator",)),
    ("kaz.approver", "KAZ", "Kazakh clearance officer", ("approver", "observer")),
    ("uzb.approver", "UZB", "Uzbek clearance officer", ("approver", "observer")),
    ("deu.observer", "DEU", "German observer (not concerned by this transit)", ("observer", "requester")),
    ("deu.planner", "DEU", "German exercise planner (host)", ("planner", "requester", "observer")),
    ("deu.approver", "DEU", "German exercise approver (host)", ("approver", "observer")),
    ("usa.planner", "USA", "US Army Europe exercise planner", ("planner", "approver", "requester")),
    ("pol.planner", "POL", "Polish exercise planner", ("planner", "approver", "requester")),
    ("rus.planner", "RUS", "Russian exercise planner", ("planner", "requester")),
    ("deu.registry", "DEU", "German treaty-registry editor", ("registry_editor", "observer")),
    ("pol.registry", "POL", "Polish treaty-registry editor", ("registry_editor", "observer")),
)

NOTICE_RULES: dict[str, tuple[int, list[dict[str, str]]]] = {
    "LVA": (5, []),
    "RUS": (
        10,
        [
            {
                "code": "non_lethal_cargo_only",
                "text": "Non-lethal cargo only (as Russia's 2008 arrangement for ISAF rail transit required)",
            }
        ],
    ),
    "KAZ": (7, []),
    "UZB": (5, [{"code": "text", "text": "Rail wagons are inspected at Termez"}]),
}


def seed_demo(session: Session) -> dict[str, str]:
    """Authorities, users (one token each) and notice rules.  Returns username -> API token."""
    tokens: dict[str, str] = {}
    for username, state, name, roles in USERS:
        ensure_authority(session, state)
        user = create_user(session, None, state, username, name, list(roles), PASSWORD)
        tokens[username] = issue_token(session, user, "demo")
    for state, (days, restrictions) in NOTICE_RULES.items():
        session.add(
            NoticeRuleRow(
                state_code=state,
                lead_time_working_days=days,
                requires_countersignature=False,
                restrictions=restrictions,
                updated_at=now(),
            )
        )
    session.flush()
    return tokens


def _at(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour)).isoformat()


def riga_termez(start: date, persons: int = 14, equipment_lines: int = 4) -> dict[str, Any]:
    """The transit request content, starting `start` (entry into Latvia)."""
    route = (
        ("LVA", "Riga Freeport", "Zilupe", 0, 1),
        ("RUS", "Sebezh", "Ozinki", 1, 5),
        ("KAZ", "Ozinki", "Saryagash", 5, 9),
        ("UZB", "Keles", "Termez", 9, 11),
    )
    legs = [
        {
            "state": s,
            "entry_point": a,
            "exit_point": b,
            "planned_entry": _at(start + timedelta(days=d0), 8),
            "planned_exit": _at(start + timedelta(days=d1), 6),
            "mode": "rail",
            "customs_notified_in_advance": True,
            "dangerous_goods": [
                {
                    "un_number": "UN1202",
                    "proper_shipping_name": "Diesel fuel",
                    "hazard_class": "3",
                    "packing_group": "III",
                }
            ],
        }
        for s, a, b, d0, d1 in route
    ]
    personnel = [
        {
            "full_name": f"Soldier {n:03d}",
            "category": "member_of_force",
            "date_of_birth": "1990-01-01",
            "rank": "SGT",
            "service": "US Army",
            "service_number": f"A{n:07d}",
            "identity_card_number": f"ID{n:06d}",
            "photo_on_identity_card": True,
        }
        for n in range(1, persons - 1)
    ] + [
        {
            "full_name": f"Civilian {n}",
            "category": "civilian_component",
            "passport_number": f"P{n:07d}",
            "passport_describes_status": True,
        }
        for n in (1, 2)
    ]
    kinds = ("force_equipment", "provisions_and_supplies", "service_vehicle_not_own_power", "force_equipment")
    equipment = [
        {"description": f"Non-lethal cargo line {n + 1}", "kind": kinds[n % len(kinds)], "quantity": 10 + n}
        for n in range(equipment_lines)
    ]
    return {
        "purpose": "transit_to_operation",
        "modes": ["rail"],
        "unit": {"name": "US Army sustainment rail detachment", "regularly_constituted": True},
        "sending_state_languages": ["en"],
        "movement_order": {
            "kind": "collective",
            "languages": ["en", "fr"],
            "issued_by": "sending_state_agency",
        },
        "certificate_deposited": True,
        "legs": legs,
        "personnel": personnel,
        "equipment": equipment,
        "arms": [],
    }
