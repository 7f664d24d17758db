"""Links between States that the land borders of the `countryinfo` package do not give, and borders it lists
that are not there.  Configuration, not law, and not a source: planning assumptions that a route may use, shown
with every route that uses them.  Whether a line runs, and runs on the days of a move, is not checked.

Each entry: (State, State, kind, name of the crossing, note).  `sea` links are crossed by sea (or flown over);
`fixed` links are bridges and tunnels crossed by road and rail as a land border is.
"""

from __future__ import annotations

from typing import Literal

ConfiguredKind = Literal["sea", "fixed"]

CONFIGURED_LINKS: tuple[tuple[str, str, ConfiguredKind, str, str], ...] = (
    # Caspian Sea: the trans-Caspian ferries of the southern branch of the 2009 Northern Distribution Network.
    ("AZE", "KAZ", "sea", "Baku - Aktau ferry", "trans-Caspian rail ferry"),
    ("AZE", "TKM", "sea", "Baku - Turkmenbashi ferry", "trans-Caspian rail ferry"),
    # Black Sea.
    ("GEO", "UKR", "sea", "Poti - Chornomorsk ferry", "Black Sea rail ferry"),
    ("GEO", "BGR", "sea", "Poti - Varna ferry", "Black Sea rail ferry"),
    # Baltic Sea.
    ("DEU", "LVA", "sea", "Travemünde - Liepāja ferry", "Baltic ro-ro ferry"),
    ("SWE", "LVA", "sea", "Stockholm - Riga ferry", "Baltic ro-ro ferry"),
    ("DEU", "LTU", "sea", "Kiel - Klaipėda ferry", "Baltic ro-ro ferry"),
    ("SWE", "LTU", "sea", "Karlshamn - Klaipėda ferry", "Baltic ro-ro ferry"),
    ("FIN", "EST", "sea", "Helsinki - Tallinn ferry", "Gulf of Finland ro-ro ferry"),
    ("SWE", "EST", "sea", "Stockholm - Tallinn ferry", "Baltic ro-ro ferry"),
    ("DEU", "SWE", "sea", "Rostock - Trelleborg ferry", "Baltic rail and ro-ro ferry"),
    ("POL", "SWE", "sea", "Świnoujście - Ystad ferry", "Baltic rail and ro-ro ferry"),
    ("DEU", "FIN", "sea", "Travemünde - Helsinki ferry", "Baltic ro-ro ferry"),
    # North Sea, Channel, Irish Sea.
    ("GBR", "NLD", "sea", "Harwich - Hook of Holland ferry", "North Sea ro-ro ferry"),
    ("GBR", "BEL", "sea", "Hull - Zeebrugge ferry", "North Sea ro-ro ferry"),
    ("GBR", "IRL", "sea", "Holyhead - Dublin ferry", "Irish Sea ro-ro ferry"),
    ("FRA", "IRL", "sea", "Cherbourg - Rosslare ferry", "Celtic Sea ro-ro ferry"),
    ("DNK", "NOR", "sea", "Hirtshals - Kristiansand ferry", "Skagerrak ro-ro ferry"),
    # Adriatic and Ionian Seas.
    ("ITA", "GRC", "sea", "Bari - Igoumenitsa ferry", "Adriatic ro-ro ferry"),
    ("ITA", "ALB", "sea", "Bari - Durrës ferry", "Adriatic ro-ro ferry"),
    ("ITA", "MNE", "sea", "Bari - Bar ferry", "Adriatic ro-ro ferry"),
    # Bridges and tunnels.
    ("GBR", "FRA", "fixed", "Channel Tunnel", "road vehicles by rail shuttle, and rail"),
    ("DNK", "SWE", "fixed", "Øresund Bridge", "road and rail"),
)

# Borders the `countryinfo` package lists on one side only that do not exist on the ground (or not as a
# crossing): left out of the graph.
NOT_BORDERS: tuple[tuple[str, str, str], ...] = (
    ("ALB", "SRB", "Albania's border is with Kosovo, not with Serbia as administered"),
    ("IRN", "KWT", "Kuwait and Iran share a sea, not a land border"),
    ("SSD", "TCD", "Chad and South Sudan do not share a border"),
    ("AFG", "IND", "a claimed border (Kashmir), with no crossing"),
)
