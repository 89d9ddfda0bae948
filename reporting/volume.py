"""Volume for benchmarks and dashboards: thousands of realistic submitted proposals.

`volume_seed` adds proposals in every state of the review to the demo's missions (created when
missing), on several calls per mission over the last fiscal years, from organizations of every
kind. Their texts are composed in English, French and Spanish from phrases about the CFLI's
priority areas, so full-text search finds real words; amounts, dates, beneficiaries and the
review's records (screenings, reviews, summaries, decisions) agree with each proposal's state.

It writes with `bulk_create`, one transaction per batch, and bypasses the services on purpose:
no notification is queued, no e-mail is sent and no audit event is written per row (one audit
event records the run). References come from the same locked `ReferenceSequence` rows as real
submissions, so a proposal submitted later never collides with a seeded one; approvals are
counted against each call's envelope under a lock on the call, as `decision_approve` does.
A second run adds more proposals (and organizations); it never changes what exists.
"""

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Membership, Organization, User
from core.services import audit_record
from programs import demo as programs_demo
from programs.models import (
    Call,
    CallPriority,
    Mission,
    MissionStaff,
    PriorityArea,
    SubTheme,
    fiscal_year_label,
)
from proposals.budget import money
from proposals.models import (
    BudgetLine,
    GeCode,
    InformationRequest,
    Proposal,
    ProposalActivity,
    ProposalEvent,
    ProposalResult,
    ReferenceSequence,
)
from reviews import scoring
from reviews.eligibility import CHECKS
from reviews.models import (
    Decision,
    Review,
    ReviewAssignment,
    ReviewSummary,
    Screening,
)
from reviews.services import review_settings_for

Status = Proposal.Status
LANGUAGES = ("en", "fr", "es")
DOMAIN = "volume.cfli.example"

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


def _profile_of(mission: Mission) -> MissionProfile:
    """A mission outside the demo's (chosen with --missions) gets a neutral profile."""
    if mission.code in PROFILES:
        return PROFILES[mission.code]
    languages = [code for code in mission.proposal_languages if code in LANGUAGES] or ["en"]
    country = str(mission.countries[0].code) if mission.countries else "CA"
    return MissionProfile(
        10, dict.fromkeys(languages, 1), 300_000, (20_000, 50_000), 100_000, 15, "1",
        (mission.name_en or mission.name,) * 3, ((mission.city, mission.city, country),),
    )  # fmt: skip


# --- Phrase banks ----------------------------------------------------------------------------
# Templates take {city}, {region}, {n} (a count), {group} and {topic}; unused ones are ignored.


@dataclass(frozen=True)
class Theme:
    key: str
    areas: tuple[int, ...]  # positions in programs.demo.PRIORITY_AREAS (0 = gender equality)
    sub_themes: tuple[str, ...]  # English names of programs.demo.SUB_THEMES
    identity_factors: tuple[str, ...]
    profile: str  # who the direct beneficiaries are: women, girls, youth or mixed
    gender_focus: bool  # gender equality is the principal objective more often than not
    text: dict[str, dict]


