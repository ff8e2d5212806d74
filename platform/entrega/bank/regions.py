"""The regions a bank's specialists filter by: the IDB's country groups in Latin America and the Caribbean
(Andean, Southern Cone, Central America with Mexico, Panama and the Dominican Republic, the Caribbean);
every other country is its own continent's group."""

from __future__ import annotations

ANDEAN = "andean"
SOUTHERN_CONE = "southern_cone"
CENTRAL_AMERICA = "central_america"
CARIBBEAN = "caribbean"
OTHER = "other"

REGIONS = {
    **dict.fromkeys(("BO", "CO", "EC", "PE", "VE"), ANDEAN),
    **dict.fromkeys(("AR", "BR", "CL", "PY", "UY"), SOUTHERN_CONE),
    **dict.fromkeys(("CR", "SV", "GT", "HN", "MX", "NI", "PA", "DO"), CENTRAL_AMERICA),
    **dict.fromkeys(("BS", "BB", "BZ", "GY", "HT", "JM", "SR", "TT"), CARIBBEAN),
}
ORDER = (ANDEAN, SOUTHERN_CONE, CENTRAL_AMERICA, CARIBBEAN, OTHER)


def region_of(country: str) -> str:
    return REGIONS.get(country.upper(), OTHER)
