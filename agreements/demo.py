"""Demo agreements for `seed_demo`: Mexico projects at each stage after approval (the reviews'
demo leaves one with its budget to adjust), taken there through the services."""

import datetime

from django.db import transaction

from accounts.models import Organization, User
from proposals import demo as proposal_demo
from proposals.models import Proposal
from reviews import demo as review_demo

from . import money, services
from .models import PUBLICATION_FIELDS, ContributionAgreement

OFFICER = review_demo.OFFICER
APPROVER = review_demo.APPROVER

# title, and how far its agreement goes.
PLAN = [
    ("Agua potable para las escuelas de la Chinantla", "to_sign"),
    ("Radio de mujeres zapotecas en Juchitán", "advance_paid"),
    ("Parteras tradicionales de la Montaña", "amended"),
    ("Taller de costura de Tlacolula", "terminated"),
]
# What Canada publishes of each demo project (decision 0024), in English and French: the
# proposals are in Spanish, so the officer wrote these.
PUBLICATION = {
    "Agua potable para las escuelas de la Chinantla": (
        "Safe drinking water for the schools of La Chinantla",
        "De l'eau potable pour les écoles de La Chinantla",
        "Installing rainwater harvesting and filters in eight rural schools, with the parents' "
        "committees trained to maintain them.",
        "Installer la récupération des eaux de pluie et des filtres dans huit écoles rurales, "
        "avec des comités de parents formés à leur entretien.",
        "Eight schools with safe water all year\nParents' committees, half of them women, "
        "maintaining the systems",
        "Huit écoles disposant d'eau potable toute l'année\nDes comités de parents, "
        "pour moitié des femmes, qui entretiennent les installations",
    ),
    "Radio de mujeres zapotecas en Juchitán": (
        "A Zapotec women's radio in Juchitán",
        "Une radio des femmes zapotèques à Juchitán",
        "Training Zapotec women to produce weekly radio programs on their rights, in their "
        "language.",
        "Former des femmes zapotèques à produire des émissions de radio hebdomadaires sur leurs "
        "droits, dans leur langue.",
        "30 women trained in radio production\n40 programs broadcast in Zapotec",
        "30 femmes formées à la production radiophonique\n40 émissions diffusées en zapotèque",
    ),
    "Parteras tradicionales de la Montaña": (
        "Traditional midwives of La Montaña",
        "Les sages-femmes traditionnelles de La Montaña",
        "Strengthening the network of traditional midwives and its links with the region's "
        "health centres.",
        "Renforcer le réseau des sages-femmes traditionnelles et ses liens avec les centres de "
        "santé de la région.",
        "60 midwives trained in obstetric warning signs\nA referral protocol agreed with "
        "four health centres",
        "60 sages-femmes formées aux signes d'alerte obstétricaux\nUn protocole d'orientation "
        "convenu avec quatre centres de santé",
    ),
    "Taller de costura de Tlacolula": (
        "A sewing workshop in Tlacolula",
        "Un atelier de couture à Tlacolula",
        "Equipping a women's cooperative sewing workshop and training its members in management.",
        "Équiper l'atelier de couture d'une coopérative de femmes et former ses membres à la "
        "gestion.",
        "A workshop equipped and open\n25 members trained in management",
        "Un atelier équipé et ouvert\n25 membres formées à la gestion",
    ),
    "Huertos escolares de Etla": (
        "School gardens in Etla",
        "Des potagers scolaires à Etla",
        "Planting vegetable gardens in twelve schools, tended by pupils and their mothers.",
        "Créer des potagers dans douze écoles, entretenus par les élèves et leurs mères.",
        "12 school gardens producing all year\n600 pupils eating their produce",
        "12 potagers scolaires productifs toute l'année\n600 élèves qui en consomment la récolte",
    ),
    "Biblioteca comunitaria de Ixtlán": (
        "A community library in Ixtlán",
        "Une bibliothèque communautaire à Ixtlán",
        "Opening a community library with reading clubs for girls and young women.",
        "Ouvrir une bibliothèque communautaire avec des clubs de lecture pour les filles et les "
        "jeunes femmes.",
        "A library open six days a week\nFour reading clubs led by young women",
        "Une bibliothèque ouverte six jours par semaine\nQuatre clubs de lecture animés par "
        "des jeunes femmes",
    ),
    "Cooperativa de miel de Zaachila": (
        "A honey cooperative in Zaachila",
        "Une coopérative de miel à Zaachila",
        "Helping a women's beekeeping cooperative to process, label and sell its honey.",
        "Aider une coopérative apicole de femmes à transformer, étiqueter et vendre son miel.",
        "A processing room up to standard\nSales in three regional markets",
        "Une miellerie aux normes\nDes ventes sur trois marchés régionaux",
    ),
}
ACCOUNT = {
    "holder": "",
    "bank_name": "Banco del Bienestar",
    "bank_address": "Oaxaca de Juárez",
    "account_number": "0123 4567 8901 4821",
    "swift_bic": "BNMXMXMM",
    "iban": "",
}


