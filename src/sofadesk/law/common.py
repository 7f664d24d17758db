"""Facts shared by every decision: the States concerned and the regime between them.

The regime (which instrument applies, whether the Additional Protocol does, whether a party outside the NATO
SOFA is involved) comes from the in-force engine; a pure caller states it.  Facts models forbid unknown fields,
so that a misspelt field is an error naming it, never silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sofadesk.law.cite import Cite, cite

StateCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]
Instrument = Literal["nato-sofa", "pfp-sofa"]
Certainty = Literal["yes", "no", "unknown", "disputed"]


class Facts(BaseModel):
    # Every text a facts file holds is bounded: a description of events, not a document.
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=4000)


class Regime(Facts):
    instrument: Instrument = Field(
        description="Instrument through which the NATO SOFA applies between the two."
    )
    additional_protocol: bool = Field(False, description="Whether the PfP SOFA Additional Protocol applies.")
    non_nato_sofa_party_involved: bool | None = Field(
        None,
        description="Whether a State concerned is not a NATO SOFA party (PfP SOFA Art. III then applies).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Regime:
        if self.instrument == "nato-sofa" and self.non_nato_sofa_party_involved:
            raise ValueError(
                "non_nato_sofa_party_involved: cannot be true when the NATO SOFA applies directly (both are parties)"
            )
        if self.instrument == "pfp-sofa" and self.non_nato_sofa_party_involved is None:
            raise ValueError("non_nato_sofa_party_involved: needed when the instrument is the PfP SOFA")
        return self

    @property
    def negotiation_instead_of_council(self) -> bool:
        """PfP SOFA Art. III: Council, Deputies' Chairman and arbitrator are replaced by negotiation."""
        return bool(self.non_nato_sofa_party_involved)


class StatesConcerned(Facts):
    sending_state: StateCode
    receiving_state: StateCode
    event_date: date | None = Field(
        None, description="Date of the events; the regime in force that day applies."
    )
    regime: Regime = Field(
        description="The regime between the two States on the date of the events; `sofadesk law decide` works it "
        "out from the registry when it is left out."
    )

    @model_validator(mode="after")
    def _different(self) -> StatesConcerned:
        if self.sending_state == self.receiving_state:
            raise ValueError("receiving_state: must differ from sending_state")
        return self


def referral(regime: Regime, nato_route: str, nato_cite: Cite) -> tuple[str, tuple[Cite, ...]]:
    """Where a NATO SOFA clause sends a matter to the Council, its Deputies' Chairman or an arbitrator: that
    route, or negotiation between the States concerned where PfP SOFA Art. III applies."""
    if regime.negotiation_instead_of_council:
        return (
            "negotiation between the States concerned, without recourse to any outside jurisdiction",
            (nato_cite, cite("pfp-sofa", "III")),
        )
    return nato_route, (nato_cite,)
