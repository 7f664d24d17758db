"""The force as it moves or deploys: its unit, people (with the documents Art. III asks for), equipment and
arms.  Shared by transit requests and exercise contingents, so both are checked by the same rules."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sofadesk.cases.bodies import MAX_INT, IsoDate, Strict
from sofadesk.law.common import StateCode
from sofadesk.law.rules.art_11_customs import ItemKind

Category = Literal["member_of_force", "civilian_component", "dependent"]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code")]


class Person(Strict):
    full_name: str = Field(min_length=1, max_length=200)
    category: Category
    date_of_birth: IsoDate | None = None
    rank: str | None = Field(None, max_length=60)
    service: str | None = Field(None, max_length=60)
    service_number: str | None = Field(None, max_length=60)
    identity_card_number: str | None = Field(None, max_length=60)
    photo_on_identity_card: bool = False
    passport_number: str | None = Field(None, max_length=60)
    passport_describes_status: bool = False


class EquipmentLine(Strict):
    description: str = Field(min_length=1, max_length=300)
    kind: ItemKind
    quantity: int = Field(1, ge=1, le=MAX_INT)
    serial_number: str | None = Field(None, max_length=100)
    temporarily_imported: bool = True
    for_exclusive_use_of_force: bool = True


class ArmsLine(Strict):
    description: str = Field(min_length=1, max_length=300)
    quantity: int = Field(ge=1, le=MAX_INT)
    ammunition_rounds: int = Field(0, ge=0, le=MAX_INT)
    authorised_by_orders: bool = True


class MovementOrder(Strict):
    kind: Literal["individual", "collective"] = "collective"
    languages: list[Language] = Field(min_length=1)
    issued_by: Literal["sending_state_agency", "nato_agency", "other"] = "sending_state_agency"
    countersigned_by: list[StateCode] = Field(default_factory=list)


class Unit(Strict):
    name: str = Field(min_length=1, max_length=200)
    regularly_constituted: bool = True


class ForceManifest(Strict):
    """Who and what a sending State sends: the part of a transit request or contingent the checks read."""

    unit: Unit
    sending_state_languages: list[Language] = Field(min_length=1)
    movement_order: MovementOrder
    certificate_deposited: bool = Field(
        False, description="Art. XI(4) certificate (Form 302) for the equipment."
    )
    personnel: list[Person] = Field(default_factory=list, max_length=20000)
    equipment: list[EquipmentLine] = Field(default_factory=list, max_length=20000)
    arms: list[ArmsLine] = Field(default_factory=list, max_length=5000)