def _user(email: str) -> User:
    return User.objects.get(email=email)


def take(agreement, stage: str, partner: User) -> None:
    """Take an agreement through the services to a stage of PLAN."""
    officer, approver = _user(OFFICER), _user(APPROVER)
    _publication_write(agreement, officer)
    services.agreement_mark_ready(agreement=agreement, actor=officer)
    services.bank_account_set(
        agreement=agreement,
        actor=partner,
        **{**ACCOUNT, "holder": agreement.proposal.organization.name},
    )
    if stage == "to_sign":
        return
    services.agreement_sign(
        agreement=agreement,
        actor=partner,
        signatory_name=partner.full_name or partner.email,
        signatory_title="Directora",
        attested=True,
    )
    services.agreement_countersign(agreement=agreement, actor=approver)
    advance = agreement.instalments.get(sequence=1)
    services.payment_record(
        agreement=agreement,
        instalment=advance,
        actor=officer,
        paid_on=agreement.today,
        amount_cad=advance.amount_cad,
        amount_local=money.in_currency(advance.amount_cad, agreement.exchange_rate),
        reference="SPEI-2026-0415",
    )
    if stage == "amended":
        amendment = services.amendment_request(
            agreement=agreement,
            actor=partner,
            kind="extension",
            reason="Las lluvias de julio cerraron el camino a las comunidades seis semanas.",
            new_end_date=agreement.end_date + datetime.timedelta(days=60),
        )
        services.amendment_decide(amendment=amendment, actor=approver, approve=True)
    elif stage == "terminated":
        amendment = services.amendment_request(
            agreement=agreement,
            actor=officer,
            kind="termination",
            reason="La cooperativa se disolvió en asamblea; el taller no abrirá.",
            repaid_cad=advance.amount_cad / 2,
        )
        services.amendment_decide(amendment=amendment, actor=approver, approve=True)


def _publication_write(agreement, officer: User) -> bool:
    """The demo project's texts for publication, when it has some and they are not written."""
    texts = PUBLICATION.get(agreement.proposal.title)
    if texts is None or not agreement.publication_missing:
        return False
    values = dict(zip(PUBLICATION_FIELDS, texts, strict=True))
    services.agreement_publication_set(agreement=agreement, actor=officer, values=values)
    return True


def new_agreements(plan):
    """For each (title, stage) of a plan not in the demo yet, a Mexico proposal of that title
    approved as it asked, and its agreement: (agreement, stage, the partner who wrote it).
    Nothing when the demo has no such organization or open call."""
    organization = Organization.objects.filter(name__startswith="Mujeres Tejiendo").first()
    call = proposal_demo._open_call("MEX")
    if organization is None or call is None:
        return
    for title, stage in plan:
        if Proposal.objects.filter(organization=organization, title=title).exists():
            continue
        proposal = review_demo.take_to(call, organization, title, "approved", as_requested=True)
        yield ContributionAgreement.objects.get(proposal=proposal), stage, proposal.created_by


@transaction.atomic
def seed() -> list[str]:
    lines = []
    for agreement, stage, partner in new_agreements(PLAN):
        take(agreement, stage, partner)
        lines.append(f"took the agreement of {agreement.proposal.reference} to {stage}")
    # A demo seeded before the texts existed gets them too.
    earlier = ContributionAgreement.objects.filter(proposal__title__in=PUBLICATION).select_related(
        "proposal"
    )
    for agreement in earlier:
        if _publication_write(agreement, _user(OFFICER)):
            lines.append(f"wrote the texts for publication of {agreement.proposal.reference}")
    return lines