THEMES = (
    Theme("defenders", (0, 1), ("Human rights", "Sexual and gender-based violence", "Rule of law"),
          ("indigenous",), "women", True, {
        "es": {
            "titles": ("Red de defensoras comunitarias de {region}",
                       "Protección integral para defensoras de derechos humanos en {city}",
                       "Mujeres defensoras del territorio y el agua en {region}"),
            "context": (
                "En {region}, las mujeres que defienden el territorio, el agua y los derechos de "
                "sus comunidades enfrentan amenazas, difamación y exclusión de las asambleas. En "
                "los últimos dos años se documentaron {n} agresiones contra defensoras en la zona "
                "de {city}; pocas cuentan con un plan de protección o acompañamiento jurídico en "
                "su lengua.",
                "Las defensoras de derechos humanos de {city} denuncian hostigamiento, campañas "
                "de desprestigio y violencia sexual como forma de castigo. Las instituciones "
                "locales de protección no tienen personal capacitado ni protocolos con enfoque de "
                "género e interculturalidad."),
            "objectives": (
                "Que {n} defensoras de {region} cuenten con planes de protección, una red de "
                "alerta temprana y acompañamiento jurídico, y participen con voz propia en las "
                "asambleas comunitarias.",
                "Fortalecer la seguridad integral y la incidencia de {n} defensoras de derechos "
                "humanos de {city} ante las autoridades municipales y estatales."),
            "group": "defensoras de derechos humanos",
            "topic": "la protección de las defensoras de derechos humanos",
            "outcome": "Las defensoras participantes aplican planes de protección y activan la "
                       "red de alerta ante agresiones.",
            "output": "Planes de protección elaborados y una red de alerta temprana en "
                      "funcionamiento.",
            "indicator": "Número de defensoras con plan de protección vigente",
            "organizations": ("Red de Defensoras Comunitarias de {region}",
                              "Colectiva de Mujeres Defensoras de {city}"),
        },
        "fr": {
            "titles": ("Réseau de défenseures des droits de la personne à {city}",
                       "Protection intégrale des défenseures des droits humains — {region}",
                       "Femmes défenseures de la terre et de l’eau à {city}"),
            "context": (
                "Dans la région de {city} ({region}), les femmes qui défendent la terre, l’eau "
                "et les droits de leurs communautés subissent menaces, diffamation et exclusion "
                "des assemblées. {n} agressions contre des défenseures ont été documentées ces "
                "deux dernières années ; rares sont celles qui disposent d’un plan de protection "
                "ou d’un accompagnement juridique.",
                "Les défenseures des droits de la personne de {city} dénoncent le harcèlement, "
                "les campagnes de dénigrement et la violence sexuelle utilisée comme punition. "
                "Les institutions locales de protection n’ont ni personnel formé ni protocole "
                "tenant compte du genre."),
            "objectives": (
                "Doter {n} défenseures de {city} de plans de protection, d’un réseau d’alerte "
                "précoce et d’un accompagnement juridique, et renforcer leur voix dans les "
                "assemblées communautaires.",
                "Renforcer la sécurité et le plaidoyer de {n} défenseures des droits de la "
                "personne de la région de {city} auprès des autorités locales."),
            "group": "défenseures des droits de la personne",
            "topic": "la protection des défenseures des droits de la personne",
            "outcome": "Les défenseures participantes appliquent leur plan de protection et "
                       "déclenchent le réseau d’alerte en cas d’agression.",
            "output": "Plans de protection élaborés et réseau d’alerte précoce opérationnel.",
            "indicator": "Nombre de défenseures disposant d’un plan de protection à jour",
            "organizations": ("Réseau des défenseures de {city}",
                              "Collectif des femmes pour les droits humains — {region}"),
        },
        "en": {
            "titles": ("Community network of women human-rights defenders in {region}",
                       "Protecting women human-rights defenders in {city}",
                       "Women defending land and water in {region}"),
            "context": (
                "In {region}, women who defend land, water and their communities' rights face "
                "threats, smear campaigns and exclusion from community decision-making. {n} "
                "attacks on women defenders were documented around {city} in the last two years; "
                "few have a protection plan or legal support.",
                "Women human-rights defenders in {city} report harassment, online smear campaigns "
                "and sexual violence used as punishment. Local protection bodies have neither "
                "trained staff nor gender-responsive protocols."),
            "objectives": (
                "{n} women human-rights defenders in {region} have protection plans, an "
                "early-warning network and legal support, and speak with their own voice in "
                "community meetings.",
                "Strengthen the safety and advocacy of {n} women human-rights defenders in {city} "
                "before municipal and national authorities."),
            "group": "women human-rights defenders",
            "topic": "the protection of women human-rights defenders",
            "outcome": "Participating defenders apply their protection plans and activate the "
                       "early-warning network when attacked.",
            "output": "Protection plans drafted and an early-warning network running.",
            "indicator": "Number of defenders with an up-to-date protection plan",
            "organizations": ("{region} Women Defenders Network",
                              "{city} Women's Rights Collective"),
        },
    }),
    Theme("indigenous_youth", (1, 4), ("Indigenous issues", "Education", "Diversity and inclusion"),
          ("indigenous",), "youth", False, {
        "es": {
            "titles": ("Escuela de liderazgo para juventudes indígenas de {region}",
                       "Jóvenes indígenas de {city} en la toma de decisiones comunitarias",
                       "Radio comunitaria juvenil en lenguas originarias — {city}"),
            "context": (
                "En {region}, las y los jóvenes indígenas tienen pocas oportunidades de participar "
                "en las decisiones de sus comunidades y de los municipios. Muchas jóvenes "
                "abandonan la escuela antes de los 15 años y la migración vacía las comunidades "
                "de {city}.",
                "La discriminación, la falta de educación en su lengua y la ausencia de espacios "
                "propios alejan a las juventudes indígenas de {city} de la vida pública; solo {n} "
                "jóvenes ocupan hoy un cargo comunitario."),
            "objectives": (
                "Que {n} jóvenes indígenas, la mitad mujeres, adquieran herramientas de liderazgo "
                "y presenten propuestas a sus asambleas y ayuntamientos.",
                "Fortalecer la identidad, la lengua y la participación política de {n} jóvenes "
                "indígenas de {region}."),
            "group": "jóvenes indígenas",
            "topic": "la participación de las juventudes indígenas",
            "outcome": "Las y los jóvenes participantes presentan propuestas ante sus asambleas "
                       "comunitarias.",
            "output": "Escuela de liderazgo impartida en lengua originaria y en español.",
            "indicator": "Número de propuestas juveniles presentadas a las asambleas",
            "organizations": ("Colectivo de Juventudes Indígenas de {region}",
                              "Jóvenes Tejiendo Comunidad de {city}"),
        },
        "fr": {
            "titles": ("École de leadership pour les jeunes autochtones de {city}",
                       "Les jeunes autochtones de {region} dans les décisions communautaires",
                       "Radio communautaire des jeunes en langues autochtones — {city}"),
            "context": (
                "À {city}, les jeunes autochtones ont peu d’occasions de participer aux décisions "
                "de leurs communautés et des municipalités. Beaucoup de jeunes filles quittent "
                "l’école avant 15 ans et la migration vide les villages de la région ({region}).",
                "La discrimination, l’absence d’enseignement dans leur langue et le manque "
                "d’espaces à eux éloignent les jeunes autochtones de {city} de la vie publique ; "
                "seuls {n} jeunes occupent aujourd’hui une charge communautaire."),
            "objectives": (
                "{n} jeunes autochtones, dont la moitié de jeunes femmes, acquièrent des outils de "
                "leadership et présentent des propositions à leurs assemblées et à leur mairie.",
                "Renforcer l’identité, la langue et la participation politique de {n} jeunes "
                "autochtones de la région de {city}."),
            "group": "jeunes autochtones",
            "topic": "la participation des jeunes autochtones",
            "outcome": "Les jeunes participants présentent des propositions à leurs assemblées "
                       "communautaires.",
            "output": "École de leadership donnée en langue autochtone et en français.",
            "indicator": "Nombre de propositions des jeunes présentées aux assemblées",
            "organizations": ("Collectif des jeunes autochtones de {city}",
                              "Jeunesse en action — {region}"),
        },
        "en": {
            "titles": ("Leadership school for Indigenous youth in {region}",
                       "Indigenous young people in community decisions in {city}",
                       "Youth community radio in Indigenous languages — {city}"),
            "context": (
                "In {region}, Indigenous young people have few chances to take part in the "
                "decisions of their communities and municipalities. Many girls leave school "
                "before 15, and migration is emptying the villages around {city}.",
                "Discrimination, no schooling in their own language and no spaces of their own "
                "keep Indigenous youth in {city} out of public life; only {n} young people hold a "
                "community office today."),
            "objectives": (
                "{n} Indigenous young people, half of them young women, gain leadership skills "
                "and present proposals to their assemblies and town councils.",
                "Strengthen the identity, language and political participation of {n} Indigenous "
                "young people in {region}."),
            "group": "Indigenous young people",
            "topic": "the participation of Indigenous youth",
            "outcome": "Participating young people present proposals to their community "
                       "assemblies.",
            "output": "Leadership school delivered in the Indigenous language and in English.",
            "indicator": "Number of youth proposals presented to assemblies",
            "organizations": ("{region} Indigenous Youth Collective",
                              "{city} Youth Weaving Community"),
        },
    }),
    Theme("water", (5, 3), ("Water", "Agriculture", "Climate change"), (), "mixed", False, {
        "es": {
            "titles": ("Cooperativa comunitaria de agua potable en {city}",
                       "Gestión comunitaria del agua con mujeres de {region}",
                       "Captación de agua de lluvia para familias campesinas de {city}"),
            "context": (
                "En {city}, {n} familias dependen de pozos contaminados y de pipas de agua cada "
                "vez más caras. Las mujeres y las niñas dedican hasta tres horas al día a acarrear "
                "agua, y la cooperativa local no tiene los recursos para ampliar la red.",
                "La sequía prolongada en {region} redujo el caudal de los manantiales; la "
                "cooperativa de agua de {city} no puede garantizar el servicio y las decisiones "
                "sobre el agua siguen en manos de los hombres."),
            "objectives": (
                "Asegurar el acceso a agua potable para {n} familias de {city} mediante una "
                "cooperativa comunitaria con dirección paritaria.",
                "Que la cooperativa de agua de {city} mejore su gestión, incluya a mujeres en su "
                "consejo y proteja los manantiales de {region}."),
            "group": "familias socias de la cooperativa de agua",
            "topic": "la gestión comunitaria del agua",
            "outcome": "Las familias participantes acceden a agua potable todo el año.",
            "output": "Sistema de captación y red de distribución instalados y en "
                      "funcionamiento.",
            "indicator": "Porcentaje de hogares con acceso a agua potable",
            "organizations": ("Cooperativa de Agua Potable de {city}",
                              "Comité Comunitario del Agua de {region}"),
        },
        "fr": {
            "titles": ("Coopérative communautaire d’eau potable à {city}",
                       "Gestion communautaire de l’eau avec les femmes de {city}",
                       "Récupération des eaux de pluie pour les familles paysannes — {region}"),
            "context": (
                "À {city}, {n} familles dépendent de puits contaminés et de camions-citernes de "
                "plus en plus chers. Les femmes et les filles consacrent jusqu’à trois heures par "
                "jour à la corvée d’eau, et la coopérative locale n’a pas les moyens d’étendre le "
                "réseau.",
                "La sécheresse prolongée dans la région ({region}) a réduit le débit des sources ; "
                "la coopérative d’eau de {city} ne peut plus assurer le service et les décisions "
                "sur l’eau restent aux mains des hommes."),
            "objectives": (
                "Garantir l’accès à l’eau potable à {n} familles de {city} grâce à une coopérative "
                "communautaire dirigée à parité.",
                "Améliorer la gestion de la coopérative d’eau de {city}, y faire entrer des femmes "
                "au conseil et protéger les sources de la région."),
            "group": "familles membres de la coopérative d’eau",
            "topic": "la gestion communautaire de l’eau",
            "outcome": "Les familles participantes ont accès à l’eau potable toute l’année.",
            "output": "Système de captage et réseau de distribution installés et fonctionnels.",
            "indicator": "Pourcentage des ménages ayant accès à l’eau potable",
            "organizations": ("Coopérative d’eau potable de {city}",
                              "Comité communautaire de l’eau — {region}"),
        },
        "en": {
            "titles": ("Community drinking-water cooperative in {city}",
                       "Community water management with women in {region}",
                       "Rainwater harvesting for farming families in {city}"),
            "context": (
                "In {city}, {n} families depend on contaminated wells and increasingly expensive "
                "water trucks. Women and girls spend up to three hours a day fetching water, and "
                "the local cooperative cannot afford to extend the network.",
                "A long drought in {region} has reduced the flow of the springs; the {city} water "
                "cooperative can no longer guarantee supply, and decisions about water remain in "
                "men's hands."),
            "objectives": (
                "Secure drinking water for {n} families in {city} through a community cooperative "
                "led equally by women and men.",
                "Improve the management of the {city} water cooperative, bring women onto its "
                "board and protect the springs of {region}."),
            "group": "member families of the water cooperative",
            "topic": "community water management",
            "outcome": "Participating families have drinking water all year round.",
            "output": "Harvesting system and distribution network installed and working.",
            "indicator": "Share of households with access to drinking water",
            "organizations": ("{city} Community Water Cooperative",
                              "{region} Water Users' Association"),
        },
    }),
    Theme("journalists", (1,), ("Freedom of speech and of the press", "Human rights",
                                "Anti-corruption"), (), "mixed", False, {
        "es": {
            "titles": ("Protección de periodistas y libertad de expresión en {region}",
                       "Periodismo de investigación local contra la corrupción en {city}",
                       "Red de mujeres periodistas de {region}"),
            "context": (
                "{region} es una de las zonas más peligrosas para ejercer el periodismo: en los "
                "últimos años {n} periodistas fueron amenazados o agredidos por su trabajo. Las "
                "mujeres periodistas enfrentan además acoso en línea y violencia sexual.",
                "Los medios comunitarios de {city} cubren la corrupción local sin formación en "
                "seguridad digital ni respaldo jurídico; la autocensura crece y la población "
                "pierde acceso a información confiable."),
            "objectives": (
                "Que {n} periodistas de {region}, la mayoría mujeres, cuenten con protocolos de "
                "seguridad física y digital, asesoría jurídica y una red de apoyo mutuo.",
                "Fortalecer el periodismo de investigación de {n} comunicadoras y comunicadores "
                "de {city} sobre transparencia y uso de recursos públicos."),
            "group": "periodistas y comunicadores comunitarios",
            "topic": "la libertad de expresión y la seguridad de periodistas",
            "outcome": "Las y los periodistas participantes aplican protocolos de seguridad y "
                       "publican investigaciones sin agresiones.",
            "output": "Protocolo de seguridad física y digital adoptado por los medios "
                      "participantes.",
            "indicator": "Número de medios con protocolo de seguridad adoptado",
            "organizations": ("Asociación de Periodistas de {region}",
                              "Red de Comunicadoras Comunitarias de {city}"),
        },
        "fr": {
            "titles": ("Protection des journalistes et liberté d’expression — {region}",
                       "Journalisme d’enquête local contre la corruption à {city}",
                       "Réseau des femmes journalistes de {city}"),
            "context": (
                "Exercer le journalisme dans la région de {city} est devenu dangereux : {n} "
                "journalistes ont été menacés ou agressés ces dernières années. Les femmes "
                "journalistes subissent en plus le harcèlement en ligne et la violence sexuelle.",
                "Les médias communautaires de {city} couvrent la corruption locale sans formation "
                "en sécurité numérique ni soutien juridique ; l’autocensure progresse et la "
                "population perd l’accès à une information fiable."),
            "objectives": (
                "{n} journalistes de la région ({region}), majoritairement des femmes, disposent "
                "de protocoles de sécurité physique et numérique, d’un appui juridique et d’un "
                "réseau d’entraide.",
                "Renforcer le journalisme d’enquête de {n} journalistes de {city} sur la "
                "transparence et l’usage des fonds publics."),
            "group": "journalistes et communicateurs communautaires",
            "topic": "la liberté d’expression et la sécurité des journalistes",
            "outcome": "Les journalistes participants appliquent des protocoles de sécurité et "
                       "publient leurs enquêtes sans être agressés.",
            "output": "Protocole de sécurité physique et numérique adopté par les médias "
                      "participants.",
            "indicator": "Nombre de médias ayant adopté un protocole de sécurité",
            "organizations": ("Association des journalistes de {city}",
                              "Réseau des femmes journalistes — {region}"),
        },
        "en": {
            "titles": ("Protecting journalists and freedom of expression in {region}",
                       "Local investigative journalism against corruption in {city}",
                       "Network of women journalists in {region}"),
            "context": (
                "{region} has become dangerous for journalists: {n} reporters were threatened or "
                "attacked for their work in recent years. Women journalists also face online "
                "harassment and sexual violence.",
                "Community media in {city} cover local corruption with no training in digital "
                "security and no legal backing; self-censorship is growing and people are losing "
                "access to reliable information."),
            "objectives": (
                "{n} journalists in {region}, most of them women, have physical and digital "
                "safety protocols, legal advice and a mutual-support network.",
                "Strengthen the investigative reporting of {n} community journalists in {city} on "
                "transparency and the use of public funds."),
            "group": "journalists and community communicators",
            "topic": "freedom of expression and the safety of journalists",
            "outcome": "Participating journalists apply safety protocols and publish "
                       "investigations without being attacked.",
            "output": "Physical and digital safety protocol adopted by the participating media.",
            "indicator": "Number of media outlets with a safety protocol",
            "organizations": ("{region} Press Association", "{city} Community Media Network"),
        },
    }),
    Theme("climate", (5,), ("Climate change", "Agriculture", "Clean energy"), (), "mixed", False, {
        "es": {
            "titles": ("Adaptación al cambio climático con productoras de {region}",
                       "Huertos resilientes y semillas nativas en {city}",
                       "Alerta temprana comunitaria ante huracanes e inundaciones en {city}"),
            "context": (
                "Las sequías y las lluvias torrenciales cada vez más frecuentes en {region} "
                "destruyen las cosechas de maíz y frijol. En {city}, las productoras no tienen "
                "títulos de tierra ni acceso a crédito para adaptarse.",
                "En la temporada de huracanes de los últimos años, {n} familias de {city} "
                "perdieron sus cultivos y sus viviendas; no existe un sistema de alerta temprana y "
                "las mujeres quedan fuera de los comités de protección civil."),
            "objectives": (
                "Que {n} productoras de {city} adopten prácticas agroecológicas de adaptación al "
                "cambio climático y recuperen semillas nativas resistentes a la sequía.",
                "Instalar un sistema comunitario de alerta temprana en {city} con comités "
                "paritarios y planes familiares de emergencia para {n} hogares."),
            "group": "productoras y familias campesinas",
            "topic": "la adaptación al cambio climático",
            "outcome": "Las familias participantes reducen sus pérdidas de cosecha ante sequías y "
                       "lluvias extremas.",
            "output": "Parcelas demostrativas agroecológicas y banco de semillas nativas "
                      "establecidos.",
            "indicator": "Porcentaje de parcelas con prácticas de adaptación",
            "organizations": ("Unión de Productoras Agroecológicas de {region}",
                              "Red Campesina por el Clima de {city}"),
        },
        "fr": {
            "titles": ("Adaptation aux changements climatiques avec les productrices de {city}",
                       "Jardins résilients et semences locales à {city}",
                       "Alerte précoce communautaire face aux ouragans et aux inondations — "
                       "{region}"),
            "context": (
                "Les sécheresses et les pluies torrentielles, de plus en plus fréquentes dans la "
                "région ({region}), détruisent les récoltes de maïs et de haricots. À {city}, les "
                "productrices n’ont ni titre foncier ni accès au crédit pour s’adapter.",
                "Pendant les dernières saisons cycloniques, {n} familles de {city} ont perdu leurs "
                "cultures et leur maison ; il n’existe aucun système d’alerte précoce et les "
                "femmes sont absentes des comités de protection civile."),
            "objectives": (
                "{n} productrices de {city} adoptent des pratiques agroécologiques d’adaptation "
                "aux changements climatiques et retrouvent des semences locales résistantes à la "
                "sécheresse.",
                "Installer à {city} un système communautaire d’alerte précoce, avec des comités "
                "paritaires et des plans familiaux d’urgence pour {n} ménages."),
            "group": "productrices et familles paysannes",
            "topic": "l’adaptation aux changements climatiques",
            "outcome": "Les familles participantes réduisent leurs pertes de récolte lors des "
                       "sécheresses et des pluies extrêmes.",
            "output": "Parcelles de démonstration agroécologiques et banque de semences locales "
                      "établies.",
            "indicator": "Pourcentage des parcelles appliquant des pratiques d’adaptation",
            "organizations": ("Union des productrices agroécologiques de {city}",
                              "Réseau paysan pour le climat — {region}"),
        },
        "en": {
            "titles": ("Climate adaptation with women farmers in {region}",
                       "Resilient gardens and native seeds in {city}",
                       "Community early warning for hurricanes and floods in {city}"),
            "context": (
                "Droughts and torrential rains, ever more frequent in {region}, destroy the maize "
                "and bean harvests. In {city}, women farmers have neither land titles nor credit "
                "to adapt.",
                "In recent hurricane seasons, {n} families in {city} lost their crops and homes; "
                "there is no early-warning system, and women are left out of the "
                "disaster-preparedness committees."),
            "objectives": (
                "{n} women farmers in {city} adopt agro-ecological climate adaptation practices "
                "and recover drought-resistant native seeds.",
                "Set up a community early-warning system in {city}, with gender-balanced "
                "committees and family emergency plans for {n} households."),
            "group": "women farmers and farming families",
            "topic": "climate adaptation",
            "outcome": "Participating families lose fewer crops to droughts and extreme rains.",
            "output": "Agro-ecological demonstration plots and a native seed bank established.",
            "indicator": "Share of plots using adaptation practices",
            "organizations": ("{region} Women Farmers' Union", "{city} Climate Resilience Network"),
        },
    }),
    Theme("gbv", (0, 4), ("Sexual and gender-based violence",
                          "Sexual and reproductive health and rights", "Health",
                          "Child, early and forced marriage"), (), "girls", True, {
        "es": {
            "titles": ("Prevención de la violencia de género con adolescentes de {city}",
                       "Casa de acogida y acompañamiento para sobrevivientes de violencia en "
                       "{region}",
                       "Salud sexual y reproductiva para niñas y adolescentes indígenas de "
                       "{region}"),
            "context": (
                "En {region}, los feminicidios y la violencia sexual contra mujeres y niñas "
                "aumentaron en los últimos años; en {city} se registraron {n} denuncias, pero la "
                "mayoría de los casos no llega a la justicia. Las sobrevivientes no encuentran "
                "refugio ni atención psicológica.",
                "Las adolescentes de {city} enfrentan embarazos tempranos, uniones forzadas y "
                "violencia en el noviazgo; los servicios de salud no ofrecen información en su "
                "lengua ni atención amigable para jóvenes."),
            "objectives": (
                "Que {n} mujeres y adolescentes sobrevivientes de violencia de género en {city} "
                "reciban acompañamiento psicológico, jurídico y un refugio seguro.",
                "Prevenir la violencia de género y el embarazo adolescente entre {n} niñas y "
                "adolescentes de {region} mediante educación integral en sexualidad."),
            "group": "mujeres y adolescentes sobrevivientes de violencia",
            "topic": "la prevención de la violencia de género",
            "outcome": "Las sobrevivientes acompañadas acceden a la justicia y a servicios de "
                       "salud.",
            "output": "Ruta de atención a sobrevivientes acordada con las instituciones locales.",
            "indicator": "Número de sobrevivientes con acompañamiento completo",
            "organizations": ("Casa de la Mujer de {city}", "Colectiva Feminista de {region}"),
        },
        "fr": {
            "titles": ("Prévention de la violence basée sur le genre avec les adolescentes de "
                       "{city}",
                       "Maison d’accueil et accompagnement des survivantes de violence — {region}",
                       "Santé sexuelle et reproductive pour les filles et les adolescentes de "
                       "{city}"),
            "context": (
                "Dans la région ({region}), la violence sexuelle contre les femmes et les filles a "
                "augmenté ces dernières années ; {n} plaintes ont été enregistrées à {city}, mais "
                "la plupart des cas n’arrivent jamais devant la justice. Les survivantes ne "
                "trouvent ni refuge ni soutien psychologique.",
                "Les adolescentes de {city} font face aux grossesses précoces, aux unions forcées "
                "et à la violence dans les relations amoureuses ; les services de santé n’offrent "
                "ni information adaptée ni accueil pour les jeunes."),
            "objectives": (
                "{n} femmes et adolescentes survivantes de violence basée sur le genre à {city} "
                "reçoivent un accompagnement psychologique et juridique et un hébergement sûr.",
                "Prévenir la violence basée sur le genre et les grossesses précoces chez {n} "
                "filles et adolescentes de la région grâce à l’éducation complète à la "
                "sexualité."),
            "group": "femmes et adolescentes survivantes de violence",
            "topic": "la prévention de la violence basée sur le genre",
            "outcome": "Les survivantes accompagnées accèdent à la justice et aux services de "
                       "santé.",
            "output": "Circuit de prise en charge des survivantes convenu avec les institutions "
                      "locales.",
            "indicator": "Nombre de survivantes ayant reçu un accompagnement complet",
            "organizations": ("Maison des femmes de {city}", "Collectif féministe — {region}"),
        },
        "en": {
            "titles": ("Preventing gender-based violence with adolescent girls in {city}",
                       "Shelter and support for survivors of violence in {region}",
                       "Sexual and reproductive health for girls and young women in {city}"),
            "context": (
                "In {region}, sexual violence against women and girls has risen in recent years; "
                "{n} complaints were filed in {city}, yet most cases never reach a court. "
                "Survivors find neither shelter nor counselling.",
                "Adolescent girls in {city} face early pregnancy, forced unions and dating "
                "violence; health services offer no youth-friendly care or information."),
            "objectives": (
                "{n} women and adolescent survivors of gender-based violence in {city} receive "
                "counselling, legal support and a safe shelter.",
                "Prevent gender-based violence and teenage pregnancy among {n} girls and young "
                "women in {region} through comprehensive sexuality education."),
            "group": "women and adolescent survivors of violence",
            "topic": "the prevention of gender-based violence",
            "outcome": "Survivors supported reach justice and health services.",
            "output": "Referral pathway for survivors agreed with local institutions.",
            "indicator": "Number of survivors with complete support",
            "organizations": ("{city} Women's Centre", "{region} Feminist Collective"),
        },
    }),
    Theme("economic", (3, 0), ("Women's economic empowerment", "Sustainable economic growth",
                               "Agriculture"), (), "women", True, {
        "es": {
            "titles": ("Cooperativa de tejedoras y acceso a mercados justos en {city}",
                       "Grupos de ahorro y emprendimiento para mujeres de {region}",
                       "Empleo digno para mujeres jóvenes de {city}"),
            "context": (
                "Las artesanas de {city} venden sus textiles a intermediarios que pagan una "
                "fracción de su valor; sin acceso a crédito ni a mercados, {n} mujeres de la zona "
                "viven con ingresos inestables y cargan solas con el trabajo de cuidados.",
                "En {region}, el desempleo de las mujeres jóvenes duplica al de los hombres y los "
                "empleos disponibles son informales y sin protección contra el acoso."),
            "objectives": (
                "Que {n} mujeres artesanas de {city} fortalezcan su cooperativa, mejoren sus "
                "ingresos y vendan directamente en mercados justos.",
                "Que {n} mujeres de {region} creen grupos de ahorro y pongan en marcha "
                "emprendimientos con un plan de negocio viable."),
            "group": "mujeres artesanas y emprendedoras",
            "topic": "la autonomía económica de las mujeres",
            "outcome": "Las mujeres participantes aumentan sus ingresos y controlan su uso.",
            "output": "Cooperativa constituida y canales de venta directa abiertos.",
            "indicator": "Ingreso mensual promedio de las participantes",
            "organizations": ("Cooperativa de Tejedoras de {city}",
                              "Mujeres Emprendedoras de {region}"),
        },
        "fr": {
            "titles": ("Coopérative de couturières et accès aux marchés équitables à {city}",
                       "Groupes d’épargne et entrepreneuriat des femmes de {city}",
                       "Emplois décents pour les jeunes femmes — {region}"),
            "context": (
                "Les artisanes de {city} vendent leur production à des intermédiaires qui en "
                "paient une fraction de la valeur ; sans crédit ni accès aux marchés, {n} femmes "
                "de la zone vivent de revenus instables et assument seules le travail de soins.",
                "Dans la région ({region}), le chômage des jeunes femmes est deux fois plus élevé "
                "que celui des hommes, et les emplois offerts sont informels et sans protection "
                "contre le harcèlement."),
            "objectives": (
                "{n} artisanes de {city} renforcent leur coopérative, augmentent leurs revenus et "
                "vendent directement sur des marchés équitables.",
                "{n} femmes de {city} créent des groupes d’épargne et lancent des activités "
                "génératrices de revenus avec un plan d’affaires viable."),
            "group": "artisanes et entrepreneuses",
            "topic": "l’autonomie économique des femmes",
            "outcome": "Les femmes participantes augmentent leurs revenus et en contrôlent "
                       "l’usage.",
            "output": "Coopérative constituée et circuits de vente directe ouverts.",
            "indicator": "Revenu mensuel moyen des participantes",
            "organizations": ("Coopérative des couturières de {city}",
                              "Femmes entrepreneures — {region}"),
        },
        "en": {
            "titles": ("Women weavers' cooperative and fair markets in {city}",
                       "Savings groups and enterprise for women in {region}",
                       "Decent jobs for young women in {city}"),
            "context": (
                "Women artisans in {city} sell their crafts to middlemen who pay a fraction of "
                "their value; without credit or market access, {n} women in the area live on "
                "unstable incomes and carry unpaid care work alone.",
                "In {region}, unemployment among young women is twice that of young men, and the "
                "jobs on offer are informal and unprotected against harassment."),
            "objectives": (
                "{n} women artisans in {city} strengthen their cooperative, raise their incomes "
                "and sell directly in fair-trade markets.",
                "{n} women in {region} form savings groups and launch enterprises with a viable "
                "business plan."),
            "group": "women artisans and entrepreneurs",
            "topic": "women's economic empowerment",
            "outcome": "Participating women earn more and control how their income is used.",
            "output": "Cooperative registered and direct sales channels opened.",
            "indicator": "Average monthly income of participants",
            "organizations": ("{city} Women Weavers' Cooperative",
                              "{region} Women in Business Association"),
        },
    }),
    Theme("youth_violence", (2,), ("Mediation and peacebuilding", "Countering violent extremism",
                                   "Rule of law"), (), "youth", False, {
        "es": {
            "titles": ("Prevención de la violencia juvenil en barrios de {city}",
                       "Jóvenes mediadores por la paz en {region}",
                       "Arte y deporte contra el reclutamiento de adolescentes en {city}"),
            "context": (
                "En los barrios periféricos de {city}, las pandillas y grupos armados reclutan a "
                "adolescentes desde los 12 años; en el último año {n} jóvenes fueron víctimas de "
                "homicidio en {region}.",
                "La desconfianza entre la juventud y la policía de {city} alimenta la violencia; "
                "las jóvenes sufren además acoso y violencia sexual en el espacio público."),
            "objectives": (
                "Que {n} adolescentes y jóvenes de {city} participen en programas de arte, deporte "
                "y mediación que los alejen de la violencia.",
                "Formar a {n} jóvenes mediadoras y mediadores comunitarios de {region} y abrir un "
                "diálogo permanente con la policía local."),
            "group": "adolescentes y jóvenes de barrios periféricos",
            "topic": "la prevención de la violencia juvenil",
            "outcome": "Las y los jóvenes participantes resuelven conflictos sin violencia y "
                       "permanecen en la escuela.",
            "output": "Red de jóvenes mediadores formada y activa en los barrios.",
            "indicator": "Número de conflictos mediados por jóvenes",
            "organizations": ("Jóvenes Constructores de Paz de {city}",
                              "Colectivo Barrio Seguro de {region}"),
        },
        "fr": {
            "titles": ("Prévention de la violence chez les jeunes des quartiers de {city}",
                       "Jeunes médiatrices et médiateurs pour la paix — {region}",
                       "Art et sport contre le recrutement des adolescents à {city}"),
            "context": (
                "Dans les quartiers périphériques de {city}, les gangs recrutent des adolescents "
                "dès 12 ans ; l’an dernier, {n} jeunes ont été victimes d’homicide dans la région "
                "({region}).",
                "La méfiance entre les jeunes et la police de {city} alimente la violence ; les "
                "jeunes femmes subissent en plus le harcèlement et la violence sexuelle dans "
                "l’espace public."),
            "objectives": (
                "{n} adolescents et jeunes de {city} participent à des programmes d’art, de sport "
                "et de médiation qui les éloignent de la violence.",
                "Former {n} jeunes médiatrices et médiateurs communautaires et ouvrir un dialogue "
                "permanent avec la police locale de {city}."),
            "group": "adolescents et jeunes des quartiers périphériques",
            "topic": "la prévention de la violence chez les jeunes",
            "outcome": "Les jeunes participants règlent les conflits sans violence et restent à "
                       "l’école.",
            "output": "Réseau de jeunes médiateurs formé et actif dans les quartiers.",
            "indicator": "Nombre de conflits résolus par les jeunes médiateurs",
            "organizations": ("Jeunes bâtisseurs de paix de {city}",
                              "Collectif Quartier sûr — {region}"),
        },
        "en": {
            "titles": ("Preventing youth violence in {city} neighbourhoods",
                       "Young mediators for peace in {region}",
                       "Art and sport against gang recruitment in {city}"),
            "context": (
                "In the inner-city communities of {city}, gangs recruit boys and girls from the "
                "age of 12; last year {n} young people were murdered in {region}.",
                "Distrust between young people and the police in {city} feeds violence; young "
                "women also face harassment and sexual violence in public spaces."),
            "objectives": (
                "{n} adolescents and young people in {city} join art, sport and mediation "
                "programmes that keep them away from violence.",
                "Train {n} young community mediators in {region} and open a standing dialogue "
                "with the local police."),
            "group": "adolescents and young people from inner-city communities",
            "topic": "youth violence prevention",
            "outcome": "Participating young people resolve conflicts without violence and stay "
                       "in school.",
            "output": "Network of young mediators trained and active in the communities.",
            "indicator": "Number of conflicts mediated by young people",
            "organizations": ("{city} Youth Peacebuilders", "{region} Safe Communities Collective"),
        },
    }),
)  # fmt: skip

