"""The shape of the seeded volume, as weights the generator draws from: each mission's share,
languages, places and money; the kinds of organization that apply; how a call's proposals
spread over the states of the review, and why some were ineligible."""

import random
from dataclasses import dataclass

from accounts.models import Organization
from core.languages import language_codes
from programs.models import Mission
from proposals.models import Proposal
from reviews.models import Screening

Status = Proposal.Status
LANGUAGES = language_codes()
DOMAIN = "volume.cfli.example"  # of the seeded people's addresses

# --- Missions, places and money ---------------------------------------------------------------


@dataclass(frozen=True)
class MissionProfile:
    weight: int  # share of the proposals
    languages: dict[str, int]  # proposal language → weight
    envelope: int  # CAD per call
    typical: tuple[int, int]
    maximum: int
    admin_cap: int  # percent
    exchange_rate: str  # CAD for one unit of the local currency
    country_names: tuple[str, str, str]  # en, fr, es, for call titles
    places: tuple[tuple[str, str, str], ...]  # city, region, country


PROFILES = {
    "MEX": MissionProfile(
        32, {"es": 72, "en": 18, "fr": 10}, 450_000, (30_000, 45_000), 100_000, 15, "0.0752",
        ("Mexico", "Mexique", "México"),
        (("Guelatao de Juárez", "Oaxaca", "MX"), ("Juchitán de Zaragoza", "Oaxaca", "MX"),
         ("San Cristóbal de las Casas", "Chiapas", "MX"), ("Ocosingo", "Chiapas", "MX"),
         ("Chilpancingo", "Guerrero", "MX"), ("Tlapa de Comonfort", "Guerrero", "MX"),
         ("Ciudad Juárez", "Chihuahua", "MX"), ("Iztapalapa", "Ciudad de México", "MX"),
         ("Felipe Carrillo Puerto", "Quintana Roo", "MX"), ("Cuetzalan", "Puebla", "MX")),
    ),
    "COL": MissionProfile(
        26, {"es": 75, "en": 17, "fr": 8}, 350_000, (24_000, 50_000), 60_000, 20, "0.000342",
        ("Colombia", "Colombie", "Colombia"),
        (("Soacha", "Cundinamarca", "CO"), ("Quibdó", "Chocó", "CO"), ("Tumaco", "Nariño", "CO"),
         ("Cúcuta", "Norte de Santander", "CO"), ("Buenaventura", "Valle del Cauca", "CO"),
         ("Riohacha", "La Guajira", "CO"), ("Medellín", "Antioquia", "CO"),
         ("Popayán", "Cauca", "CO")),
    ),
    "GTM": MissionProfile(
        16, {"es": 78, "en": 14, "fr": 8}, 300_000, (20_000, 50_000), 80_000, 15, "0.178",
        ("Guatemala and El Salvador", "Guatemala et El Salvador", "Guatemala y El Salvador"),
        (("Quetzaltenango", "Quetzaltenango", "GT"), ("Huehuetenango", "Huehuetenango", "GT"),
         ("Cobán", "Alta Verapaz", "GT"), ("Sololá", "Sololá", "GT"),
         ("Santa Cruz del Quiché", "Quiché", "GT"), ("San Salvador", "San Salvador", "SV"),
         ("Santa Ana", "Santa Ana", "SV"), ("Chalatenango", "Chalatenango", "SV")),
    ),
    "HTI": MissionProfile(
        14, {"fr": 84, "en": 16}, 320_000, (25_000, 60_000), 100_000, 20, "0.0104",
        ("Haiti", "Haïti", "Haití"),
        (("Jacmel", "Sud-Est", "HT"), ("Les Cayes", "Sud", "HT"), ("Cap-Haïtien", "Nord", "HT"),
         ("Hinche", "Centre", "HT"), ("Jérémie", "Grand'Anse", "HT"),
         ("Gonaïves", "Artibonite", "HT"), ("Port-de-Paix", "Nord-Ouest", "HT")),
    ),
    "JAM": MissionProfile(
        12, {"en": 86, "fr": 14}, 250_000, (10_000, 25_000), 40_000, 15, "0.0087",
        ("Jamaica and the Bahamas", "Jamaïque et Bahamas", "Jamaica y Bahamas"),
        (("Kingston", "Kingston", "JM"), ("Montego Bay", "St James", "JM"),
         ("Spanish Town", "St Catherine", "JM"), ("Mandeville", "Manchester", "JM"),
         ("Port Antonio", "Portland", "JM"), ("Nassau", "New Providence", "BS"),
         ("Freeport", "Grand Bahama", "BS")),
    ),
}  # fmt: skip
DEFAULT_MISSIONS = tuple(PROFILES)


