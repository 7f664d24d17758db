"""`sofadesk route plan`: the covered-route planner (sofadesk.planner) on the configured database's registry and
notice rules.  The planner, pydantic and the database layer are imported when the command runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from sofadesk.cli.output import UserError, out, parse_day, print_json

if TYPE_CHECKING:
    from sofadesk.planner.model import PlanResult, RoutePlan
    from sofadesk.registry.model import Registry

route_app = typer.Typer(help="Routes: plan a covered route for a transit.", no_args_is_help=True)

# Where each field of the planner's request comes from, so that an error names the option to change.
OPTIONS = {
    "origin": "--from",
    "destination": "--to",
    "depart": "--depart",
    "submitted": "--submitted",
    "sending_state": "--sending",
    "modes": "--mode",
    "profile": "--profile",
    "avoid": "--avoid",
    "via": "--via",
    "routes": "--route",
    "max_states": "--max-states",
    "origin_point": "--from-point",
    "destination_point": "--to-point",
    "leg_days": "--days",
    "horizon_days": "--horizon-days",
}
ListOpt = list[str] | None


def _states(registry: Registry, texts: list[str], option: str) -> list[str]:
    from sofadesk.registry.states import UnknownStateError, resolve_state

    codes = []
    for text in texts:
        try:
            codes.append(resolve_state(registry, text).code)
        except UnknownStateError as exc:
            raise UserError(f"{option}: {exc}") from None
    return codes


def _point(text: str | None, option: str) -> dict[str, Any] | None:
    """NAME=LAT,LON or LAT,LON."""
    if text is None:
        return None
    name, _, where = text.rpartition("=")
    try:
        lat, lon = (float(x) for x in where.split(","))
    except ValueError:
        raise UserError(
            f"{option}: {text!r} is not a point", "write NAME=LAT,LON or LAT,LON, e.g. Termez=37.22,67.28"
        ) from None
    return {"name": name.strip() or f"{lat:g}, {lon:g}", "lat": lat, "lon": lon}


def _days(registry: Registry, items: list[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in items:
        state, _, days = item.partition("=")
        try:
            value = float(days)
        except ValueError:
            raise UserError(f"--days: {item!r} is not STATE=DAYS", "e.g. --days RUS=4.5") from None
        found[_states(registry, [state], "--days")[0]] = value
    return found


def _option(loc: tuple[Any, ...], message: str) -> tuple[str, str]:
    """The option a problem is with, and the message without the field path a model-level message starts with."""
    if loc and str(loc[0]) in OPTIONS:
        return OPTIONS[str(loc[0])] + "".join(f".{x}" for x in loc[1:] if isinstance(x, str)), message
    head, sep, rest = message.partition(": ")
    path = head.split(".")
    if sep and path[0] in OPTIONS:
        which = f" #{int(path[1]) + 1}" if len(path) > 1 and path[1].isdigit() else ""
        return OPTIONS[path[0]] + which, rest
    return "request", message


def _request(data: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from sofadesk.planner import PlanRequest

    try:
        return PlanRequest.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            option, msg = _option(tuple(e["loc"]), e["msg"].removeprefix("Value error, "))
            problems.append(f"{option}: {msg}")
        raise UserError("; ".join(problems[:5])) from None


@route_app.command("plan")
def plan(
    origin: Annotated[str, typer.Option("--from", help="Origin State: alpha-3, alpha-2 or English name.")],
    destination: Annotated[str, typer.Option("--to", help="Destination State.")],
    depart: Annotated[str, typer.Option("--depart", help="Earliest departure wanted, YYYY-MM-DD.")],
    sending: Annotated[
        str | None, typer.Option("--sending", help="The force's State (default: the origin State).")
    ] = None,
    mode: Annotated[
        ListOpt, typer.Option("--mode", help="road, rail, sea or air; repeat (default: road, rail).")
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="YAML: personnel, arms, dangerous_goods_classes, vehicles."),
    ] = None,
    avoid: Annotated[ListOpt, typer.Option("--avoid", help="A State not to cross; repeat.")] = None,
    via: Annotated[ListOpt, typer.Option("--via", help="A State to pass through; repeat.")] = None,
    route: Annotated[
        ListOpt,
        typer.Option("--route", help="A route to evaluate instead of enumerating, e.g. LVA,RUS,KAZ,UZB."),
    ] = None,
    submitted: Annotated[
        str | None,
        typer.Option("--submitted", help="Filing day (default: today, or the departure day if earlier)."),
    ] = None,
    max_states: Annotated[
        int, typer.Option("--max-states", help="States per route, both ends included.")
    ] = 6,
    from_point: Annotated[str | None, typer.Option("--from-point", help="NAME=LAT,LON of the start.")] = None,
    to_point: Annotated[str | None, typer.Option("--to-point", help="NAME=LAT,LON of the end.")] = None,
    days: Annotated[
        ListOpt, typer.Option("--days", help="STATE=DAYS spent there, instead of the estimate.")
    ] = None,
    horizon_days: Annotated[
        int,
        typer.Option(
            "--horizon-days", help="Seek departures up to N days after the first day notice allows."
        ),
    ] = 366,
    draft: Annotated[
        int | None,
        typer.Option(
            "--draft", help="File the permitted route of this rank (1: soonest) as a transit draft."
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest", help="With --draft: YAML of the force (a transit request; its legs are replaced)."
        ),
    ] = None,
    as_user: Annotated[
        str | None, typer.Option("--as", help="With --draft: the requester filing it.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Which routes from one State to another can be permitted - the Agreement applying with every State
    crossed on every day of its leg, each State's notice counted in its own working days, its restrictions met -
    ranked by earliest arrival; each excluded route with its reasons and citations."""
    from sofadesk.cli.cases import engine_from, run
    from sofadesk.cli.files import read_yaml, validated
    from sofadesk.planner import ForceProfile, PlanError, plan_routes

    wanted = parse_day(depart, "--depart")
    filed = parse_day(submitted, "--submitted") if submitted else min(date.today(), wanted)
    force = (
        validated(ForceProfile, read_yaml(profile, "--profile"), f"--profile: {profile}", whole="profile")
        if profile
        else ForceProfile()
    )

    def read(session: Any) -> tuple[Any, Any]:
        from sofadesk.cases.transit.service import notice_rules

        return engine_from(session), notice_rules(session)

    engine, rules = run(read)
    registry = engine.registry
    data: dict[str, Any] = {
        "origin": _states(registry, [origin], "--from")[0],
        "destination": _states(registry, [destination], "--to")[0],
        "depart": wanted,
        "submitted": filed,
        "sending_state": _states(registry, [sending], "--sending")[0] if sending else None,
        "modes": [m.strip().lower() for m in mode] if mode else ["road", "rail"],
        "profile": force,
        "avoid": _states(registry, avoid or [], "--avoid"),
        "via": _states(registry, via or [], "--via"),
        "routes": [_states(registry, r.split(","), "--route") for r in route] if route else None,
        "max_states": max_states,
        "origin_point": _point(from_point, "--from-point"),
        "destination_point": _point(to_point, "--to-point"),
        "leg_days": _days(registry, days or []),
        "horizon_days": horizon_days,
    }
    if draft is not None:
        _file_draft(data, draft, manifest, as_user, as_json)
        return
    try:
        result = plan_routes(engine, _request(data), rules)
    except PlanError as exc:
        option, message = _option((), f"{exc.field}: {exc.message}")
        raise UserError(f"{option}: {message}") from None
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        _print(result)


