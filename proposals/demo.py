"""Demo proposals for `seed_demo`: submitted ones and drafts, in Spanish and English."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from programs.models import Call, SubTheme

from . import services
from .models import Attachment, BudgetLine, Proposal, ProposalActivity, ProposalResult

# A one-page PDF, enough for the demo's attachments to open in a reader.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

OAXACA = {
    "title": "Red de defensoras comunitarias de la Sierra Norte",
    "location_city": "Guelatao de Juárez",
    "location_region": "Oaxaca",
    "context": (
        "En la Sierra Norte de Oaxaca, las mujeres zapotecas que defienden el territorio y el "
        "agua enfrentan amenazas, difamación y exclusión de las asambleas comunitarias. En 2025 "
        "documentamos 23 agresiones contra defensoras en 12 comunidades; ninguna tenía un plan "
        "de protección ni acceso a acompañamiento jurídico en su lengua."
    ),
    "local_authorization_needed": True,
    "local_authorization_explanation": (
        "Las asambleas de las 12 comunidades aprobaron el proyecto por acta; las tenemos."
    ),
    "objectives": (
        "Que 60 defensoras zapotecas cuenten con planes de protección, una red de alerta y "
        "acompañamiento jurídico, y participen con voz en las asambleas comunitarias."
    ),
    "beneficiaries_description": (
        "60 defensoras zapotecas y 15 jóvenes de 12 comunidades de la Sierra Norte; de forma "
        "indirecta, sus familias y las asambleas comunitarias."
    ),
    "direct_women": 60,
    "direct_girls": 15,
    "indirect_women": 400,
    "indirect_men": 350,
    "indirect_girls": 220,
    "indirect_boys": 210,
    "identity_factors": ["indigenous"],
    "beneficiaries_consulted": "yes",
    "consultation_explanation": (
        "Tres asambleas de mujeres en agosto de 2026, en zapoteco, definieron las actividades."
    ),
    "gba_differential_impacts": (
        "Las defensoras sufren agresiones que los hombres defensores no enfrentan: difamación "
        "sobre su vida privada, violencia sexual y exclusión de la toma de decisiones. Las "
        "jóvenes indígenas tienen además menos acceso a la escuela y al español."
    ),
    "gba_women_consulted": "yes",
    "gba_consultation_influence": (
        "Pidieron talleres en zapoteco, horarios compatibles con el trabajo de cuidados y "
        "cuidado infantil durante las sesiones: los tres están en el presupuesto."
    ),
    "gba_do_no_harm": (
        "La visibilidad puede aumentar el riesgo: los talleres se hacen en lugares seguros, la "
        "red de alerta usa mensajería cifrada y ninguna defensora aparece en publicaciones sin "
        "su consentimiento."
    ),
    "gba_womens_organizations": "Colectiva de Mujeres Zapotecas; Consorcio Oaxaca.",
    "risks": (
        "Amenazas contra participantes: protocolo de seguridad y acompañamiento de Consorcio "
        "Oaxaca. Lluvias que cierran caminos: calendario flexible."
    ),
    "sustainability": (
        "La red de alerta sigue con cuotas de las organizaciones y el apoyo de la Defensoría "
        "de los Derechos Humanos del Pueblo de Oaxaca."
    ),
    "environment": "Sin impacto significativo: talleres en espacios comunitarios existentes.",
    "declarant_name": "Guadalupe Martínez",
    "declarant_title": "Coordinadora general",
}
OAXACA_BUDGET = [
    ("training", "Talleres de autoprotección en zapoteco", "taller", 12, 28000),
    ("professional", "Acompañamiento jurídico", "mes", 3, 45000),
    ("outreach", "Red de alerta: teléfonos y saldo", "equipo", 20, 3500),
    ("travel", "Transporte de participantes", "viaje", 60, 700),
    ("administration", "Contabilidad y gestión", "mes", 3, 14000),
]

BOGOTA = {
    "title": "Safe jobs for young women who survived the armed conflict",
    "location_city": "Soacha",
    "location_region": "Cundinamarca",
    "context": (
        "In Soacha, 38% of young women aged 18 to 28 who survived the armed conflict are "
        "neither working nor studying. Employers rarely hire them, and the jobs on offer often "
        "expose them to harassment."
    ),
    "local_authorization_needed": False,
    "objectives": (
        "Forty young women gain a vocational certificate and a safe first job, and twelve "
        "local employers adopt an anti-harassment protocol."
    ),
    "beneficiaries_description": "Forty young women survivors of the conflict in Soacha.",
    "direct_women": 40,
    "indirect_women": 90,
    "indirect_men": 60,
    "indirect_girls": 45,
    "indirect_boys": 40,
    "identity_factors": ["migrants"],
    "beneficiaries_consulted": "yes",
    "consultation_explanation": "Two focus groups with 25 young women in July 2026.",
    "gba_differential_impacts": (
        "Young women face harassment at work and carry unpaid care work that young men do "
        "not; migrant women also lack the papers employers ask for."
    ),
    "gba_women_consulted": "yes",
    "gba_consultation_influence": (
        "They asked for evening classes and a childcare corner, both in the budget."
    ),
    "gba_do_no_harm": "Employers are screened and sign the protocol before any placement.",
    "gba_womens_organizations": "Red de Mujeres Víctimas de Soacha.",
    "risks": "Low employer uptake: the chamber of commerce co-hosts the employer meetings.",
    "sustainability": "The training module joins the SENA regional catalogue in 2027.",
    "environment": "No significant impact.",
    "declarant_name": "Sofía Rodríguez",
    "declarant_title": "Executive director",
}
BOGOTA_BUDGET = [
    ("training", "Vocational course (160 hours)", "participant", 40, 1800000),
    ("salaries", "Psychosocial counsellor", "month", 3, 4500000),
    ("hospitality", "Meals during classes", "participant", 40, 350000),
    ("administration", "Accounting and reporting", "month", 3, 3000000),
]


def _open_call(mission_code: str) -> Call | None:
    now = timezone.now()
    return (
        Call.objects.open_at(now).filter(mission__code=mission_code).order_by("closes_at").first()
    )


def _fill(proposal: Proposal, content: dict, budget: list, *, language: str) -> None:
    call = proposal.call
    start = min(
        timezone.localdate() + timedelta(days=35), call.latest_end_date - timedelta(days=60)
    )
    end = call.latest_end_date - timedelta(days=5)
    for name, value in content.items():
        setattr(proposal, name, value)
    proposal.language = language
    proposal.start_date, proposal.end_date = start, end
    proposal.call_priority = call.priorities.order_by("priority_area__position").first()
    proposal.sub_theme = SubTheme.objects.filter(name_en__iexact="human rights").first()
    proposal.declaration_attested = True
    proposal.save()
    ProposalResult.objects.create(
        proposal=proposal,
        kind="outcome",
        description=content["objectives"],
        indicator="%",
        baseline="0",
        target="100%",
    )
    ProposalActivity.objects.create(
        proposal=proposal,
        description=budget[0][1],
        start_date=start,
        end_date=end - timedelta(days=10),
    )
    for position, (category, description, unit, quantity, cost) in enumerate(budget):
        BudgetLine.objects.create(
            proposal=proposal,
            position=position,
            category=category,
            description=description,
            unit=unit,
            quantity=Decimal(quantity),
            unit_cost=Decimal(cost),
            cfli_amount=Decimal(quantity * cost),
        )
    total = sum(Decimal(quantity * cost) for _c, _d, _u, quantity, cost in budget)
    proposal.amount_requested = total
    proposal.save()
    services.proposal_budget_recompute(proposal)
    proposal.save()
    for kind in call.required_attachments:
        attachment = Attachment(
            proposal=proposal,
            kind=kind,
            file_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
            sha256="",
            uploaded_by=proposal.created_by,
        )
        attachment.file.save(f"{kind}.pdf", ContentFile(DEMO_PDF), save=True)


def _start(call: Call, organization: Organization) -> Proposal:
    owner = User.objects.get(memberships__organization=organization, memberships__role="owner")
    return services.proposal_create(call=call, organization=organization, actor=owner)


@transaction.atomic
def seed() -> list[str]:
    """A submitted proposal and a draft for Oaxaca, a submitted one for Bogotá, a draft for the
    organization at risk; nothing if the organization already has proposals."""
    lines = []
    plans = [
        ("MEX", "Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", OAXACA, OAXACA_BUDGET, "es"),
        ("COL", "Fundación Caminos de Paz", BOGOTA, BOGOTA_BUDGET, "en"),
    ]
    for code, name, content, budget, language in plans:
        call = _open_call(code)
        organization = Organization.objects.filter(name=name).first()
        if call is None or organization is None or organization.proposals.exists():
            continue
        proposal = _start(call, organization)
        _fill(proposal, content, budget, language=language)
        submission = services.proposal_submit(
            proposal=proposal, actor=proposal.created_by, received_at=timezone.now()
        )
        lines.append(f"submitted proposal {submission.proposal.reference}")
        if code == "MEX":
            draft = _start(call, organization)
            draft.title = "Agua limpia para las escuelas de Ixtlán"
            draft.context = "Seis escuelas de Ixtlán no tienen agua potable."
            draft.save()
            lines.append(f"started a draft for {organization.name}")
    at_risk = Organization.objects.filter(name="Voices for Rights Collective").first()
    call = _open_call("COL")
    if at_risk is not None and call is not None and not at_risk.proposals.exists():
        draft = _start(call, at_risk)
        draft.title = "Documentación de abusos contra personas migrantes en la frontera"
        draft.language = "es"
        draft.save()
        lines.append(f"started a draft for {at_risk.name}")
    return lines
