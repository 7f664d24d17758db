"""A planned route as the legs of a transit request (sofadesk.cases.transit.schemas.Leg, JSON form), so that
"create a transit from this route" is the manifest plus these legs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sofadesk.planner.model import RoutePlan


def transit_legs(route: RoutePlan) -> list[dict[str, Any]]:
    """One leg per State crossed at the route's earliest departure (the sending State's own territory is not a
    leg of its transit request).  Raises ValueError for a route with no schedule."""
    if route.earliest_departure is None:
        raise ValueError(f"{' - '.join(route.states)}: no covered departure, so no schedule to file")
    legs = []
    for leg in route.legs:
        if leg.own_territory:
            continue
        assert leg.entry_at is not None and leg.exit_at is not None
        legs.append(
            {
                "state": leg.state,
                "entry_point": leg.entry_point,
                "exit_point": leg.exit_point,
                "planned_entry": leg.entry_at.isoformat(),
                "planned_exit": leg.exit_at.isoformat(),
                "mode": leg.mode,
                "customs_notified_in_advance": False,
                "dangerous_goods": [],
            }
        )
    return legs


def transit_draft(route: RoutePlan, manifest: Mapping[str, Any]) -> dict[str, Any]:
    """A transit request's content (TransitContent, JSON form): `manifest` (unit, movement order, personnel,
    equipment, arms, purpose ...) with this route's legs and modes.  Dangerous goods, which need UN numbers,
    and advance customs notification stay for the requester to fill in."""
    legs = transit_legs(route)
    return {**manifest, "modes": list(dict.fromkeys(leg["mode"] for leg in legs)), "legs": legs}
