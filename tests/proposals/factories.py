from datetime import date
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from programs.models import SubTheme
from proposals.models import (
    Attachment,
    BudgetLine,
    Proposal,
    ProposalActivity,
    ProposalResult,
)
from proposals.search import proposals_index

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft with nothing but what starting one fills in."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    language = "es"
    currency = "MXN"
    exchange_rate = Decimal("0.0752")
    created_by = factory.LazyAttribute(lambda o: o.organization.memberships.first().user)

    @factory.post_generation
    def index(obj, create, extracted, **kwargs):
        """One made in a submitted state is searchable, as proposal_submit makes it (with the
        rows it has by then: rows added later need `proposals_index` again)."""
        if create:
            proposals_index([obj])


def fill_in(proposal: Proposal) -> Proposal:
    """Every section complete: what an applicant has when the checklist is all green."""
    call = proposal.call
    proposal.title = "Defensoras comunitarias de la Sierra Norte"
    proposal.location_city = "Guelatao de Juárez"
    proposal.location_region = "Oaxaca"
    proposal.location_country = "MX"
    proposal.start_date = date(2026, 12, 1)
    proposal.end_date = date(2027, 2, 10)
    proposal.call_priority = call.priorities.first()
    proposal.sub_theme = SubTheme.objects.get_or_create(name_en="Human Rights")[0]
    proposal.context = "Las defensoras indígenas enfrentan amenazas crecientes."
    proposal.local_authorization_needed = False
    proposal.objectives = "Fortalecer la protección de 60 defensoras."
    proposal.beneficiaries_description = "Defensoras de 12 comunidades zapotecas."
    proposal.direct_women = 60
    proposal.direct_girls = 10
    proposal.beneficiaries_consulted = "yes"
    proposal.consultation_explanation = "Tres asambleas comunitarias en agosto."
    proposal.gba_differential_impacts = "Las mujeres sufren violencia diferenciada."
    proposal.gba_women_consulted = "yes"
    proposal.gba_consultation_influence = "Pidieron talleres en zapoteco."
    proposal.gba_do_no_harm = "Reuniones en lugares seguros."
    proposal.risks = "Amenazas: protocolo de seguridad."
    proposal.sustainability = "La red continúa con cuotas propias."
    proposal.environment = "Sin impacto significativo."
    proposal.amount_requested = Decimal("500000.00")
    proposal.cfli_total = Decimal("500000.00")
    proposal.project_total = Decimal("500000.00")
    proposal.amount_requested_cad = Decimal("37600.00")  # at 0.0752 CAD per peso
    proposal.declarant_name = "Rosa Martínez"
    proposal.declarant_title = "Coordinadora"
    proposal.declaration_attested = True
    proposal.save()
    ProposalResult.objects.create(
        proposal=proposal,
        kind="outcome",
        description="Defensoras protegidas",
        indicator="Número de defensoras con plan de protección",
        baseline="0",
        target="60",
    )
    ProposalActivity.objects.create(
        proposal=proposal,
        description="Talleres de autoprotección",
        start_date=date(2026, 12, 5),
        end_date=date(2027, 1, 30),
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="training",
        description="Talleres",
        unit="taller",
        quantity=Decimal("10"),
        unit_cost=Decimal("50000"),
        cfli_amount=Decimal("500000"),
    )
    attachment = Attachment(
        proposal=proposal,
        kind="budget",
        file_name="presupuesto.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=proposal.created_by,
    )
    attachment.file.save("presupuesto.pdf", ContentFile(PDF), save=True)
    return proposal