def _file_draft(
    plan: dict[str, Any], rank: int, manifest: Path | None, as_user: str | None, as_json: bool
) -> None:
    """Plan again as the acting requester's State, with its manifest's profile, and file the route as a draft."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.from_route import RouteDraftBody, draft_from_route
    from sofadesk.cli.cases import engine_from, run
    from sofadesk.cli.files import read_yaml, validated

    if manifest is None or as_user is None:
        raise UserError("--draft needs --manifest FILE (the force) and --as USER (the requester filing it)")
    force = read_yaml(manifest, "--manifest")
    if isinstance(force, dict):  # a whole transit request will do: the route gives its legs and modes
        force = {k: v for k, v in force.items() if k not in ("legs", "modes")}
    body = validated(
        RouteDraftBody,
        {"plan": {**plan, "profile": plan["profile"].model_dump()}, "rank": rank, "manifest": force},
        f"--manifest: {manifest}",
        whole="draft",
    )

    def use_case(session: Any) -> tuple[Any, RoutePlan]:
        user = acting_as(session, as_user)
        transit, route = draft_from_route(session, user, engine_from(session), body)
        session.flush()
        return service.read(session, transit), route

    transit, route = run(use_case)
    if as_json:
        print_json(transit.model_dump(mode="json"))
        return
    out.print(
        Text(
            f"{transit.reference} (id {transit.id}) - a draft filed from route {route.rank}: "
            f"{' - '.join(route.states)}",
            style="bold",
        )
    )
    out.print(
        Text(
            f"Leaves {route.earliest_departure}; every decision can be due by {route.decisions_due}; "
            f"arrives {route.arrival}."
        )
    )
    out.print(
        Text(
            "Before submitting: add dangerous goods (UN numbers) to the legs that carry them and mark "
            "advance customs notification where given (sofadesk transit update)."
        )
    )


def _print(result: PlanResult) -> None:
    r = result.request
    out.print(Text(result.summary, style="bold"))
    out.print(
        Text(
            f"Sending State {result.sending_state}; filing on {r.submitted.isoformat()} assumed "
            f"(--submitted); departure wanted {r.depart.isoformat()}."
        )
    )
    if result.permitted:
        table = Table(title="Covered routes, soonest arrival first")
        for col in ("#", "Route", "Leaves", "Decisions due", "Arrives", "Days", "Uncertainties"):
            table.add_column(col, overflow="fold")
        for p in result.permitted:
            assert p.earliest_departure and p.arrival
            table.add_row(
                str(p.rank),
                " - ".join(p.states),
                p.earliest_departure.isoformat(),
                p.decisions_due.isoformat() if p.decisions_due else "-",
                p.arrival.isoformat(),
                f"{p.total_days:g}",
                str(len(p.uncertainties)),
            )
        out.print(table)
        best = result.best
        assert best is not None
        _print_legs(best)
    if result.excluded:
        out.print(Text("Excluded routes", style="bold"))
        for x in result.excluded:
            out.print(Text(" - ".join(x.states) + (" (given)" if x.explicit else ""), style="red"))
            for reason in x.reasons:
                cites = f"  [{'; '.join(reason.citations[:4])}]" if reason.citations else ""
                out.print(Text(f"  - ({reason.basis}) {reason.text}{cites}"))
    out.print(Text("Configuration, not law:", style="bold"))
    for line in result.configuration:
        out.print(Text(f"  - {line}"))
    out.print(Text("Not modelled:", style="bold"))
    for line in result.not_modelled:
        out.print(Text(f"  - {line}"))


def _print_legs(route: RoutePlan) -> None:
    table = Table(title=f"Route {route.rank}: {' - '.join(route.states)}, leg by leg")
    for col in ("State", "Mode", "Days", "In the State", "Notice", "Coverage"):
        table.add_column(col, overflow="fold")
    for leg in route.legs:
        when = f"{leg.first_day} - {leg.last_day}" if leg.first_day else "-"
        notice = (
            "own territory"
            if leg.own_territory
            else f"{leg.lead_time_working_days} working days, due {leg.decision_due}"
            if leg.decision_due
            else "no rule recorded"
        )
        coverage = "own territory" if leg.own_territory else "; ".join(leg.citations) or "-"
        table.add_row(
            f"{leg.name} ({leg.state})",
            leg.mode,
            f"{leg.days:g} ({leg.duration_basis})",
            when,
            notice,
            coverage,
        )
    out.print(table)
    for note in route.notes:
        out.print(Text(f"  - ({note.basis}) {note.text}"))
    for item in route.uncertainties:
        out.print(Text(f"  - uncertain: {item}", style="yellow"))
