"""What the planner is asked (PlanRequest, ForceProfile) and what it answers (PlanResult, RoutePlan, LegPlan,
Reason): pydantic models, so that the API can take and return them as they are and `model_dump(mode="json")`
is their JSON form."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sofadesk.cases.bodies import MAX_INT, IsoDate, Strict
from sofadesk.cases.force import Category
from sofadesk.cases.transit.schemas import Mode
from sofadesk.law.common import StateCode

HazardClass = Annotated[str, Field(pattern=r"^[1-9](\.[1-6])?[A-S]?$", examples=["1.4S", "3"])]


class Item(Strict):
    description: str = Field(min_length=1, max_length=300)
    quantity: int = Field(default=1, ge=1, le=MAX_INT)


class ForceProfile(Strict):
    """What the force is and carries, as far as States' restrictions ask: the planner's view of a manifest."""

    personnel: dict[Category, Annotated[int, Field(ge=0, le=MAX_INT)]] = Field(
        default_factory=dict, description="Number of persons per category."
    )
    arms: bool | list[Item] = Field(
        default=False, description="Whether arms are carried, or the arms carried."
    )
    dangerous_goods_classes: list[HazardClass] = Field(
        default_factory=list, max_length=50, description="UN hazard classes carried, e.g. '3', '1.4S'."
    )
    vehicles: Annotated[int, Field(ge=0, le=MAX_INT)] | list[Item] = Field(
        default=0, description="Number of vehicles, or the vehicles."
    )

    @property
    def armed(self) -> bool:
        return self.arms is True or (isinstance(self.arms, list) and bool(self.arms))


class Point(Strict):
    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


def _land_modes() -> list[Mode]:
    return ["road", "rail"]


def _no_profile() -> ForceProfile:
    return ForceProfile()


class PlanRequest(Strict):
    origin: StateCode
    destination: StateCode
    depart: IsoDate = Field(description="Earliest departure wanted.")
    submitted: IsoDate = Field(description="The day the request would be filed: lead times count from it.")
    sending_state: StateCode | None = Field(
        default=None, description="The force's State; the origin when not given."
    )
    modes: list[Mode] = Field(default_factory=_land_modes, min_length=1, max_length=4)
    profile: ForceProfile = Field(default_factory=_no_profile)
    avoid: list[StateCode] = Field(default_factory=list, max_length=100)
    via: list[StateCode] = Field(default_factory=list, max_length=6)
    routes: list[Annotated[list[StateCode], Field(min_length=2, max_length=10)]] | None = Field(
        default=None, max_length=50, description="Routes to evaluate instead of enumerating them."
    )
    max_states: int = Field(
        default=6, ge=2, le=8, description="States per enumerated route, origin and destination included."
    )
    origin_point: Point | None = None
    destination_point: Point | None = None
    leg_days: dict[StateCode, Annotated[float, Field(gt=0, le=90)]] = Field(
        default_factory=dict, description="Days spent in a State, instead of the estimate."
    )
    depart_hour: int = Field(default=8, ge=0, le=23, description="Hour of departure, UTC.")
    horizon_days: int = Field(
        default=366,
        ge=0,
        le=3660,
        description="Departures are sought up to this many days after the first day notice allows.",
    )
    speeds_km_per_day: dict[Mode, Annotated[float, Field(gt=0, le=100000)]] = Field(
        default_factory=dict, description="Speeds per day of movement, instead of the configured ones."
    )

    @model_validator(mode="after")
    def _consistent(self) -> PlanRequest:
        ends = (self.origin, self.destination)
        if self.origin == self.destination:
            raise ValueError(f"destination: the same State as the origin ({self.origin})")
        for state in self.avoid:
            if state in ends:
                raise ValueError(
                    f"avoid: {state} is the {'origin' if state == self.origin else 'destination'}"
                )
            if state in self.via:
                raise ValueError(f"via: {state} is also to be avoided")
        for i, route in enumerate(self.routes or []):
            if route[0] != self.origin or route[-1] != self.destination:
                raise ValueError(
                    f"routes.{i}: must run from the origin {self.origin} to the destination {self.destination}"
                )
            if len(set(route)) != len(route):
                raise ValueError(f"routes.{i}: names a State twice")
        return self

    @property
    def sending(self) -> str:
        return self.sending_state or self.origin


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class DayRange(Model):
    first: date
    last: date


ReasonKind = Literal[
    "not_covered",  # the Agreement is not established as applying with a State on days of its leg (law)
    "restriction",  # a State's restriction excludes the force (configuration)
    "avoided",  # the route passes a State the request avoids (request)
    "via_missing",  # the route misses a State the request wants passed (request)
    "no_duration",  # a State's time can be neither estimated nor taken from the request
    "no_link",  # two consecutive States of a given route have no known link (estimate)
    "delayed_by_notice",  # decisions cannot all be due before a later day (configuration)
    "delayed_by_coverage",  # coverage moves the departure (law)
    "no_notice_rule",  # a State has recorded no lead time (configuration)
    "notice_rule",  # a State's lead time and when its decision can be due (configuration)
    "restriction_note",  # a restriction this force meets, or one shown as text only (configuration)
]
Basis = Literal["law", "configuration", "request", "estimate"]


class Reason(Model):
    kind: ReasonKind
    basis: Basis
    text: str
    state: str | None = None
    days: list[DayRange] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)


class Restriction(Model):
    code: str
    text: str
    excludes: bool


class LinkUsed(Model):
    from_state: str
    to_state: str
    kind: Literal["land", "fixed", "sea", "air", "none"]
    mode: Mode
    basis: Literal["countryinfo", "configuration", "request", "estimate"]
    name: str = ""
    note: str = ""


class LegPlan(Model):
    state: str
    name: str
    role: Literal["origin", "transit", "destination"]
    own_territory: bool = Field(
        description="The sending State's own territory: no coverage or notice question."
    )
    mode: Mode
    days: float
    distance_km: float | None
    duration_basis: Literal["estimate", "given"]
    entry_point: str
    exit_point: str
    entry_at: datetime | None = None
    exit_at: datetime | None = None
    first_day: date | None = None
    last_day: date | None = None
    applies: bool | None = Field(
        default=None, description="Whether the regime applies on every day of the leg."
    )
    instrument: str | None = None
    citations: list[str] = Field(default_factory=list)
    lead_time_working_days: int | None = None
    decision_due: date | None = None
    calendar: Literal["national", "weekends_only"] | None = None
    restrictions: list[Restriction] = Field(default_factory=list)


class RoutePlan(Model):
    states: list[str]
    names: list[str]
    explicit: bool = Field(description="Given in the request rather than enumerated.")
    permitted: bool
    rank: int | None = None
    earliest_departure: date | None = None
    departure_at: datetime | None = None
    decisions_due: date | None = Field(
        default=None, description="The day every decision recorded as needed can be due."
    )
    arrival: date | None = None
    arrival_at: datetime | None = None
    total_days: float | None = None
    distance_km: float | None = None
    legs: list[LegPlan]
    links: list[LinkUsed]
    reasons: list[Reason] = Field(
        default_factory=list, description="Why the route is excluded; empty when permitted."
    )
    notes: list[Reason] = Field(
        default_factory=list, description="Why the departure is later than wanted, and what is shown."
    )
    uncertainties: list[str] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)

    def transit_legs(self) -> list[dict[str, Any]]:
        """The legs of a transit request (cases.transit.schemas.Leg, JSON form) for this route at its earliest
        departure; the sending State's own territory is left out."""
        from sofadesk.planner.draft import transit_legs

        return transit_legs(self)


class PlanResult(Model):
    request: PlanRequest
    sending_state: str
    earliest_possible: date = Field(description="The later of the departure wanted and the filing day.")
    routes: list[RoutePlan] = Field(description="Permitted routes in rank order, then excluded ones.")
    truncated: bool = False
    summary: str
    configuration: list[str]
    not_modelled: list[str]

    @property
    def permitted(self) -> list[RoutePlan]:
        return [r for r in self.routes if r.permitted]

    @property
    def excluded(self) -> list[RoutePlan]:
        return [r for r in self.routes if not r.permitted]

    @property
    def best(self) -> RoutePlan | None:
        return next((r for r in self.routes if r.permitted), None)


class PlanError(ValueError):
    """A request the planner cannot work on, with the field that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
