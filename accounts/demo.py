"""Demo accounts and partner organizations for `manage.py seed_demo`."""

from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import Membership, Organization, User

DEMO_PASSWORD = "cfli-demo-2026"  # noqa: S105  (published in the README: demo data only)

MEXICO, COLOMBIA = "America/Mexico_City", "America/Bogota"

# (e-mail, full name, preferred language, time zone, administrator?): each person in the zone
# they work in (the administrator at headquarters, in Canada).
DEMO_USERS = [
    ("admin@cfli.example", "Alex Administrator", "en", "America/Toronto", True),
    ("officer.mexico@cfli.example", "Mariana López", "en", MEXICO, False),
    ("reviewer.mexico@cfli.example", "Diego Hernández", "es", MEXICO, False),
    ("reviewer2.mexico@cfli.example", "Isabel Moreau", "fr", MEXICO, False),
    ("approver.mexico@cfli.example", "Claire Tremblay", "fr", MEXICO, False),
    ("officer.colombia@cfli.example", "Camila Restrepo", "en", COLOMBIA, False),
    ("reviewer.colombia@cfli.example", "Andrés Gómez", "es", COLOMBIA, False),
    ("partner.oaxaca@cfli.example", "Guadalupe Martínez", "es", MEXICO, False),
    ("partner.bogota@cfli.example", "Sofía Rodríguez", "es", COLOMBIA, False),
    ("partner.atrisk@cfli.example", "Nadia Karimi", "en", COLOMBIA, False),
]

# The organizations of the demo partners: (owner's e-mail, fields).
DEMO_ORGANIZATIONS = [
    (
        "partner.oaxaca@cfli.example",
        {
            "name": "Mujeres Tejiendo Futuro de la Sierra Norte, A.C.",
            "acronym": "MTF",
            "kind": Organization.Kind.LOCAL_NGO,
            "country": "MX",
            "city": "Ixtlán de Juárez, Oaxaca",
            "street_address": "Calle Benito Juárez 14, Barrio Centro",
            "description": (
                "Asociación civil fundada en 2011 por tejedoras zapotecas de la Sierra Norte. "
                "Acompañamos a mujeres indígenas en la defensa de sus derechos, la "
                "prevención de la violencia de género y la autonomía económica mediante "
                "cooperativas textiles. Trabajamos en 14 comunidades con asambleas "
                "comunitarias y autoridades tradicionales."
            ),
            "website": "https://mtf-oaxaca.example.org",
            "social_accounts": "facebook.com/mtf.oaxaca\ninstagram.com/mtf_oaxaca",
            "contact_name": "Guadalupe Martínez",
            "contact_title": "Coordinadora general",
            "contact_email": "partner.oaxaca@cfli.example",
            "contact_phone": "+52 951 555 0142",
            "funding_from_canada": "FCIL 2022-23: talleres de liderazgo, 480 000 MXN",
            "funding_from_others": "Fondo Semillas 2023: 250 000 MXN",
            "partner_organizations": "Consorcio Oaxaca; Red de Defensoras Comunitarias",
            "has_own_bank_account": True,
            "registration_status": Organization.Registration.REGISTERED,
            "registration_date": date(2011, 6, 3),
            "registration_place": "Oaxaca de Juárez, Oaxaca",
            "registration_law": "Código Civil para el Estado de Oaxaca",
        },
    ),
    (
        "partner.bogota@cfli.example",
        {
            "name": "Fundación Caminos de Paz",
            "acronym": "FCP",
            "kind": Organization.Kind.LOCAL_NGO,
            "country": "CO",
            "city": "Bogotá",
            "street_address": "Carrera 7 # 45-10, oficina 302",
            "description": (
                "Fundación que desde 2015 acompaña a jóvenes y mujeres víctimas del "
                "conflicto armado y a personas migrantes en Bogotá y Soacha, con "
                "formación para el empleo, atención psicosocial y participación en la "
                "implementación del Acuerdo de Paz."
            ),
            "website": "https://caminosdepaz.example.org",
            "contact_name": "Sofía Rodríguez",
            "contact_title": "Directora ejecutiva",
            "contact_email": "partner.bogota@cfli.example",
            "contact_phone": "+57 601 555 0199",
            "funding_from_others": "ACNUR 2024: 120 000 000 COP",
            "has_own_bank_account": True,
            "registration_status": Organization.Registration.REGISTERED,
            "registration_date": date(2015, 2, 17),
            "registration_place": "Cámara de Comercio de Bogotá",
            "registration_law": "Decreto 2150 de 1995",
        },
    ),
    (
        "partner.atrisk@cfli.example",
        {
            "name": "Voices for Rights Collective",
            "kind": Organization.Kind.LOCAL_NGO,
            "country": "CO",
            "city": "Cúcuta",
            "description": (
                "An informal collective of human rights defenders documenting abuses "
                "against migrants and LGBTQI+ people along the border."
            ),
            "contact_name": "Nadia Karimi",
            "contact_email": "partner.atrisk@cfli.example",
            "has_own_bank_account": False,
            "registration_status": Organization.Registration.AT_RISK,
        },
    ),
]


@transaction.atomic
def seed() -> list[str]:
    """Create the demo accounts that are missing; existing ones are left exactly as they are."""
    lines = []
    for email, full_name, language, time_zone, is_admin in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                full_name=full_name,
                preferred_language=language,
                time_zone=time_zone,
                is_staff=is_admin,
                is_superuser=is_admin,
                is_administrator=is_admin,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            lines.append(f"created account {email}")
    for owner_email, fields in DEMO_ORGANIZATIONS:
        if not Organization.objects.filter(name=fields["name"]).exists():
            organization = Organization.objects.create(**fields)
            Membership.objects.create(
                organization=organization,
                user=User.objects.get(email=owner_email),
                role=Membership.Role.OWNER,
            )
            lines.append(f"created organization {organization.name}")
    return lines