# What every proposal says in its language, whatever its theme.
COMMON = {
    "es": {
        "beneficiaries": (
            "{n} {group} de {city} y de comunidades vecinas de {region}; de forma indirecta, sus "
            "familias y organizaciones comunitarias.",
            "Participan directamente {n} {group} de {region}, con la participación de las "
            "autoridades comunitarias; indirectamente, unas {m} personas de {city}."),
        "consultation": (
            "Realizamos {k} asambleas comunitarias y grupos focales separados con mujeres y "
            "hombres antes de diseñar el proyecto.",
            "Una encuesta y tres talleres participativos en {city} definieron las actividades y "
            "los horarios."),
        "gba_differential": (
            "Las mujeres y las niñas enfrentan barreras que los hombres no viven: sobrecarga de "
            "trabajo de cuidados, menor acceso a la tierra, a la escuela y a los espacios de "
            "decisión, y mayor riesgo de violencia. Entre {group}, las mujeres indígenas y las "
            "personas con discapacidad son las más excluidas.",
            "El problema afecta de forma distinta a mujeres, niñas, hombres y niños: ellas asumen "
            "la mayor carga y tienen menos voz en las decisiones, mientras que los hombres jóvenes "
            "están más expuestos a la violencia armada."),
        "gba_influence": (
            "Las mujeres pidieron horarios compatibles con el trabajo de cuidados, actividades en "
            "su lengua y cuidado infantil durante las sesiones; los tres están en el presupuesto.",
            "Las participantes propusieron que la mitad de los cargos del comité sean para mujeres "
            "y que los talleres se hagan en lugares seguros y cercanos."),
        "do_no_harm": (
            "La visibilidad puede aumentar el riesgo para las participantes: las actividades se "
            "hacen en lugares seguros, los datos personales se protegen y nadie aparece en "
            "publicaciones sin su consentimiento.",
            "El proyecto podría generar tensiones en los hogares; se incluyen sesiones con hombres "
            "y un protocolo de atención ante cualquier caso de violencia."),
        "womens_organizations": (
            "Colaboran la Red de Mujeres de {region} y la colectiva feminista local.",
            "Una organización de mujeres indígenas co-diseñó el proyecto y forma parte del comité "
            "de seguimiento."),
        "risks": (
            "Inseguridad en la zona: protocolo de seguridad, actividades en horario diurno y "
            "comunicación constante con el equipo. Lluvias que cierran caminos: calendario "
            "flexible.",
            "Rotación de autoridades locales tras las elecciones: acuerdos firmados con la "
            "asamblea comunitaria y no solo con el municipio."),
        "sustainability": (
            "Las capacidades quedan en las organizaciones locales; el municipio de {city} se "
            "comprometió a incluir la iniciativa en su presupuesto del próximo año.",
            "La red creada seguirá con cuotas de sus integrantes y con el apoyo de la universidad "
            "pública de {region}."),
        "environment": (
            "Sin impacto ambiental significativo: las actividades se realizan en espacios "
            "comunitarios existentes.",
            "Los materiales se compran localmente y se privilegian productos reutilizables; no se "
            "prevé impacto negativo."),
        "authorization": "La asamblea comunitaria y el ayuntamiento de {city} aprobaron el "
                         "proyecto por escrito.",
        "withdrawal": ("La organización obtuvo otro financiamiento para el mismo proyecto.",
                       "Cambios en el equipo nos impiden ejecutar el proyecto este año."),
        "activities": ("Diagnóstico participativo con {group}", "Talleres de formación sobre "
                       "{topic}", "Foro público de cierre en {city}"),
        "review_comment": (
            "Propuesta pertinente, con un análisis de género sólido; el presupuesto es coherente "
            "con las actividades.",
            "El problema está bien descrito, pero los indicadores deben precisarse y desglosarse "
            "por sexo."),
        "ge_justification": "Las mujeres participaron en el diseño y las metas están "
                            "desglosadas por sexo y edad.",
        "rationale_fund": "Proyecto alineado con las prioridades de la embajada, con buena "
                          "capacidad de ejecución.",
        "rationale_other": "La propuesta es pertinente, pero otras obtuvieron un puntaje más alto "
                           "y el sobre presupuestario es limitado.",
        "conditions": "Presentar las cartas de apoyo firmadas antes del primer desembolso.",
        "question": "¿Pueden enviar las cartas de apoyo de las autoridades comunitarias y precisar "
                    "el calendario de actividades?",
        "ineligible_note": "Gracias por su interés; la propuesta no cumple los requisitos de la "
                           "convocatoria.",
        "description": "{name} trabaja desde {year} con {group} de {region}. Acompañamos procesos "
                       "comunitarios sobre {topic} y colaboramos con autoridades locales, "
                       "organizaciones de mujeres y universidades.",
        "declarant_titles": ("Coordinadora general", "Directora ejecutiva",
                             "Presidenta del consejo", "Representante legal"),
        "first_names": ("María José", "Guadalupe", "Rosa", "Lucía", "Citlali", "Yolanda",
                        "Adriana", "Sofía", "Carmen", "Xóchitl", "Paola", "Marisol", "Juan Carlos",
                        "Miguel", "Andrés"),
        "last_names": ("Martínez", "Hernández", "López", "Pérez", "Gómez", "Ramírez", "Cruz",
                       "Santiago", "Mendoza", "Vásquez", "Ixcoy", "Tzul", "Caicedo", "Mosquera",
                       "Rentería"),
        "registration_law": "Registro público de asociaciones civiles",
        "budget": {
            "training": ("Talleres de formación", "taller"),
            "salaries": ("Coordinación del proyecto", "mes"),
            "outreach": ("Campaña de comunicación", "campaña"),
            "travel": ("Transporte de participantes", "viaje"),
            "equipment": ("Equipo y materiales", "lote"),
            "hospitality": ("Alimentación durante las actividades", "persona"),
            "professional": ("Auditoría y contabilidad", "servicio"),
            "research": ("Diagnóstico participativo", "estudio"),
            "administration": ("Gastos administrativos", "mes"),
            "other": ("Aporte local: locales y voluntariado", "mes"),
        },
        "kinds": {
            "academic": ("Universidad Autónoma de {region}",
                         "Instituto de Investigaciones Sociales de {region}",
                         "Centro Universitario de {city}"),
            "government": ("Municipio de {city}", "Instituto de las Mujeres de {region}",
                           "Secretaría de Pueblos Indígenas de {region}"),
            "international_ngo": ("Red Internacional de Defensoras — oficina {region}",
                                  "Fundación Mesoamericana para el Agua",
                                  "Asociación Latinoamericana de Periodistas — capítulo {region}"),
            "multilateral": ("Programa Regional de las Américas para la Igualdad — {city}",
                             "Oficina Subregional de Cooperación para {country}"),
        },
    },
    "fr": {
        "beneficiaries": (
            "{n} {group} de {city} et des communautés voisines ; indirectement, leurs familles "
            "et leurs organisations communautaires.",
            "{n} {group} de la région ({region}) participent directement, avec l’appui des "
            "autorités locales ; indirectement, environ {m} personnes de {city}."),
        "consultation": (
            "Nous avons tenu {k} assemblées communautaires et des groupes de discussion séparés "
            "avec des femmes et des hommes avant de concevoir le projet.",
            "Une enquête et trois ateliers participatifs à {city} ont défini les activités et les "
            "horaires."),
        "gba_differential": (
            "Les femmes et les filles font face à des obstacles que les hommes ne connaissent "
            "pas : surcharge de travail de soins, accès moindre à la terre, à l’école et aux "
            "instances de décision, et risque accru de violence. Parmi les {group}, les femmes "
            "rurales et les personnes en situation de handicap sont les plus exclues.",
            "Le problème touche différemment les femmes, les filles, les hommes et les garçons : "
            "elles en portent la plus lourde charge et ont moins voix au chapitre, tandis que les "
            "jeunes hommes sont plus exposés à la violence armée."),
        "gba_influence": (
            "Les femmes ont demandé des horaires compatibles avec le travail de soins, des "
            "activités en créole et une garderie pendant les séances ; les trois sont prévus au "
            "budget.",
            "Les participantes ont proposé que la moitié des postes du comité reviennent à des "
            "femmes et que les ateliers aient lieu dans des endroits sûrs et proches."),
        "do_no_harm": (
            "La visibilité peut accroître le risque pour les participantes : les activités ont "
            "lieu dans des endroits sûrs, les données personnelles sont protégées et personne "
            "n’apparaît dans une publication sans son consentement.",
            "Le projet pourrait créer des tensions dans les ménages ; il prévoit des séances avec "
            "les hommes et un protocole de prise en charge de tout cas de violence."),
        "womens_organizations": (
            "Le réseau des femmes de {city} et une organisation féministe locale y collaborent.",
            "Une organisation de femmes paysannes a conçu le projet avec nous et siège au comité "
            "de suivi."),
        "risks": (
            "Insécurité dans la zone : protocole de sécurité, activités de jour et communication "
            "constante avec l’équipe. Routes coupées par les pluies : calendrier souple.",
            "Changement des autorités locales après les élections : ententes signées avec les "
            "comités communautaires et pas seulement avec la mairie."),
        "sustainability": (
            "Les compétences restent dans les organisations locales ; la mairie de {city} s’est "
            "engagée à inscrire l’initiative à son budget de l’an prochain.",
            "Le réseau créé continuera grâce aux cotisations de ses membres et à l’appui de "
            "l’université publique de la région."),
        "environment": (
            "Aucun impact environnemental important : les activités ont lieu dans des locaux "
            "communautaires existants.",
            "Le matériel est acheté localement et les produits réutilisables sont privilégiés ; "
            "aucun impact négatif n’est prévu."),
        "authorization": "Le conseil communautaire et la mairie de {city} ont approuvé le projet "
                         "par écrit.",
        "withdrawal": ("L’organisation a obtenu un autre financement pour le même projet.",
                       "Des changements dans l’équipe nous empêchent de réaliser le projet cette "
                       "année."),
        "activities": ("Diagnostic participatif avec les {group}", "Ateliers de formation sur "
                       "{topic}", "Forum public de clôture à {city}"),
        "review_comment": (
            "Proposition pertinente, avec une solide analyse de genre ; le budget est cohérent "
            "avec les activités.",
            "Le problème est bien décrit, mais les indicateurs doivent être précisés et ventilés "
            "par sexe."),
        "ge_justification": "Des femmes ont participé à la conception et les cibles sont "
                            "ventilées par sexe et par âge.",
        "rationale_fund": "Projet aligné sur les priorités de l’ambassade, avec une bonne "
                          "capacité de mise en œuvre.",
        "rationale_other": "La proposition est pertinente, mais d’autres ont obtenu une meilleure "
                           "note et l’enveloppe est limitée.",
        "conditions": "Remettre les lettres d’appui signées avant le premier versement.",
        "question": "Pouvez-vous envoyer les lettres d’appui des autorités locales et préciser le "
                    "calendrier des activités ?",
        "ineligible_note": "Merci de votre intérêt ; la proposition ne remplit pas les conditions "
                           "de l’appel.",
        "description": "{name} travaille depuis {year} avec les {group} de la région ({region}). "
                       "Nous accompagnons des démarches communautaires sur {topic} et collaborons "
                       "avec les autorités locales, les organisations de femmes et les "
                       "universités.",
        "declarant_titles": ("Coordonnatrice générale", "Directrice exécutive",
                             "Présidente du conseil", "Représentant légal"),
        "first_names": ("Marie-Claude", "Nadège", "Roseline", "Fabienne", "Mirlande", "Widline",
                        "Guerline", "Stéphanie", "Rose-Marie", "Esther", "Jean-Robert", "Jacques"),
        "last_names": ("Joseph", "Pierre", "Jean-Baptiste", "Louis", "Charles", "Étienne",
                       "Desrosiers", "Augustin", "Saint-Fleur", "Dorvil"),
        "registration_law": "Ministère des Affaires sociales et du Travail",
        "budget": {
            "training": ("Ateliers de formation", "atelier"),
            "salaries": ("Coordination du projet", "mois"),
            "outreach": ("Campagne de communication", "campagne"),
            "travel": ("Transport des participantes et participants", "trajet"),
            "equipment": ("Équipement et fournitures", "lot"),
            "hospitality": ("Repas pendant les activités", "personne"),
            "professional": ("Audit et comptabilité", "service"),
            "research": ("Diagnostic participatif", "étude"),
            "administration": ("Frais administratifs", "mois"),
            "other": ("Contribution locale : locaux et bénévolat", "mois"),
        },
        "kinds": {
            "academic": ("Université publique de {city}",
                         "Institut de recherche sociale de {city}",
                         "Centre universitaire — {region}"),
            "government": ("Mairie de {city}",
                           "Direction départementale de la condition féminine — {region}"),
            "international_ngo": ("Réseau international des défenseures — bureau de {city}",
                                  "Fondation caribéenne pour l’eau",
                                  "Association internationale des journalistes — section "
                                  "{region}"),
            "multilateral": ("Programme régional des Caraïbes pour l’égalité — {city}",
                             "Bureau de coordination régionale pour {country}"),
        },
    },
    "en": {
        "beneficiaries": (
            "{n} {group} in {city} and neighbouring communities of {region}; indirectly, their "
            "families and community organizations.",
            "{n} {group} of {region} take part directly, with the support of local leaders; "
            "indirectly, about {m} people in {city}."),
        "consultation": (
            "We held {k} community meetings and separate focus groups with women and men before "
            "designing the project.",
            "A survey and three participatory workshops in {city} set the activities and the "
            "schedule."),
        "gba_differential": (
            "Women and girls face barriers men do not: a heavier load of unpaid care, less "
            "access to land, school and decision-making, and a higher risk of violence. Among "
            "{group}, rural women and persons with disabilities are the most excluded.",
            "The problem affects women, girls, men and boys differently: women carry most of the "
            "burden and have less say in decisions, while young men are more exposed to gang "
            "violence."),
        "gba_influence": (
            "Women asked for schedules that fit their care work, sessions in their own language "
            "and childcare during activities; all three are in the budget.",
            "Participants proposed that half of the committee seats go to women and that "
            "workshops be held in safe places close to home."),
        "do_no_harm": (
            "Visibility may raise the risk for participants: activities take place in safe "
            "venues, personal data are protected and no one appears in a publication without "
            "consent.",
            "The project could create tension at home; it includes sessions with men and a "
            "protocol to respond to any case of violence."),
        "womens_organizations": (
            "The {region} Women's Network and a local feminist collective are partners.",
            "A rural women's organization co-designed the project and sits on its steering "
            "committee."),
        "risks": (
            "Insecurity in the area: safety protocol, daytime activities and constant contact "
            "with the team. Roads closed by rain: a flexible schedule.",
            "Turnover of local officials after the elections: agreements signed with community "
            "councils, not only with the municipality."),
        "sustainability": (
            "Skills stay with local organizations; the {city} municipality has committed to "
            "include the initiative in next year's budget.",
            "The network will continue with members' dues and the support of the public "
            "university of {region}."),
        "environment": (
            "No significant environmental impact: activities take place in existing community "
            "venues.",
            "Materials are bought locally and reusable products preferred; no negative impact is "
            "expected."),
        "authorization": "The community council and the {city} municipality approved the project "
                         "in writing.",
        "withdrawal": ("The organization received other funding for the same project.",
                       "Changes in our team prevent us from carrying out the project this year."),
        "activities": ("Participatory assessment with {group}", "Training workshops on {topic}",
                       "Closing public forum in {city}"),
        "review_comment": (
            "Relevant proposal with a sound gender analysis; the budget matches the activities.",
            "The problem is well described, but the indicators need to be sharpened and "
            "broken down by sex."),
        "ge_justification": "Women took part in the design and the targets are broken down by "
                            "sex and age.",
        "rationale_fund": "Aligned with the mission's priorities, with a strong capacity to "
                          "deliver.",
        "rationale_other": "A relevant proposal, but others scored higher and the envelope is "
                           "limited.",
        "conditions": "Send the signed letters of support before the first payment.",
        "question": "Could you send the letters of support from local authorities and detail the "
                    "schedule of activities?",
        "ineligible_note": "Thank you for your interest; the proposal does not meet the call's "
                           "requirements.",
        "description": "{name} has worked since {year} with {group} in {region}. We support "
                       "community initiatives on {topic} and work with local authorities, "
                       "women's organizations and universities.",
        "declarant_titles": ("General coordinator", "Executive director", "Board chair",
                             "Legal representative"),
        "first_names": ("Shanique", "Kerry-Ann", "Tashana", "Marcia", "Simone", "Nadine",
                        "Latoya", "Sheryl", "Patrice", "Odette", "Andre", "Damion"),
        "last_names": ("Campbell", "Brown", "Williams", "Thompson", "Morgan", "Clarke", "Grant",
                       "McKenzie", "Ferguson", "Rolle"),
        "registration_law": "Companies Act (company limited by guarantee)",
        "budget": {
            "training": ("Training workshops", "workshop"),
            "salaries": ("Project coordinator", "month"),
            "outreach": ("Outreach campaign", "campaign"),
            "travel": ("Participants' local travel", "trip"),
            "equipment": ("Equipment and supplies", "set"),
            "hospitality": ("Meals during activities", "person"),
            "professional": ("Audit and accounting", "service"),
            "research": ("Participatory baseline study", "study"),
            "administration": ("Administrative costs", "month"),
            "other": ("Local contribution: venues and volunteers", "month"),
        },
        "kinds": {
            "academic": ("University College of {city}", "{region} Institute for Social Research",
                         "{city} Community College"),
            "government": ("{city} Municipal Corporation", "{region} Parish Council",
                           "Bureau of Gender Affairs — {region} office"),
            "international_ngo": ("Caribbean Network of Women Defenders — {region} office",
                                  "Caribbean Water Partnership",
                                  "Regional Press Freedom Network — {region} chapter"),
            "multilateral": ("Caribbean Regional Programme for Equality — {city}",
                             "Commonwealth Youth Office — {region}"),
        },
    },
}  # fmt: skip