def profile_of(mission: Mission) -> MissionProfile:
    """A mission outside the demo's (chosen with --missions) gets a neutral profile."""
    if mission.code in PROFILES:
        return PROFILES[mission.code]
    languages = [code for code in mission.proposal_languages if code in LANGUAGES] or ["en"]
    # countries is django-countries' list of Country; its field is typed as one string.
    country = str(mission.countries[0].code) if mission.countries else "CA"  # type: ignore[attr-defined]
    return MissionProfile(
        10, dict.fromkeys(languages, 1), 300_000, (20_000, 50_000), 100_000, 15, "1",
        (mission.name_en or mission.name,) * 3, ((mission.city, mission.city, country),),  # type: ignore[attr-defined]  # a modeltranslation column
    )  # fmt: skip


# --- Organizations ---------------------------------------------------------------------------
# Their kinds and registration, by weight.
KINDS = {
    Organization.Kind.LOCAL_NGO: 62, Organization.Kind.ACADEMIC: 10,
    Organization.Kind.GOVERNMENT: 7, Organization.Kind.CANADIAN_NGO: 6,
    Organization.Kind.INTERNATIONAL_NGO: 10, Organization.Kind.MULTILATERAL: 5,
}  # fmt: skip
REGISTRATIONS = {
    Organization.Registration.REGISTERED: 82,
    Organization.Registration.NOT_REGISTERED: 11,
    Organization.Registration.AT_RISK: 7,
}

# --- States of the review --------------------------------------------------------------------

OPEN, REVIEWING, DECIDED = "open", "reviewing", "decided"
# How the proposals of a call are spread over the states: while it is open, once it closed this
# fiscal year (the review goes on), and for earlier years (everything decided).
STATE_WEIGHTS = {
    OPEN: {Status.SUBMITTED: 62, Status.INELIGIBLE: 6, Status.IN_REVIEW: 20,
           Status.MORE_INFO_REQUESTED: 8, Status.WITHDRAWN: 4},
    REVIEWING: {Status.SUBMITTED: 8, Status.INELIGIBLE: 14, Status.IN_REVIEW: 24,
                Status.MORE_INFO_REQUESTED: 6, Status.REVIEWED: 14, Status.RECOMMENDED: 8,
                Status.APPROVED: 7, Status.DECLINED: 12, Status.WAITLISTED: 4,
                Status.WITHDRAWN: 3},
    DECIDED: {Status.INELIGIBLE: 17, Status.APPROVED: 10, Status.DECLINED: 58,
              Status.WAITLISTED: 11, Status.WITHDRAWN: 4},
}  # fmt: skip
SEEDED_STATES = [status for status in Status if status != Status.DRAFT]
# Why ineligible proposals were refused (reasons that a submission through the form can meet).
INELIGIBLE_REASONS = {
    Screening.Reason.ATTACHMENTS: 25, Screening.Reason.REGISTRATION: 16, Screening.Reason.GBA: 16,
    Screening.Reason.PRIORITY: 12, Screening.Reason.AMOUNT: 10, Screening.Reason.ADMIN_CAP: 9,
    Screening.Reason.END_DATE: 7, Screening.Reason.OTHER: 5,
}  # fmt: skip
# States whose proposal went through the review, and those the approver decided.
REVIEWED = {Status.REVIEWED, Status.RECOMMENDED, Status.APPROVED, Status.DECLINED,
            Status.WAITLISTED}  # fmt: skip
DECIDED_STATES = {Status.APPROVED, Status.DECLINED, Status.WAITLISTED}


def weighted(rng: random.Random, weights: dict):
    """One key of `weights`, drawn in proportion to its value."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]
