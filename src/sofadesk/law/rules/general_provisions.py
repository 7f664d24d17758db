"""Provisions that are duties, undertakings or procedures rather than decisions on a case: each listed with the
reason it is not modelled, so that `sofadesk law coverage` accounts for every paragraph.  (Art. XV(1) is encoded
by the claims rules, Art. XVI by the jurisdiction rules.)"""

from __future__ import annotations

ENCODED: dict[str, str] = {}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. II": "A duty of conduct (respect local law, no political activity), applied to facts by the "
    "receiving State's authorities; a breach may be an offence decided under Art. VII.",
    "NATO SOFA Art. IX(1)": "Equal access to local goods and services: a right exercised day to day, not a decision.",
    "NATO SOFA Art. IX(2)": "Purchasing channels and restricted articles are set by the receiving State's authorities.",
    "NATO SOFA Art. IX(3)": "Accommodation is arranged by the receiving State under agreements between the States.",
    "NATO SOFA Art. IX(5)": "Medical care on local terms depends on the force's own facilities - needs a decision by "
    "the force's medical authorities.",
    "NATO SOFA Art. IX(6)": "Travel concessions are a matter of special arrangements between the Governments.",
    "NATO SOFA Art. IX(7)": "Prompt payment in local currency: an obligation of the force's finance office.",
    "NATO SOFA Art. XII(1)": "Conditions against abuse are set by the receiving State's customs or fiscal authorities.",
    "NATO SOFA Art. XII(2)": "Refusal of exemption for re-imported local goods - needs a decision by the receiving "
    "State's customs.",
    "NATO SOFA Art. XIII(1)": "Mutual assistance in customs enquiries: a standing duty.",
    "NATO SOFA Art. XIII(2)": "Handing over articles liable to seizure: a standing duty of the force.",
    "NATO SOFA Art. XIII(3)": "Help with payment of duties and penalties: a standing duty of the force.",
    "NATO SOFA Art. XIII(4)": "Return of seized force property - needs a decision by the receiving State's customs.",
    "NATO SOFA Art. XIV(1)": "Foreign-exchange regulations of both States apply; their content is national law.",
    "NATO SOFA Art. XIV(2)": "Special exchange regulations are issued by the exchange authorities.",
    "NATO SOFA Art. XV(2)": "Suspension in hostilities is notified by a State; no suspension is recorded - the "
    "registry would record one as a dated fact.",
    "NATO SOFA Art. XVII": "Revision requests go to the North Atlantic Council; a diplomatic step.",
    "NATO SOFA Art. XX(1)": "Territorial scope: answers are for metropolitan territory; extensions are not "
    "recorded - needs a decision by the States concerned.",
    "NATO SOFA Art. XX(2)": "Extensions to other territories are not recorded (see XX(1)).",
    "NATO SOFA Art. XX(3)": "Separate denunciation for an extended territory is not recorded (see XX(1)).",
    "PfP SOFA Art. IV": "Supplements and modifications are made by agreement between States.",
    "PfP SOFA FAP Art. I": "The headquarters regime (the 1952 Paris Protocol) is not encoded yet.",
    "PfP SOFA FAP Art. II": "The headquarters regime (the 1952 Paris Protocol) is not encoded yet.",
    "PfP SOFA FAP Art. III": "The headquarters regime (the 1952 Paris Protocol) is not encoded yet.",
    "PfP SOFA FAP Art. IV": "The headquarters regime (the 1952 Paris Protocol) is not encoded yet.",
}
