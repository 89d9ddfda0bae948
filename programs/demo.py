"""Demo missions, priority areas, sub-themes, staff roles and calls for `seed_demo`."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import (
    Call,
    CallPriority,
    Mission,
    MissionStaff,
    OrganizationType,
    PriorityArea,
    SubTheme,
    fiscal_year_of,
)

# (English, French, Spanish names), kind, city, countries, time zone, proposal languages, currency,
# code
MISSIONS = [
    (
        ("Embassy of Canada to Mexico", "Ambassade du Canada au Mexique", "Embajada de Canadá en México"),
        Mission.Kind.EMBASSY, "Mexico City", ["MX"], "America/Mexico_City", ["es", "en", "fr"], "MXN", "MEX",
    ),
    (
        ("Embassy of Canada to Colombia", "Ambassade du Canada en Colombie", "Embajada de Canadá en Colombia"),
        Mission.Kind.EMBASSY, "Bogotá", ["CO"], "America/Bogota", ["es", "en", "fr"], "COP", "COL",
    ),
    (
        ("Embassy of Canada to Guatemala", "Ambassade du Canada au Guatemala", "Embajada de Canadá en Guatemala"),
        Mission.Kind.EMBASSY, "Guatemala City", ["GT", "SV"], "America/Guatemala", ["es", "en", "fr"], "GTQ", "GTM",
    ),
    (
        ("Embassy of Canada to Haiti", "Ambassade du Canada en Haïti", "Embajada de Canadá en Haití"),
        Mission.Kind.EMBASSY, "Port-au-Prince", ["HT"], "America/Port-au-Prince", ["fr", "en"], "HTG", "HTI",
    ),
    (
        ("High Commission of Canada in Jamaica", "Haut-commissariat du Canada en Jamaïque", "Alta Comisión de Canadá en Jamaica"),
        Mission.Kind.HIGH_COMMISSION, "Kingston", ["JM", "BS"], "America/Jamaica", ["en", "fr"], "JMD", "JAM",
    ),
]  # fmt: skip

# The six priority areas, with the Embassy of Canada in Mexico's focus wording as description.
PRIORITY_AREAS = [
    (
        ("Gender equality and the empowerment of women and girls",
         "Égalité des genres et renforcement du pouvoir des femmes et des filles",
         "Igualdad de género y empoderamiento de las mujeres y las niñas"),
        ("The core area: projects that advance the rights of women and girls.",
         "Le domaine central : des projets qui font progresser les droits des femmes et des filles.",
         "El área central: proyectos que promueven los derechos de las mujeres y las niñas."),
    ),
    (
        ("Inclusive governance", "Gouvernance inclusive", "Gobernanza inclusiva"),
        ("Diversity (Indigenous peoples, 2SLGBTQI+ persons, migrants and refugees), human rights "
         "(forced displacement, human-rights defenders, forced disappearances, journalists and "
         "freedom of expression), democracy and the rule of law (transparency, anti-corruption).",
         "Diversité (peuples autochtones, personnes 2ELGBTQI+, migrants et réfugiés), droits de la "
         "personne (déplacements forcés, défenseurs des droits de la personne, disparitions forcées, "
         "journalistes et liberté d’expression), démocratie et primauté du droit (transparence, "
         "lutte contre la corruption).",
         "Diversidad (pueblos indígenas, personas 2SLGBTQI+, personas migrantes y refugiadas), "
         "derechos humanos (desplazamiento forzado, personas defensoras de derechos humanos, "
         "desapariciones forzadas, periodistas y libertad de expresión), democracia y Estado de "
         "derecho (transparencia, lucha contra la corrupción)."),
    ),
    (
        ("Peace and security", "Paix et sécurité", "Paz y seguridad"),
        ("Conflict prevention, youth and crime, crime reduction, professionalization of police forces.",
         "Prévention des conflits, jeunesse et criminalité, réduction de la criminalité, "
         "professionnalisation des forces policières.",
         "Prevención de conflictos, juventud y delincuencia, reducción de la delincuencia, "
         "profesionalización de las fuerzas policiales."),
    ),
    (
        ("Growth that works for everyone", "Croissance au service de tous",
         "Crecimiento que beneficia a todas las personas"),
        ("Women's economic rights, decent jobs and entrepreneurship, investing in the poorest and "
         "most vulnerable, safeguarding economic gains.",
         "Droits économiques des femmes, emplois décents et entrepreneuriat, investissement auprès "
         "des plus pauvres et des plus vulnérables, protection des acquis économiques.",
         "Derechos económicos de las mujeres, empleo digno y emprendimiento, inversión en las "
         "personas más pobres y vulnerables, protección de los logros económicos."),
    ),
    (
        ("Human dignity", "Dignité humaine", "Dignidad humana"),
        ("Health, education, nutrition.", "Santé, éducation, nutrition.",
         "Salud, educación, nutrición."),
    ),
    (
        ("Environment and climate action", "Environnement et action pour le climat",
         "Medio ambiente y acción por el clima"),
        ("Adaptation, mitigation, water management.",
         "Adaptation, atténuation, gestion de l’eau.",
         "Adaptación, mitigación, gestión del agua."),
    ),
]  # fmt: skip

SUB_THEMES = [
    ("Agriculture", "Agriculture", "Agricultura"),
    ("Clean energy", "Énergie propre", "Energía limpia"),
    ("Climate change", "Changements climatiques", "Cambio climático"),
    ("Water", "Eau", "Agua"),
    ("Anti-corruption", "Lutte contre la corruption", "Lucha contra la corrupción"),
    ("Countering violent extremism", "Lutte contre l’extrémisme violent", "Prevención del extremismo violento"),
    ("Mediation and peacebuilding", "Médiation et consolidation de la paix", "Mediación y consolidación de la paz"),
    ("Religious freedom", "Liberté de religion", "Libertad religiosa"),
    ("Freedom of speech and of the press", "Liberté d’expression et de la presse", "Libertad de expresión y de prensa"),
    ("Human trafficking", "Traite des personnes", "Trata de personas"),
    ("Gender equality", "Égalité des genres", "Igualdad de género"),
    ("Child, early and forced marriage", "Mariages d’enfants, précoces et forcés", "Matrimonio infantil, precoz y forzado"),
    ("Sexual and gender-based violence", "Violence sexuelle et fondée sur le genre", "Violencia sexual y de género"),
    ("Disability", "Handicap", "Discapacidad"),
    ("Health", "Santé", "Salud"),
    ("Maternal, newborn and child health", "Santé des mères, des nouveau-nés et des enfants", "Salud materna, neonatal e infantil"),
    ("Sexual and reproductive health and rights", "Santé et droits sexuels et reproductifs", "Salud y derechos sexuales y reproductivos"),
    ("Nutrition", "Nutrition", "Nutrición"),
    ("Education", "Éducation", "Educación"),
    ("Democracy", "Démocratie", "Democracia"),
    ("Governance", "Gouvernance", "Gobernanza"),
    ("Human rights", "Droits de la personne", "Derechos humanos"),
    ("Indigenous issues", "Questions autochtones", "Asuntos indígenas"),
    ("2SLGBTQI+ rights", "Droits des personnes 2ELGBTQI+", "Derechos de las personas 2SLGBTQI+"),
    ("Rule of law", "Primauté du droit", "Estado de derecho"),
    ("Migration and refugees", "Migration et réfugiés", "Migración y personas refugiadas"),
    ("Elections", "Élections", "Elecciones"),
    ("Diversity and inclusion", "Diversité et inclusion", "Diversidad e inclusión"),
    ("Sustainable economic growth", "Croissance économique durable", "Crecimiento económico sostenible"),
    ("Women's economic empowerment", "Autonomisation économique des femmes", "Empoderamiento económico de las mujeres"),
    ("Corporate social responsibility", "Responsabilité sociale des entreprises", "Responsabilidad social empresarial"),
]  # fmt: skip

# The mission's focus for each priority area (same order as PRIORITY_AREAS), in en/fr/es.
FOCUS = [
    ("Projects led by women's organizations that protect women human-rights defenders and prevent gender-based violence.",
     "Des projets menés par des organisations de femmes qui protègent les défenseuses des droits de la personne et préviennent la violence fondée sur le genre.",
     "Proyectos dirigidos por organizaciones de mujeres que protegen a las defensoras de derechos humanos y previenen la violencia de género."),
    ("Projects that protect journalists and human-rights defenders and support Indigenous peoples' say in local decisions.",
     "Des projets qui protègent les journalistes et les défenseurs des droits de la personne et renforcent la voix des peuples autochtones dans les décisions locales.",
     "Proyectos que protegen a periodistas y personas defensoras de derechos humanos y fortalecen la voz de los pueblos indígenas en las decisiones locales."),
    ("Youth-led prevention of violence and crime in urban neighbourhoods.",
     "La prévention de la violence et de la criminalité menée par les jeunes dans les quartiers urbains.",
     "Prevención de la violencia y la delincuencia impulsada por jóvenes en barrios urbanos."),
    ("Women's economic autonomy: cooperatives, savings groups and access to markets.",
     "L’autonomie économique des femmes : coopératives, groupes d’épargne et accès aux marchés.",
     "Autonomía económica de las mujeres: cooperativas, grupos de ahorro y acceso a mercados."),
    ("Access to health care and schooling for Indigenous and rural girls.",
     "L’accès aux soins de santé et à l’école pour les filles autochtones et rurales.",
     "Acceso a la salud y a la escuela para niñas indígenas y rurales."),
    ("Community water management and climate adaptation led by local organizations.",
     "La gestion communautaire de l’eau et l’adaptation aux changements climatiques menées par des organisations locales.",
     "Gestión comunitaria del agua y adaptación al cambio climático lideradas por organizaciones locales."),
]  # fmt: skip

# demo user → (mission's English name, role)
STAFF = [
    ("officer.mexico@cfli.example", "Embassy of Canada to Mexico", MissionStaff.Role.PROGRAM_OFFICER),
    ("reviewer.mexico@cfli.example", "Embassy of Canada to Mexico", MissionStaff.Role.REVIEWER),
    ("reviewer2.mexico@cfli.example", "Embassy of Canada to Mexico", MissionStaff.Role.REVIEWER),
    ("approver.mexico@cfli.example", "Embassy of Canada to Mexico", MissionStaff.Role.APPROVER),
    ("officer.colombia@cfli.example", "Embassy of Canada to Colombia", MissionStaff.Role.PROGRAM_OFFICER),
    ("reviewer.colombia@cfli.example", "Embassy of Canada to Colombia", MissionStaff.Role.REVIEWER),
]  # fmt: skip

ALL_ORGANIZATION_TYPES = [kind.value for kind in OrganizationType]

# CAD for one unit of each demo mission's currency (late 2026, rounded).
EXCHANGE_RATES = {"MXN": Decimal("0.0752"), "COP": Decimal("0.000342")}


def _local(zone: str, day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))


def _calls_for(mission: Mission, today: date) -> list[dict]:
    """An open call closing in four weeks, one opening in six weeks and one closed last year."""
    zone = mission.time_zone
    country = mission.name_en.split(" to ")[-1]  # type: ignore[attr-defined]  # a modeltranslation column
    fiscal_year = fiscal_year_of(today)
    mexico = country == "Mexico"
    common = {
        "accepted_languages": mission.proposal_languages,
        "eligible_organization_types": ALL_ORGANIZATION_TYPES,
        "registration_proof_required": True,
        "registration_waiver_allowed": True,
        "required_attachments": ["budget", "registration", "support_letters"],
    }
    amounts = (
        {
            "typical_min_amount": Decimal("30000"),
            "typical_max_amount": Decimal("45000"),
            "maximum_amount": Decimal("100000"),
            "admin_cost_cap_percent": Decimal("15"),
        }
        if mexico
        else {
            "typical_min_amount": Decimal("24000"),
            "typical_max_amount": Decimal("50000"),
            "maximum_amount": Decimal("60000"),
            "admin_cost_cap_percent": Decimal("20"),
        }
    )
    return [
        {
            **common,
            **amounts,
            "fiscal_year": fiscal_year,
            "title_en": f"CFLI {fiscal_year}-{(fiscal_year + 1) % 100:02d} call for proposals — {country}",
            "title_fr": f"Appel de propositions du FCIL {fiscal_year}-{(fiscal_year + 1) % 100:02d} — {mission.name_fr.split(' ', 4)[-1]}",  # type: ignore[attr-defined]  # a modeltranslation column
            "title_es": f"Convocatoria FCIL {fiscal_year}-{(fiscal_year + 1) % 100:02d} — {mission.name_es.split(' en ')[-1]}",  # type: ignore[attr-defined]  # a modeltranslation column
            "guidance_en": "Projects must be designed by local partners, last no longer than the fiscal year and reach women and girls in particular.",
            "guidance_fr": "Les projets doivent être conçus par des partenaires locaux, durer au plus un exercice financier et bénéficier en particulier aux femmes et aux filles.",
            "guidance_es": "Los proyectos deben ser diseñados por socios locales, durar como máximo un año fiscal y beneficiar en particular a las mujeres y las niñas.",
            "opens_at": _local(zone, today - timedelta(days=14), 9),
            "closes_at": _local(zone, today + timedelta(days=28), 23, 59).replace(second=59, microsecond=999999),
            "budget_envelope": Decimal("450000") if mexico else Decimal("300000"),
            # Mid-February, or later when seeded so late in the year that the call would close
            # after it: projects must be able to end after the deadline (Call.clean).
            "latest_end_date": max(date(fiscal_year + 1, 2, 15), today + timedelta(days=60)),
            "multi_year_allowed": today + timedelta(days=60) > date(fiscal_year + 1, 3, 31),
            "published": True,
            "priorities": [0, 1, 5] if mexico else [0, 2, 3],
        },
        {
            **common,
            **amounts,
            "fiscal_year": fiscal_year + 1,
            "title_en": f"CFLI {fiscal_year + 1}-{(fiscal_year + 2) % 100:02d} call for proposals — {country}",
            "title_fr": f"Appel de propositions du FCIL {fiscal_year + 1}-{(fiscal_year + 2) % 100:02d} — {mission.name_fr.split(' ', 4)[-1]}",  # type: ignore[attr-defined]  # a modeltranslation column
            "title_es": f"Convocatoria FCIL {fiscal_year + 1}-{(fiscal_year + 2) % 100:02d} — {mission.name_es.split(' en ')[-1]}",  # type: ignore[attr-defined]  # a modeltranslation column
            "guidance_en": "Next fiscal year's call: read the priorities now and prepare your partners.",
            "guidance_fr": "Appel du prochain exercice financier : prenez connaissance des priorités et préparez vos partenaires dès maintenant.",
            "guidance_es": "Convocatoria del próximo año fiscal: conozca ya las prioridades y prepare a sus socios.",
            "opens_at": _local(zone, today + timedelta(days=42), 9),
            "closes_at": _local(zone, today + timedelta(days=98), 23, 59).replace(second=59, microsecond=999999),
            "budget_envelope": Decimal("500000") if mexico else Decimal("320000"),
            "latest_end_date": date(fiscal_year + 2, 2, 28),
            "published": True,
            "priorities": [0, 1, 4] if mexico else [0, 1, 5],
        },
        {
            **common,
            **amounts,
            "fiscal_year": fiscal_year - 1,
            "title_en": f"CFLI {fiscal_year - 1}-{fiscal_year % 100:02d} call for proposals — {country}",
            "title_fr": f"Appel de propositions du FCIL {fiscal_year - 1}-{fiscal_year % 100:02d} — {mission.name_fr.split(' ', 4)[-1]}",  # type: ignore[attr-defined]  # a modeltranslation column
            "title_es": f"Convocatoria FCIL {fiscal_year - 1}-{fiscal_year % 100:02d} — {mission.name_es.split(' en ')[-1]}",  # type: ignore[attr-defined]  # a modeltranslation column
            "guidance_en": "This call is closed.",
            "guidance_fr": "Cet appel est clos.",
            "guidance_es": "Esta convocatoria está cerrada.",
            "opens_at": _local(zone, date(fiscal_year - 1, 9, 1), 9),
            "closes_at": _local(zone, date(fiscal_year - 1, 10, 31), 23, 59).replace(second=59, microsecond=999999),
            "budget_envelope": Decimal("400000") if mexico else Decimal("280000"),
            "latest_end_date": date(fiscal_year, 2, 15),
            "published": True,
            "priorities": [0, 1, 2],
        },
    ]  # fmt: skip


@transaction.atomic
def seed() -> list[str]:
    """Create what is missing; what exists (even if edited since) is left as it is."""
    lines = []
    missions = {}
    for names, kind, city, countries, zone, languages, currency, code in MISSIONS:
        mission = Mission.objects.filter(name_en=names[0]).first()
        if mission is None:
            # countries is django-countries' list of codes; its field is typed as one string.
            mission = Mission.objects.create(  # type: ignore[misc]
                name_en=names[0], name_fr=names[1], name_es=names[2], kind=kind, city=city,
                countries=countries, time_zone=zone, proposal_languages=languages,
                contact_email=f"cfli.{countries[0].lower()}@cfli.example", local_currency=currency,
                code=code,
            )  # fmt: skip
            lines.append(f"created mission {names[0]}")
        missions[names[0]] = mission

    areas = []
    for position, (names, descriptions) in enumerate(PRIORITY_AREAS, start=1):
        area = PriorityArea.objects.filter(position=position, name_en=names[0]).first()
        if area is None:
            area = PriorityArea.objects.create(
                position=position, name_en=names[0], name_fr=names[1], name_es=names[2],
                description_en=descriptions[0], description_fr=descriptions[1],
                description_es=descriptions[2],
            )  # fmt: skip
            lines.append(f"created priority area {names[0]}")
        areas.append(area)

    for position, names in enumerate(SUB_THEMES, start=1):
        _theme, created = SubTheme.objects.get_or_create(
            name_en=names[0],
            defaults={"position": position, "name_fr": names[1], "name_es": names[2]},
        )
        if created:
            lines.append(f"created sub-theme {names[0]}")

    users = User.objects.in_bulk([email for email, _mission, _role in STAFF], field_name="email")
    for email, mission_name, role in STAFF:
        if email in users:
            _staff, created = MissionStaff.objects.get_or_create(
                user=users[email], mission=missions[mission_name], role=role
            )
            if created:
                lines.append(f"gave {email} the role {role} at {mission_name}")

    today = timezone.localdate()
    for mission_name in ("Embassy of Canada to Mexico", "Embassy of Canada to Colombia"):
        mission = missions[mission_name]
        for spec in _calls_for(mission, today):
            if Call.objects.filter(mission=mission, fiscal_year=spec["fiscal_year"]).exists():
                continue
            priorities = spec.pop("priorities")
            published = spec.pop("published")
            call = Call.objects.create(
                mission=mission,
                published_at=timezone.now() if published else None,
                exchange_rate=EXCHANGE_RATES[mission.local_currency],
                **spec,
            )
            for index in priorities:
                CallPriority.objects.create(
                    call=call,
                    priority_area=areas[index],
                    is_preferred=index == 0,
                    focus_en=FOCUS[index][0],
                    focus_fr=FOCUS[index][1],
                    focus_es=FOCUS[index][2],
                )
            lines.append(f"created call {call.title_en}")  # type: ignore[attr-defined]  # a modeltranslation column
    return lines