CANADIAN_NGOS = (
    "Canada–{country} Solidarity Network", "Alliance canadienne pour les droits des femmes",
    "Canadian Partners for Community Water", "Solidarité Québec–{country}",
    "Canadian Centre for Journalism and Democracy", "Fonds canadien pour les femmes des Amériques",
)  # fmt: skip

# Organization kinds and registration, by weight.
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

# --- States ----------------------------------------------------------------------------------

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
# The screening check each reason fails: the check of the same name, none for "other".
FAILED_CHECK = {Screening.Reason.OTHER: None}
CHECK_KEYS = [key for key, _label, _compute in CHECKS]
# States whose proposal went through the review, and those the approver decided.
REVIEWED = {Status.REVIEWED, Status.RECOMMENDED, Status.APPROVED, Status.DECLINED,
            Status.WAITLISTED}  # fmt: skip
DECIDED_STATES = {Status.APPROVED, Status.DECLINED, Status.WAITLISTED}
EVENT_OF = {
    Status.INELIGIBLE: ProposalEvent.Kind.INELIGIBLE,
    Status.IN_REVIEW: ProposalEvent.Kind.IN_REVIEW,
    Status.MORE_INFO_REQUESTED: ProposalEvent.Kind.MORE_INFO_REQUESTED,
    Status.REVIEWED: ProposalEvent.Kind.REVIEWED,
    Status.RECOMMENDED: ProposalEvent.Kind.RECOMMENDED,
    Status.APPROVED: ProposalEvent.Kind.APPROVED,
    Status.DECLINED: ProposalEvent.Kind.DECLINED,
    Status.WAITLISTED: ProposalEvent.Kind.WAITLISTED,
    Status.WITHDRAWN: ProposalEvent.Kind.WITHDRAWN,
}
GE_CODES = [code.value for code in GeCode]


