import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import Membership, Organization, User
from programs.models import Call, Mission, MissionStaff, PriorityArea, SubTheme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]

DEMO_EMAILS = {
    "admin@cfli.example",
    "officer.mexico@cfli.example",
    "reviewer.mexico@cfli.example",
    "reviewer2.mexico@cfli.example",
    "approver.mexico@cfli.example",
    "officer.colombia@cfli.example",
    "reviewer.colombia@cfli.example",
    "partner.oaxaca@cfli.example",
    "partner.bogota@cfli.example",
    "partner.atrisk@cfli.example",
}


def test_seed_demo_creates_the_demo_accounts_with_verified_addresses(client, capsys):
    call_command("seed_demo")

    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    assert set(EmailAddress.objects.filter(verified=True).values_list("email", flat=True)) == (
        DEMO_EMAILS
    )
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [
        "admin@cfli.example"
    ]
    response = client.post(
        "/accounts/login/", {"login": "partner.oaxaca@cfli.example", "password": "cfli-demo-2026"}
    )
    assert response.status_code == 302
    assert "Demo data: 85 change(s)." in capsys.readouterr().out


def test_seed_demo_creates_the_partner_organizations_with_their_owners():
    call_command("seed_demo")

    owners = Membership.objects.filter(role="owner")
    assert sorted(owners.values_list("user__email", "organization__country")) == [
        ("partner.atrisk@cfli.example", "CO"),
        ("partner.bogota@cfli.example", "CO"),
        ("partner.oaxaca@cfli.example", "MX"),
    ]
    at_risk = Organization.objects.get(registration_status="at_risk")
    assert (at_risk.street_address, at_risk.contact_phone) == ("", "")
    for organization in Organization.objects.all():
        organization.full_clean()  # the demo passes the profile's own rules


def test_seed_demo_creates_missions_catalogue_roles_and_calls():
    call_command("seed_demo")

    assert Mission.objects.count() == 5
    assert Mission.objects.get(name_en="Embassy of Canada to Haiti").proposal_languages == [
        "fr",
        "en",
    ]
    assert PriorityArea.objects.count() == 6
    assert SubTheme.objects.count() == 31
    assert set(MissionStaff.objects.values_list("user__email", "mission__name_en", "role")) == {
        ("officer.mexico@cfli.example", "Embassy of Canada to Mexico", "program_officer"),
        ("reviewer.mexico@cfli.example", "Embassy of Canada to Mexico", "reviewer"),
        ("reviewer2.mexico@cfli.example", "Embassy of Canada to Mexico", "reviewer"),
        ("approver.mexico@cfli.example", "Embassy of Canada to Mexico", "approver"),
        ("officer.colombia@cfli.example", "Embassy of Canada to Colombia", "program_officer"),
        ("reviewer.colombia@cfli.example", "Embassy of Canada to Colombia", "reviewer"),
    }
    assert User.objects.get(email="admin@cfli.example").is_administrator is True
    for country in ("Mexico", "Colombia"):
        statuses = sorted(
            call.status for call in Call.objects.filter(mission__name_en__endswith=country)
        )
        assert statuses == [Call.Status.CLOSED, Call.Status.OPEN, Call.Status.SCHEDULED]
        assert all(call.priorities.exists() for call in Call.objects.all())


def test_a_second_seed_demo_changes_nothing(capsys):
    call_command("seed_demo")
    before = list(User.objects.order_by("pk").values())
    capsys.readouterr()

    call_command("seed_demo")

    assert list(User.objects.order_by("pk").values()) == before
    assert EmailAddress.objects.count() == len(DEMO_EMAILS)
    assert Organization.objects.count() == 3
    assert Call.objects.count() == 6
    assert "Demo data: up to date." in capsys.readouterr().out


def test_seed_demo_creates_proposals_in_every_state_of_their_life():
    from proposals.models import Proposal

    call_command("seed_demo")

    assert sorted(Proposal.objects.values_list("organization__name", "status", "language")) == [
        ("Fundación Caminos de Paz", "submitted", "en"),
        # One funded below what it asked, four at each stage of their agreement, three at
        # stages of their reports.
        *[("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "approved", "es")] * 8,
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "declined", "es"),
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "draft", "es"),
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "in_review", "es"),
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "more_info_requested", "es"),
        # Decided, held for release on the committee page.
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "recommended", "es"),
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "reviewed", "es"),
        ("Mujeres Tejiendo Futuro de la Sierra Norte, A.C.", "submitted", "es"),
        ("Voices for Rights Collective", "draft", "es"),
    ]
    in_review = Proposal.objects.get(status="in_review")
    submitted_reviews = in_review.review_assignments.filter(review__status="submitted")
    assert submitted_reviews.count() == 1
    label = in_review.call.fiscal_year_label
    assert in_review.reference == f"CFLI-MEX-{label}-0001"
    reduced = Proposal.objects.get(status="approved", agreement__status="budget_adjustment")
    assert reduced.decision.amount == 30000
    assert Proposal.objects.get(status="recommended").decision.is_held
    waiting = Proposal.objects.get(status="more_info_requested").information_requests.get()
    assert waiting.is_open
    call_command("seed_demo")  # a second run changes nothing
    assert Proposal.objects.count() == 17


def test_the_demo_calls_are_valid_published_calls_whatever_the_day_it_runs():
    from datetime import date, timedelta

    from programs.demo import EXCHANGE_RATES, _calls_for

    call_command("seed_demo")

    for call in Call.objects.all():
        call.full_clean()  # every language, and projects ending after the deadline
    mission = Mission.objects.get(code="MEX")
    for day in (date(2027, 1, 1) + timedelta(days=days) for days in range(0, 365, 7)):
        for spec in _calls_for(mission, day):
            spec.pop("priorities"), spec.pop("published")
            call = Call(
                mission=mission,
                published_at=day,
                exchange_rate=EXCHANGE_RATES[mission.local_currency],
                **spec,
            )
            call.clean()


def test_the_demo_proposals_are_found_by_the_words_of_their_budget():
    from proposals.models import Proposal
    from proposals.search import proposal_search

    call_command("seed_demo")

    found = proposal_search(Proposal.objects.all(), "counsellor")
    assert [proposal.organization.name for proposal in found] == ["Fundación Caminos de Paz"]


def test_seed_demo_shows_mexico_agreements_at_each_stage_after_approval():
    from agreements.models import ContributionAgreement

    call_command("seed_demo")
    call_command("seed_demo")  # a second run adds nothing

    agreements = ContributionAgreement.objects.filter(mission__code="MEX")
    assert sorted(agreements.values_list("status", flat=True)) == [
        "active",
        "active",
        "active",
        "active",
        "budget_adjustment",
        "closed",
        "terminated",
        "to_sign",
    ]
    paid = agreements.filter(instalments__status="paid").distinct()
    assert paid.count() == 6  # the advance of each agreement signed by both
    amended = agreements.get(amendments__kind="extension", amendments__status="approved")
    assert amended.status == "active"


def test_seed_demo_shows_mexico_reports_under_revision_closed_and_overdue():
    from monitoring.models import Closure, FollowUp, Report

    call_command("seed_demo")
    call_command("seed_demo")  # a second run adds nothing

    revision = Report.objects.get(status="revision_requested")
    assert revision.kind == "interim"
    assert revision.reviews.get().comments.startswith("Falta el número de niñas")
    closure = Closure.objects.get()
    assert closure.agreement.status == "closed"
    assert closure.agreement.reports.get(kind="final").status == "accepted"
    assert closure.paid_cad == closure.agreement.amount_cad
    overdue = Report.objects.get(
        agreement__proposal__title="Cooperativa de miel de Zaachila", kind="interim"
    )
    assert overdue.is_overdue
    assert FollowUp.objects.get(status="open").visit.agreement == overdue.agreement