# --- What a run reports ------------------------------------------------------------------------


@dataclass
class VolumeReport:
    seed: int
    proposals: int = 0
    organizations: int = 0
    calls_created: int = 0
    missions_created: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_mission: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    approved_cad: Decimal = Decimal(0)
    seconds: float = 0.0


def volume_seed(
    *,
    proposals: int,
    seed: int | None = None,
    mission_codes: list[str] | None = None,
    fiscal_years: int = 3,
    batch_size: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> VolumeReport:
    """Add `proposals` submitted proposals (see the module's docstring); the same seed on the
    same database gives the same rows. `progress(done, total)` is called after each batch."""
    if proposals < 1:
        raise ValueError("Seed at least one proposal.")
    started = time.monotonic()
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    report = VolumeReport(seed=seed)
    generator = _Generator(random.Random(seed), timezone.now(), report)  # noqa: S311 (test data)
    with transaction.atomic():
        generator.prepare(mission_codes or list(DEFAULT_MISSIONS), fiscal_years)
    slots = generator.slots(proposals)
    with _stamped_by_hand(*STAMPED_MODELS):
        for start in range(0, len(slots), batch_size):
            with transaction.atomic():
                generator.write(slots[start : start + batch_size])
            if progress is not None:
                progress(min(start + batch_size, len(slots)), len(slots))
    report.seconds = time.monotonic() - started
    audit_record(
        verb="proposals.volume_seeded",
        data={
            "proposals": report.proposals,
            "organizations": report.organizations,
            "seed": seed,
            "by_status": dict(report.by_status),
        },
    )
    return report


# Models whose `created_at`/`updated_at` the generator sets itself.
STAMPED_MODELS = (
    Organization, Membership, Proposal, ProposalEvent, InformationRequest, Screening,
    ReviewAssignment, Review, ReviewSummary, Decision,
)  # fmt: skip


@contextmanager
def _stamped_by_hand(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the times the generator gives (a proposal submitted in May 2025 was
    created before it, and its events follow it); auto_now fields would stamp every row "now".

    It switches the flags of the model fields for the duration of the run and restores them
    after, whatever happens: fine for a command or a test, never for a web process.
    """
    fields = [
        model_field
        for model in model_classes
        for model_field in model._meta.concrete_fields
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    ]
    saved = [
        (model_field, model_field.auto_now, model_field.auto_now_add) for model_field in fields
    ]
    for model_field in fields:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


# --- The generator -----------------------------------------------------------------------------


@dataclass
class _Staff:
    officer: User
    approver: User
    reviewers: list[User]


@dataclass
class _CallPlan:
    call: Call
    mission: Mission
    profile: MissionProfile
    phase: str
    window: tuple[datetime, datetime]  # in UTC, so adding days never meets a DST change
    priorities: list[tuple[CallPriority, int | None]]  # with the area's demo position
    languages: dict[str, int]
    currency: str
    rate: Decimal
    staff: _Staff
    criteria: list  # the scoring grid's criteria, or [] when the call has none
    items: list  # the GBA+ checklist's items
    grid_id: int | None = None
    checklist_id: int | None = None


@dataclass
class _Pending:
    """A proposal and what goes with it, before the batch is written."""

    proposal: Proposal
    state: str
    times: dict[str, datetime]
    plan: _CallPlan
    theme: Theme
    text: dict
    common: dict
    reason: str = ""
    asked_from: str = ""
    quality: float = 0.5
    forced: bool = False
    amount: Decimal | None = None  # approved, in CAD
    lines: list[BudgetLine] = field(default_factory=list)
    assignments: list[ReviewAssignment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


class _Generator:
    def __init__(self, rng: random.Random, now: datetime, report: VolumeReport):
        self.rng = rng
        self.now = now
        self.report = report
        self.plans: list[_CallPlan] = []
        self.subthemes: dict[str, SubTheme] = {}
        self.all_subthemes: list[SubTheme] = []
        # (mission id, theme key) → organizations that may send another proposal
        self.organizations: dict[tuple[int, str], list[tuple[Organization, User]]] = defaultdict(
            list
        )
        self.forced_states: dict[int, str] = {}
        self.forced_languages: dict[int, str] = {}
        self.offset = 0  # the index of the next proposal among the run's slots
        # The batch's new partners, written before its proposals.
        self.new_users: list[User] = []
        self.new_organizations: list[Organization] = []
        self.new_memberships: list[Membership] = []
        self.next_partner = (
            User.objects.filter(email__startswith="partner-", email__endswith=f"@{DOMAIN}").count()
            + 1
        )
        self.password = make_password(None)  # unusable: nobody signs in as a seeded partner

    # -- Before the batches: catalogue, missions, calls, staff ---------------------------------

    def prepare(self, codes: list[str], fiscal_years: int) -> None:
        areas = self._catalogue()
        missions = self._missions(codes)
        current = _fiscal_year_of(timezone.localdate(self.now))
        for mission in missions:
            profile = _profile_of(mission)
            staff = self._staff(mission)
            for fiscal_year in range(current - fiscal_years + 1, current + 1):
                for call in self._calls(mission, profile, fiscal_year, areas):
                    self.plans.append(self._plan(call, mission, profile, staff, current, areas))

    def _catalogue(self) -> list[PriorityArea]:
        """The demo's priority areas and sub-themes (those missing are created, by English
        name), in the demo's order."""
        areas = set(PriorityArea.objects.values_list("name_en", flat=True))
        for position, (names, descriptions) in enumerate(programs_demo.PRIORITY_AREAS, 1):
            if names[0] not in areas:
                PriorityArea.objects.create(
                    position=position, name_en=names[0], name_fr=names[1], name_es=names[2],
                    description_en=descriptions[0], description_fr=descriptions[1],
                    description_es=descriptions[2],
                )  # fmt: skip
        themes = {name.lower() for name in SubTheme.objects.values_list("name_en", flat=True)}
        for position, names in enumerate(programs_demo.SUB_THEMES, 1):
            if names[0].lower() not in themes:
                SubTheme.objects.create(
                    position=position, name_en=names[0], name_fr=names[1], name_es=names[2]
                )
        self.all_subthemes = list(
            SubTheme.objects.filter(is_active=True).exclude(name_en__iexact="gender equality")
        )
        self.subthemes = {theme.name_en.lower(): theme for theme in self.all_subthemes}
        names = [names[0] for names, _descriptions in programs_demo.PRIORITY_AREAS]
        by_name = {area.name_en: area for area in PriorityArea.objects.filter(name_en__in=names)}
        return [by_name[name] for name in names if name in by_name]

    def _missions(self, codes: list[str]) -> list[Mission]:
        existing = {mission.code: mission for mission in Mission.objects.filter(code__in=codes)}
        specs = {spec[-1]: spec for spec in programs_demo.MISSIONS}
        missions = []
        for code in codes:
            if code not in existing:
                if code not in specs:
                    raise ValueError(f"No mission has the code {code}.")
                names, kind, city, countries, zone, languages, currency, _code = specs[code]
                existing[code] = Mission.objects.create(
                    name_en=names[0], name_fr=names[1], name_es=names[2], kind=kind, city=city,
                    countries=countries, time_zone=zone, proposal_languages=languages,
                    contact_email=f"cfli.{countries[0].lower()}@cfli.example",
                    local_currency=currency, code=code,
                )  # fmt: skip
                self.report.missions_created += 1
            missions.append(existing[code])
        return missions

    def _staff(self, mission: Mission) -> _Staff:
        """The mission's program officer, approver and three reviewers: its own staff first,
        seeded ones for the roles it lacks (they cannot sign in: no usable password)."""
        roles: dict[str, list[User]] = defaultdict(list)
        for role in MissionStaff.objects.filter(mission=mission).select_related("user"):
            if role.user.is_active:
                roles[role.role].append(role.user)
        wanted = [
            (MissionStaff.Role.PROGRAM_OFFICER, "officer", 1),
            (MissionStaff.Role.APPROVER, "approver", 1),
            (MissionStaff.Role.REVIEWER, "reviewer", 3),
        ]
        for role, name, count in wanted:
            for number in range(len(roles[role]) + 1, count + 1):
                suffix = "" if count == 1 else str(number)
                user, _created = User.objects.get_or_create(
                    email=f"{name}{suffix}.{mission.code.lower()}@{DOMAIN}",
                    defaults={
                        "full_name": f"{name.title()} {suffix} {mission.code}".replace("  ", " "),
                        "password": self.password,
                    },
                )
                MissionStaff.objects.get_or_create(user=user, mission=mission, role=role)
                roles[role].append(user)
        return _Staff(
            officer=roles[MissionStaff.Role.PROGRAM_OFFICER][0],
            approver=roles[MissionStaff.Role.APPROVER][0],
            reviewers=roles[MissionStaff.Role.REVIEWER],
        )

    def _calls(self, mission, profile, fiscal_year, areas) -> list[Call]:
        """The mission's published calls of that year that opened already, or a new one that
        opened on August 15 and closed on September 30 (local time)."""
        calls = list(
            Call.objects.filter(
                mission=mission,
                fiscal_year=fiscal_year,
                published_at__isnull=False,
                opens_at__lt=self.now - timedelta(days=1),
            ).order_by("pk")
        )
        if calls:
            return calls
        zone = ZoneInfo(mission.time_zone)
        label = fiscal_year_label(fiscal_year)
        country_en, country_fr, country_es = profile.country_names
        call = Call.objects.create(
            mission=mission,
            fiscal_year=fiscal_year,
            title_en=f"CFLI {label} call for proposals — {country_en}",
            title_fr=f"Appel de propositions du FCIL {label} — {country_fr}",
            title_es=f"Convocatoria FCIL {label} — {country_es}",
            guidance_en="Projects must be designed by local partners and reach women and girls.",
            guidance_fr="Les projets doivent être conçus par des partenaires locaux et bénéficier "
            "aux femmes et aux filles.",
            guidance_es="Los proyectos deben ser diseñados por socios locales y beneficiar a las "
            "mujeres y las niñas.",
            opens_at=datetime(fiscal_year, 8, 15, 9, tzinfo=zone),
            closes_at=datetime(fiscal_year, 9, 30, 23, 59, 59, 999999, tzinfo=zone),
            published_at=datetime(fiscal_year, 8, 1, 9, tzinfo=zone),
            budget_envelope=Decimal(profile.envelope),
            typical_min_amount=Decimal(profile.typical[0]),
            typical_max_amount=Decimal(profile.typical[1]),
            maximum_amount=Decimal(profile.maximum),
            admin_cost_cap_percent=Decimal(profile.admin_cap),
            latest_end_date=date(fiscal_year + 1, 2, 28),
            accepted_languages=mission.proposal_languages or list(profile.languages),
            eligible_organization_types=[kind.value for kind in Organization.Kind],
            registration_waiver_allowed=True,
            required_attachments=["budget", "registration", "support_letters"],
            exchange_rate=Decimal(profile.exchange_rate),
        )
        chosen = [0, *sorted(self.rng.sample(range(1, len(areas)), 2))]
        for index in chosen:
            CallPriority.objects.create(
                call=call,
                priority_area=areas[index],
                is_preferred=index == 0,
                focus_en=programs_demo.FOCUS[index][0],
                focus_fr=programs_demo.FOCUS[index][1],
                focus_es=programs_demo.FOCUS[index][2],
            )
        self.report.calls_created += 1
        return [call]

    def _plan(self, call, mission, profile, staff, current, areas) -> _CallPlan:
        if call.closes_at > self.now:
            phase = OPEN
        elif call.fiscal_year >= current:
            phase = REVIEWING
        else:
            phase = DECIDED
        positions = {area.pk: index for index, area in enumerate(areas)}
        priorities = [
            (priority, positions.get(priority.priority_area_id))
            for priority in call.priorities.order_by("pk")
        ]
        accepted = [code for code in call.accepted_languages if code in LANGUAGES]
        languages = {code: profile.languages.get(code, 3) for code in accepted} or {"en": 1}
        review_settings = review_settings_for(call)
        grid, checklist = review_settings.grid, review_settings.checklist
        return _CallPlan(
            call=call,
            mission=mission,
            profile=profile,
            phase=phase,
            window=(
                call.opens_at.astimezone(UTC),
                min(call.closes_at.astimezone(UTC), self.now - timedelta(minutes=5)),
            ),
            priorities=priorities,
            languages=languages,
            currency="CAD" if call.exchange_rate is None else mission.local_currency,
            rate=call.exchange_rate or Decimal(1),
            staff=staff,
            criteria=list(grid.criteria.all()) if grid else [],
            items=list(checklist.items.all()) if checklist else [],
            grid_id=grid.pk if grid else None,
            checklist_id=checklist.pk if checklist else None,
        )

    # -- When each proposal arrived ----------------------------------------------------------

    def slots(self, count: int) -> list[tuple[datetime, _CallPlan]]:
        """(submitted_at, call) for each proposal, in the order they arrived: more in recent
        years, and a rush in the last days before each deadline."""
        plans = [plan for plan in self.plans if plan.window[1] > plan.window[0]]
        if not plans:
            raise ValueError("No call has been open long enough to receive proposals.")
        current = max(plan.call.fiscal_year for plan in plans)
        weights = [
            plan.profile.weight * (1.3 ** (plan.call.fiscal_year - current)) for plan in plans
        ]
        slots = []
        for plan in self.rng.choices(plans, weights=weights, k=count):
            start, end = plan.window
            span = (end - start).total_seconds()
            if self.rng.random() < 0.35:  # the rush: the last three days, most on the last one
                offset = span - min(span, 3 * 86400) * self.rng.random() ** 2
            else:
                offset = span * self.rng.random() ** 0.7
            slots.append((start + timedelta(seconds=offset), plan))
        slots.sort(key=lambda slot: (slot[0], slot[1].call.pk))
        self._cover(slots)
        return slots

    def _cover(self, slots) -> None:
        """Every state and every language at least once, where a call allows it."""
        taken: set[int] = set()
        for state in SEEDED_STATES:
            fits = [
                index
                for index, (_at, plan) in enumerate(slots)
                if state in STATE_WEIGHTS[plan.phase] and index not in taken
            ]
            if fits:
                index = self.rng.choice(fits)
                self.forced_states[index] = state
                taken.add(index)
        chosen: set[int] = set()
        for language in LANGUAGES:
            fits = [
                index
                for index, (_at, plan) in enumerate(slots)
                if language in plan.languages and index not in chosen
            ]
            if fits:
                index = self.rng.choice(fits)
                self.forced_languages[index] = language
                chosen.add(index)

    # -- One batch --------------------------------------------------------------------------

    def write(self, slots: list[tuple[datetime, _CallPlan]]) -> None:
        """Write one batch: organizations, proposals with their parts, and the review's records;
        approvals within what remains of each envelope, counted under a lock on the call."""
        call_ids = sorted({plan.call.pk for _at, plan in slots})
        list(Call.objects.select_for_update().filter(pk__in=call_ids).values_list("pk"))
        approved = dict(
            Decision.objects.filter(proposal__call__in=call_ids, proposal__status=Status.APPROVED)
            .values_list("proposal__call")
            .annotate(total=Sum("amount"))
        )
        plans = {plan.call.pk: plan for _at, plan in slots}
        remaining = {
            pk: plans[pk].call.budget_envelope - (approved.get(pk) or Decimal(0)) for pk in call_ids
        }
        self.new_users, self.new_organizations, self.new_memberships = [], [], []
        pending = []
        for submitted_at, plan in slots:
            index = self.offset
            self.offset += 1
            pending.append(self._proposal(index, submitted_at, plan, remaining))
        User.objects.bulk_create(self.new_users)
        Organization.objects.bulk_create(self.new_organizations)
        Membership.objects.bulk_create(self.new_memberships)
        self._allocate_references(pending)
        Proposal.objects.bulk_create([item.proposal for item in pending])
        self._write_parts(pending)
        for item in pending:
            self.report.proposals += 1
            self.report.by_status[item.state] += 1
            self.report.by_mission[item.plan.mission.code] += 1
            self.report.by_language[item.proposal.language] += 1
        self.report.organizations += len(self.new_organizations)

    def _allocate_references(self, pending: list[_Pending]) -> None:
        """CFLI-<mission>-<fiscal year>-<NNNN> from the locked sequence of each mission and year,
        in order of arrival, exactly as `proposal_submit` numbers them."""
        groups: dict[tuple[int, int], list[_Pending]] = defaultdict(list)
        for item in pending:
            groups[(item.plan.mission.pk, item.plan.call.fiscal_year)].append(item)
        for (mission_id, fiscal_year), items in sorted(groups.items()):
            sequence, _created = ReferenceSequence.objects.get_or_create(
                mission_id=mission_id, fiscal_year=fiscal_year
            )
            sequence = ReferenceSequence.objects.select_for_update().get(pk=sequence.pk)
            label = fiscal_year_label(fiscal_year)
            code = items[0].plan.mission.code
            for number, item in enumerate(items, start=sequence.last_number + 1):
                item.proposal.reference = f"CFLI-{code}-{label}-{number:04d}"
            sequence.last_number += len(items)
            sequence.save(update_fields=["last_number"])

    # -- One proposal -------------------------------------------------------------------------

    def _proposal(self, index, submitted_at, plan: _CallPlan, remaining) -> _Pending:
        rng = self.rng
        state = self.forced_states.get(index) or _weighted(rng, STATE_WEIGHTS[plan.phase])
        language = self.forced_languages.get(index) or _weighted(rng, plan.languages)
        priority, area = rng.choice(plan.priorities) if plan.priorities else (None, None)
        themes = [theme for theme in THEMES if area in theme.areas] or list(THEMES)
        theme = rng.choice(themes)
        text, common = theme.text[language], COMMON[language]
        city, region, country = rng.choice(plan.profile.places)
        organization, owner = self._organization(plan, theme, city, region, country)
        reason = _weighted(rng, INELIGIBLE_REASONS) if state == Status.INELIGIBLE else ""
        amount_cad = self._amount(plan, above_maximum=reason == Screening.Reason.AMOUNT)
        if reason == Screening.Reason.AMOUNT and amount_cad <= plan.call.maximum_amount:
            reason = Screening.Reason.OTHER  # the call's maximum leaves no room above it
        slots = {
            "city": city,
            "region": region,
            "group": text["group"],
            "topic": text["topic"],
            "n": rng.randint(8, 120),
        }
        direct = self._beneficiaries(theme.profile, rng.randint(20, 400))
        start, end = self._dates(plan, late=reason == Screening.Reason.END_DATE)
        proposal = Proposal(
            call=plan.call,
            organization=organization,
            created_by=owner,
            submitted_by=owner,
            status=state,
            submitted_at=submitted_at,
            title=rng.choice(text["titles"]).format(**slots)[:200],
            location_city=city,
            location_region=region,
            location_country=country,
            start_date=start,
            end_date=end,
            language=language,
            call_priority=priority,
            sub_theme=self._sub_theme(theme),
            context=rng.choice(text["context"]).format(**slots),
            local_authorization_needed=rng.random() < 0.4,
            objectives=rng.choice(text["objectives"]).format(**slots),
            beneficiaries_description=rng.choice(common["beneficiaries"]).format(
                **{**slots, "n": sum(direct.values()), "m": sum(direct.values()) * 6}
            ),
            identity_factors=self._identity_factors(theme, plan.mission.code),
            beneficiaries_consulted="yes" if rng.random() < 0.93 else "no",
            consultation_explanation=rng.choice(common["consultation"]).format(
                **slots, k=rng.randint(2, 9)
            ),
            gba_differential_impacts=rng.choice(common["gba_differential"]).format(**slots),
            gba_women_consulted="yes" if rng.random() < 0.9 else "no",
            gba_consultation_influence=rng.choice(common["gba_influence"]),
            gba_do_no_harm=rng.choice(common["do_no_harm"]),
            gba_womens_organizations=rng.choice(common["womens_organizations"]).format(**slots),
            risks=rng.choice(common["risks"]),
            sustainability=rng.choice(common["sustainability"]).format(**slots),
            environment=rng.choice(common["environment"]),
            currency=plan.currency,
            exchange_rate=plan.rate,
            declarant_name=owner.full_name,
            declarant_title=rng.choice(common["declarant_titles"]),
            declaration_attested=True,
            **direct,
            **self._indirect(direct),
        )
        if proposal.local_authorization_needed:
            proposal.local_authorization_explanation = common["authorization"].format(**slots)
        pending = _Pending(
            proposal=proposal,
            state=state,
            times={},
            plan=plan,
            theme=theme,
            text=text,
            common=common,
            reason=reason,
            forced=index in self.forced_states,
        )
        self._budget(pending, amount_cad, admin_over=reason == Screening.Reason.ADMIN_CAP)
        self._story(pending, submitted_at, remaining)
        return pending

    def _organization(self, plan, theme, city, region, country) -> tuple[Organization, User]:
        """An organization of the mission working on the theme: a new one two times in five,
        else one that applied before (organizations send several proposals)."""
        bucket = self.organizations[(plan.mission.pk, theme.key)]
        if bucket and self.rng.random() < 0.6:
            return self.rng.choice(bucket)
        rng = self.rng
        language = max(plan.profile.languages, key=plan.profile.languages.get)
        if language not in LANGUAGES:
            language = "en"
        common = COMMON[language]
        kind = _weighted(rng, KINDS)
        slots = {
            "city": city,
            "region": region,
            "country": plan.profile.country_names[0].split(" and ")[0],
        }
        if kind == Organization.Kind.LOCAL_NGO:
            name = rng.choice(theme.text[language]["organizations"])
        elif kind == Organization.Kind.CANADIAN_NGO:
            name = rng.choice(CANADIAN_NGOS)
        else:
            name = rng.choice(common["kinds"][kind])
        name = name.format(**slots)
        registration = _weighted(rng, REGISTRATIONS)
        if kind != Organization.Kind.LOCAL_NGO:
            registration = Organization.Registration.REGISTERED
        number = self.next_partner
        self.next_partner += 1
        contact = f"{rng.choice(common['first_names'])} {rng.choice(common['last_names'])}"
        founded = rng.randint(1985, 2022)
        joined = plan.window[0] - timedelta(days=rng.randint(1, 60))
        owner = User(
            email=f"partner-{number:06d}@{DOMAIN}",
            full_name=contact,
            preferred_language=language,
            password=self.password,
            date_joined=joined,
        )
        words = [word for word in name.replace("—", " ").split() if word[:1].isupper()]
        organization = Organization(
            name=name,
            acronym="".join(word[0] for word in words)[:8] if rng.random() < 0.6 else "",
            kind=kind,
            country=country,
            city=city,
            description=common["description"].format(
                name=name,
                year=founded,
                group=theme.text[language]["group"],
                topic=theme.text[language]["topic"],
                region=region,
            ),
            website=f"https://org{number}.example.org" if rng.random() < 0.5 else "",
            contact_name=contact,
            contact_title=rng.choice(common["declarant_titles"]),
            contact_email=owner.email,
            has_own_bank_account=rng.random() < 0.85,
            registration_status=registration,
            created_at=joined,
            updated_at=joined,
        )
        if registration == Organization.Registration.REGISTERED:
            organization.registration_date = date(founded, rng.randint(1, 12), rng.randint(1, 28))
            organization.registration_place = region
            organization.registration_law = common["registration_law"]
        self.new_users.append(owner)
        self.new_organizations.append(organization)
        self.new_memberships.append(
            Membership(
                organization=organization,
                user=owner,
                role=Membership.Role.OWNER,
                created_at=joined,
                updated_at=joined,
            )
        )
        bucket.append((organization, owner))
        return organization, owner

    def _sub_theme(self, theme: Theme) -> SubTheme | None:
        known = [
            self.subthemes[name.lower()]
            for name in theme.sub_themes
            if name.lower() in self.subthemes
        ]
        choices = known or self.all_subthemes
        return self.rng.choice(choices) if choices else None

    def _identity_factors(self, theme: Theme, code: str) -> list[str]:
        factors = set(theme.identity_factors)
        if self.rng.random() < 0.25:
            factors.add("disability")
        if self.rng.random() < 0.08:
            factors.add("lgbtqi")
        if self.rng.random() < (0.3 if code in {"COL", "GTM"} else 0.08):
            factors.add("migrants")
        return sorted(factors)

    def _beneficiaries(self, profile: str, total: int) -> dict[str, int]:
        """Direct beneficiaries by sex and age, as the theme reaches them."""
        shares = {
            "women": {"women": 0.8, "girls": 0.08, "men": 0.1, "boys": 0.0},
            "girls": {"women": 0.45, "girls": 0.48, "men": 0.04, "boys": 0.01},
            "youth": {"women": 0.12, "girls": 0.38, "men": 0.1, "boys": 0.36},
            "mixed": {"women": 0.52, "girls": 0.08, "men": 0.34, "boys": 0.05},
        }[profile]
        counts = {
            f"direct_{group}": round(total * share * self.rng.uniform(0.8, 1.2))
            for group, share in shares.items()
        }
        other = round(total * 0.02) if self.rng.random() < 0.2 else 0
        counts["direct_other_adults"] = other
        counts["direct_other_minors"] = 0
        return counts

    def _indirect(self, direct: dict[str, int]) -> dict[str, int]:
        people = sum(direct.values()) * self.rng.randint(3, 10)
        return {
            "indirect_women": round(people * 0.31),
            "indirect_girls": round(people * 0.2),
            "indirect_men": round(people * 0.29),
            "indirect_boys": round(people * 0.2),
            "indirect_other_adults": 0,
            "indirect_other_minors": 0,
        }

    def _amount(self, plan: _CallPlan, *, above_maximum: bool) -> Decimal:
        """CAD asked: mostly the call's typical range, some up to its maximum, always within
        CAD 10,000–100,000; above the maximum for a proposal refused for its amount."""
        call = plan.call
        low, high = float(call.typical_min_amount), float(call.typical_max_amount)
        top = float(call.maximum_amount)
        if above_maximum:
            value = self.rng.uniform(top, top * 1.3)
        elif self.rng.random() < 0.75:
            value = self.rng.uniform(low, high)
        else:
            value = self.rng.uniform(high, top)
        value = min(max(value, 10_000), 100_000)
        if not above_maximum:
            value = min(value, top)
        return Decimal(round(value / 100) * 100)

    def _dates(self, plan: _CallPlan, *, late: bool) -> tuple[date, date]:
        call = plan.call
        closes = timezone.localtime(call.closes_at, plan.mission.zone).date()
        latest = call.latest_end_date
        start = min(closes + timedelta(days=self.rng.randint(20, 60)), latest - timedelta(days=30))
        start = max(start, closes + timedelta(days=1))
        end = latest - timedelta(days=self.rng.randint(0, 20))
        if late:
            end = latest + timedelta(days=self.rng.randint(10, 45))
        return start, max(end, start)

    def _budget(self, item: _Pending, amount_cad: Decimal, *, admin_over: bool) -> None:
        """Budget lines in the budget's currency whose CFLI column is the amount asked; the
        administrative line within the call's cap (above it for a proposal refused for it)."""
        rng, proposal, plan = self.rng, item.proposal, item.plan
        local = amount_cad / plan.rate
        quantum = Decimal(10) ** max(0, int(math.log10(local)) - 3)
        local = (local / quantum).quantize(Decimal(1)) * quantum
        # Rounding to a round local figure must not push the CAD amount out of its range.
        while money(local * plan.rate) < 10_000:
            local += quantum
        ceiling = min(
            Decimal(100_000),
            Decimal(100_000)
            if item.reason == Screening.Reason.AMOUNT
            else plan.call.maximum_amount,
        )
        while money(local * plan.rate) > ceiling:
            local -= quantum
        cap = float(plan.call.admin_cost_cap_percent) / 100
        admin_share = cap + 0.05 if admin_over else rng.uniform(0.04, max(0.05, cap - 0.01))
        categories = rng.sample(
            ["training", "salaries", "outreach", "travel", "equipment", "hospitality",
             "professional", "research"],
            rng.randint(3, 5),
        )  # fmt: skip
        weights = [rng.uniform(1, 4) for _category in categories]
        budget = item.common["budget"]
        lines = []
        for position, (category, weight) in enumerate(zip(categories, weights, strict=True)):
            share = (1 - admin_share) * weight / sum(weights)
            lines.append(self._line(position, category, local * Decimal(share), budget))
        # The administrative line takes the rest, so the CFLI column adds up to the amount.
        rest = local - sum(line.cfli_amount for line in lines)
        lines.append(self._line(len(lines), "administration", rest, budget, 1))
        cfli = sum(line.cfli_amount for line in lines)
        if rng.random() < 0.5:
            description, unit = budget["other"]
            months = rng.randint(3, 10)
            unit_cost = money(local * Decimal(rng.uniform(0.01, 0.03)))
            lines.append(
                BudgetLine(
                    position=len(lines),
                    category="other",
                    description=description,
                    unit=unit,
                    quantity=Decimal(months),
                    unit_cost=unit_cost,
                    cfli_amount=Decimal(0),
                    in_kind=unit_cost * months,
                )
            )
        proposal.amount_requested = cfli
        proposal.cfli_total = cfli
        proposal.project_total = money(sum(line.quantity * line.unit_cost for line in lines))
        proposal.amount_requested_cad = money(cfli * plan.rate)
        item.lines = lines

    def _line(self, position, category, amount: Decimal, budget, quantity=None) -> BudgetLine:
        description, unit = budget[category]
        quantity = Decimal(quantity or self.rng.randint(1, 24))
        unit_cost = (amount / quantity).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        return BudgetLine(
            position=position,
            category=category,
            description=description,
            unit=unit,
            quantity=quantity,
            unit_cost=unit_cost,
            cfli_amount=unit_cost * quantity,
        )

    def _story(self, item: _Pending, submitted_at: datetime, remaining) -> None:
        """The times of the proposal's steps, and its state's outcome within the envelope."""
        rng, plan = self.rng, item.plan
        state = item.state
        if state == Status.MORE_INFO_REQUESTED:
            item.asked_from = Status.IN_REVIEW if rng.random() < 0.5 else Status.SUBMITTED
        if state == Status.WITHDRAWN:
            item.asked_from = Status.IN_REVIEW if rng.random() < 0.4 else Status.SUBMITTED
        if state in REVIEWED:
            item.quality = {
                Status.APPROVED: rng.uniform(0.78, 0.95),
                Status.RECOMMENDED: rng.uniform(0.7, 0.92),
                Status.WAITLISTED: rng.uniform(0.62, 0.8),
                Status.DECLINED: rng.uniform(0.3, 0.66),
            }.get(state, rng.uniform(0.35, 0.9))
        if state == Status.APPROVED:
            self._fund(item, remaining)
        steps = self._steps(item)
        opened, closed = plan.window
        base = submitted_at if plan.phase == OPEN else max(submitted_at, closed)
        # Days between steps, squeezed when the whole story would end after now.
        gaps = [
            rng.uniform(2, 20) if step == 0 else rng.uniform(5, 25) for step in range(len(steps))
        ]
        room = (self.now - base).total_seconds() / 86400 - 0.01
        scale = min(1.0, max(room, 0.01) / sum(gaps)) if gaps else 1.0
        moment = base
        for step, gap in zip(steps, gaps, strict=True):
            moment = moment + timedelta(days=gap * scale)
            item.times[step] = moment
        # The draft was started after the call opened and before it was submitted.
        started = opened + (submitted_at - opened) / 10
        item.times["created"] = max(submitted_at - timedelta(days=rng.uniform(1, 25)), started)
        proposal = item.proposal
        proposal.created_at = item.times["created"]
        proposal.updated_at = max(submitted_at, *item.times.values())
        if item.state == Status.WITHDRAWN:
            proposal.withdrawn_at = item.times["withdrawn"]
            proposal.withdrawal_reason = rng.choice(item.common["withdrawal"])

    def _fund(self, item: _Pending, remaining) -> None:
        """The approved amount (the request, or a little less) if it fits what remains of the
        envelope; otherwise the proposal waits on the list or is declined."""
        rng, proposal, call = self.rng, item.proposal, item.plan.call
        requested = proposal.amount_requested_cad
        amount = requested
        if rng.random() < 0.35:
            amount = (requested * Decimal(rng.uniform(0.8, 0.95)) / 500).quantize(
                Decimal(1), rounding=ROUND_DOWN
            ) * 500
        amount = min(amount, call.maximum_amount)
        left = remaining[call.pk]
        # A forced approval (see _cover), or one in five, takes a smaller award that fits.
        if amount > left >= Decimal(10_000) and (item.forced or rng.random() < 0.2):
            amount = (left / 500).quantize(Decimal(1), rounding=ROUND_DOWN) * 500
        if amount > left or amount <= 0:
            item.state = Status.WAITLISTED if rng.random() < 0.15 else Status.DECLINED
            proposal.status = item.state
            return
        remaining[call.pk] = left - amount
        item.amount = amount
        self.report.approved_cad += amount

    def _steps(self, item: _Pending) -> list[str]:
        state, asked_from = item.state, item.asked_from
        if state == Status.SUBMITTED:
            return []
        if state in (Status.INELIGIBLE, Status.IN_REVIEW):
            return ["screened"]
        if state == Status.MORE_INFO_REQUESTED:
            return ["screened", "asked"] if asked_from == Status.IN_REVIEW else ["asked"]
        if state == Status.WITHDRAWN:
            return ["screened", "withdrawn"] if asked_from == Status.IN_REVIEW else ["withdrawn"]
        steps = ["screened", "reviewed"]
        if state != Status.REVIEWED:
            steps.append("recommended")
        if state in DECIDED_STATES:
            steps.append("decided")
        return steps

    # -- The parts and the review's records of a batch ----------------------------------------

    def _write_parts(self, pending: list[_Pending]) -> None:
        lines, results, activities, events = [], [], [], []
        screenings, requests, assignments, reviews, summaries, decisions = [], [], [], [], [], []
        for item in pending:
            proposal = item.proposal
            for line in item.lines:
                line.proposal = proposal
                lines.append(line)
            results.extend(self._results(item))
            activities.extend(self._activities(item))
            events.extend(self._events(item))
            screening = self._screening(item)
            if screening is not None:
                screenings.append(screening)
            if item.state == Status.MORE_INFO_REQUESTED:
                requests.append(self._information_request(item))
            item.assignments = self._assignments(item)
            assignments.extend(item.assignments)
            reviews.extend(item.reviews)
            if item.state in REVIEWED:
                summaries.append(self._summary(item))
            if item.state in DECIDED_STATES or item.state == Status.RECOMMENDED:
                decisions.append(self._decision(item))
        BudgetLine.objects.bulk_create(lines)
        ProposalResult.objects.bulk_create(results)
        ProposalActivity.objects.bulk_create(activities)
        ProposalEvent.objects.bulk_create(events)
        Screening.objects.bulk_create(screenings)
        InformationRequest.objects.bulk_create(requests)
        ReviewAssignment.objects.bulk_create(assignments)
        Review.objects.bulk_create(reviews)
        ReviewSummary.objects.bulk_create(summaries)
        Decision.objects.bulk_create(decisions)

    def _results(self, item: _Pending) -> list[ProposalResult]:
        text, total = item.text, item.proposal.direct_total()
        return [
            ProposalResult(
                proposal=item.proposal, position=0, kind="outcome", description=text["outcome"],
                indicator=text["indicator"], baseline="0", target=str(total),
            ),
            ProposalResult(
                proposal=item.proposal, position=1, kind="output", description=text["output"],
                indicator=text["indicator"], baseline="0", target="100%",
            ),
        ]  # fmt: skip

    def _activities(self, item: _Pending) -> list[ProposalActivity]:
        proposal = item.proposal
        start, end = proposal.start_date, proposal.end_date
        third = (end - start) / 3
        slots = {
            "group": item.text["group"],
            "topic": item.text["topic"],
            "city": proposal.location_city,
        }
        return [
            ProposalActivity(
                proposal=proposal,
                position=position,
                description=template.format(**slots),
                start_date=start + third * position,
                end_date=start + third * (position + 1),
            )
            for position, template in enumerate(item.common["activities"])
        ]

    def _events(self, item: _Pending) -> list[ProposalEvent]:
        proposal, staff, times = item.proposal, item.plan.staff, item.times
        owner = proposal.created_by
        events = [
            (ProposalEvent.Kind.CREATED, times["created"], owner, ""),
            (ProposalEvent.Kind.SUBMITTED, proposal.submitted_at, owner, ""),
        ]
        if "screened" in times:
            kind = (
                ProposalEvent.Kind.INELIGIBLE
                if item.state == Status.INELIGIBLE
                else ProposalEvent.Kind.IN_REVIEW
            )
            events.append((kind, times["screened"], staff.officer, ""))
        if "asked" in times:
            kind = ProposalEvent.Kind.MORE_INFO_REQUESTED
            events.append((kind, times["asked"], staff.officer, ""))
        if "reviewed" in times:
            events.append((ProposalEvent.Kind.REVIEWED, times["reviewed"], None, ""))
        if "recommended" in times:
            events.append((ProposalEvent.Kind.RECOMMENDED, times["recommended"], staff.officer, ""))
        if "decided" in times:
            events.append((EVENT_OF[item.state], times["decided"], staff.approver, ""))
        if "withdrawn" in times:
            events.append(
                (
                    ProposalEvent.Kind.WITHDRAWN,
                    times["withdrawn"],
                    owner,
                    proposal.withdrawal_reason,
                )
            )
        return [
            ProposalEvent(proposal=proposal, kind=kind, created_at=at, actor=actor, note=note)
            for kind, at, actor, note in events
        ]

    def _screening(self, item: _Pending) -> Screening | None:
        if "screened" not in item.times:
            return None
        eligible = item.state != Status.INELIGIBLE
        failed = None if eligible else FAILED_CHECK.get(item.reason, item.reason)
        checks = [
            {
                "key": key,
                "computed": True,
                "passed": key != failed,
                "note": "" if key != failed else item.common["ineligible_note"],
            }
            for key in CHECK_KEYS
        ]
        at = item.times["screened"]
        return Screening(
            proposal=item.proposal,
            checks=checks,
            outcome=Screening.Outcome.ELIGIBLE if eligible else Screening.Outcome.INELIGIBLE,
            reason="" if eligible else item.reason,
            note="" if eligible else item.common["ineligible_note"],
            screened_by=item.plan.staff.officer,
            created_at=at,
            updated_at=at,
        )

    def _information_request(self, item: _Pending) -> InformationRequest:
        at = item.times["asked"]
        return InformationRequest(
            proposal=item.proposal,
            question=item.common["question"],
            due_date=timezone.localdate(at) + timedelta(days=10),
            asked_by=item.plan.staff.officer,
            return_status=item.asked_from,
            created_at=at,
            updated_at=at,
        )

    def _assignments(self, item: _Pending) -> list[ReviewAssignment]:
        """Two reviewers for a proposal that went into review; their reviews once it was
        reviewed (every criterion scored, every checklist item answered)."""
        in_review = item.state in REVIEWED or (
            item.state in (Status.IN_REVIEW, Status.MORE_INFO_REQUESTED, Status.WITHDRAWN)
            and "screened" in item.times
        )
        reviewers = item.plan.staff.reviewers
        if not in_review or len(reviewers) < 2:
            return []
        rng, screened = self.rng, item.times["screened"]
        assignments = []
        for reviewer in rng.sample(reviewers, 2):
            declared = item.state in REVIEWED or rng.random() < 0.6
            declared_at = screened + timedelta(hours=rng.uniform(1, 48))
            assignment = ReviewAssignment(
                proposal=item.proposal,
                reviewer=reviewer,
                assigned_by=None,
                due_date=timezone.localdate(screened) + timedelta(days=14),
                declaration=(
                    ReviewAssignment.Declaration.NO_CONFLICT
                    if declared
                    else ReviewAssignment.Declaration.PENDING
                ),
                declared_at=declared_at if declared else None,
                created_at=screened,
                updated_at=declared_at if declared else screened,
            )
            assignments.append(assignment)
            if item.state in REVIEWED and item.plan.criteria:
                item.reviews.append(self._review(item, assignment, declared_at))
        return assignments

    def _review(self, item: _Pending, assignment, started: datetime) -> Review:
        rng, plan = self.rng, item.plan
        quality = min(0.99, max(0.05, item.quality + rng.gauss(0, 0.07)))
        scores = {
            str(criterion.pk): min(
                criterion.scale_max,
                max(0, round(quality * criterion.scale_max + rng.gauss(0, 0.6))),
            )
            for criterion in plan.criteria
        }
        score = scoring.weighted_score(
            criteria=[
                scoring.CriterionScore(
                    weight=criterion.weight,
                    scale_max=criterion.scale_max,
                    score=scores[str(criterion.pk)],
                )
                for criterion in plan.criteria
            ]
        )
        answers = {}
        for checklist_item in plan.items:
            draw = rng.random()
            answers[checklist_item.key] = (
                "yes" if draw < quality else "partly" if draw < quality + 0.2 else "no"
            )
        submitted = min(item.times["reviewed"], started + timedelta(days=rng.uniform(1, 10)))
        submitted = max(submitted, started)
        return Review(
            assignment=assignment,
            grid_id=plan.grid_id,
            checklist_id=plan.checklist_id,
            scores=scores,
            answers=answers,
            comment=rng.choice(item.common["review_comment"]),
            ge_code=self._ge_code(item, quality),
            ge_justification=item.common["ge_justification"],
            status=Review.Status.SUBMITTED,
            submitted_at=submitted,
            score=score,
            version=1,
            created_at=started,
            updated_at=submitted,
        )

    def _ge_code(self, item: _Pending, quality: float) -> str:
        level = 2 if item.theme.gender_focus else 1
        level += 1 if quality > 0.8 else -1 if quality < 0.4 else 0
        level += self.rng.choice((-1, 0, 0, 0, 1))
        return GE_CODES[min(3, max(0, level))]

    def _summary(self, item: _Pending) -> ReviewSummary:
        reviews = item.reviews
        scores = [review.score for review in reviews]
        spread = scoring.disagreement(review_scores=scores)
        codes = sorted(review.ge_code for review in reviews)
        if not codes:
            codes = [self._ge_code(item, item.quality)]
        at = item.times["reviewed"]
        return ReviewSummary(
            proposal=item.proposal,
            score=scoring.combined_score(review_scores=scores),
            spread=spread.spread,
            large_disagreement=spread.is_large,
            suggested_ge_code=codes[0],
            created_at=at,
            updated_at=at,
        )

    def _decision(self, item: _Pending) -> Decision:
        rng, state, common = self.rng, item.state, item.common
        staff, times = item.plan.staff, item.times
        if state == Status.APPROVED:
            recommendation = (
                Decision.Recommendation.FUND_WITH_CONDITIONS
                if rng.random() < 0.25
                else Decision.Recommendation.FUND
            )
        elif state == Status.RECOMMENDED:
            recommendation = _weighted(
                rng,
                {
                    Decision.Recommendation.FUND: 70,
                    Decision.Recommendation.FUND_WITH_CONDITIONS: 20,
                    Decision.Recommendation.WAITLIST: 10,
                },
            )
        elif state == Status.WAITLISTED:
            recommendation = Decision.Recommendation.WAITLIST
        else:
            recommendation = Decision.Recommendation.DECLINE
        funded = recommendation in (
            Decision.Recommendation.FUND,
            Decision.Recommendation.FUND_WITH_CONDITIONS,
        )
        amount = item.amount
        if funded and amount is None:  # recommended, not decided yet
            amount = min(item.proposal.amount_requested_cad, item.plan.call.maximum_amount)
        decided = state in DECIDED_STATES
        suggested = min(
            (review.ge_code for review in item.reviews),
            default=self._ge_code(item, item.quality),
        )
        final = suggested if rng.random() < 0.7 else self._ge_code(item, item.quality)
        return Decision(
            proposal=item.proposal,
            recommendation=recommendation,
            amount=amount if funded else None,
            conditions=(
                common["conditions"]
                if recommendation == Decision.Recommendation.FUND_WITH_CONDITIONS
                else ""
            ),
            rationale=common["rationale_fund"] if funded else common["rationale_other"],
            recommended_by=staff.officer,
            approved_by=staff.approver if decided else None,
            decided_at=times["decided"] if decided else None,
            ge_code=final if decided else "",
            created_at=times["recommended"],
            updated_at=times.get("decided", times["recommended"]),
        )
