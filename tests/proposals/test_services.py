import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from core.models import AuditEvent
from notifications.models import Notification
from programs.models import Call
from proposals import services
from proposals.forms import BudgetLineForm
from proposals.models import Proposal, ProposalEvent, ProposalRevision
from tests.accounts.factories import MembershipFactory, OrganizationFactory

BUDGET_LINE_FIELDS = BudgetLineForm._meta.fields

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_draft_in_a_language_the_call_accepts(
    call_mexico, organization_oaxaca, partner_oaxaca
):
    partner_oaxaca.preferred_language = "fr"  # the call takes Spanish and English only

    proposal = services.proposal_create(
        call=call_mexico, organization=organization_oaxaca, actor=partner_oaxaca
    )

    assert (proposal.status, proposal.language, proposal.currency) == ("draft", "es", "MXN")
    assert proposal.exchange_rate == call_mexico.exchange_rate
    assert list(proposal.events.values_list("kind", flat=True)) == ["created"]


def test_someone_outside_the_organization_cannot_start_its_draft(
    call_mexico, organization_oaxaca, partner_bogota
):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            call=call_mexico, organization=organization_oaxaca, actor=partner_bogota
        )
    assert not Proposal.objects.exists()


def save(proposal, actor, version, **values):
    return services.proposal_section_save(
        proposal=proposal, section="project", values=values, rows={}, version=version, actor=actor
    )


def test_a_stale_save_is_a_conflict_that_names_who_saved_and_changes_nothing(
    draft_oaxaca, partner_oaxaca, member_oaxaca
):
    save(draft_oaxaca, partner_oaxaca, 0, title="Primera versión")

    with pytest.raises(services.SectionConflict) as conflict:
        save(draft_oaxaca, member_oaxaca, 0, title="Otra versión")

    assert (conflict.value.version, conflict.value.saved_by) == (1, "Rosa Martínez")
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == "Primera versión"
    services.proposal_section_save(
        proposal=draft_oaxaca,
        section="project",
        values={"title": "Otra versión"},
        rows={},
        version=0,
        actor=member_oaxaca,
        force=True,
    )
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.section_version("project")) == (
        "Otra versión",
        2,
    )


def test_fields_of_another_section_are_ignored(draft_oaxaca, partner_oaxaca):
    save(draft_oaxaca, partner_oaxaca, 0, title="Título", declaration_attested=True)

    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.declaration_attested) == ("Título", False)


@pytest.mark.usefixtures("celery_eager")
def test_submitting_gives_a_reference_freezes_a_revision_and_notifies_members_and_officers(
    complete_draft, partner_oaxaca, member_oaxaca, officer_mexico, mailoutbox
):
    submission = services.proposal_submit(
        proposal=complete_draft,
        actor=partner_oaxaca,
        received_at=complete_draft.call.opens_at + timedelta(days=1),
    )

    proposal = submission.proposal
    assert proposal.reference == "CFLI-MEX-2026-27-0001"
    assert proposal.status == "submitted"
    revision = ProposalRevision.objects.get(proposal=proposal)
    assert revision.content["proposal"]["title"] == "Defensoras comunitarias de la Sierra Norte"
    assert revision.content["budget_lines"][0]["description"] == "Talleres"
    assert sorted(Notification.objects.values_list("email", "event")) == [
        ("member.oaxaca@example.org", "proposal_submitted"),
        ("officer.mx@example.org", "proposal_received"),
        ("owner.oaxaca@example.org", "proposal_submitted"),
    ]
    assert ProposalEvent.objects.filter(proposal=proposal, kind="submitted").count() == 1


def test_submitting_twice_returns_the_same_receipt_and_changes_nothing(
    complete_draft, partner_oaxaca
):
    moment = complete_draft.call.opens_at + timedelta(days=1)
    first = services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=moment
    )
    second = services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=moment
    )

    assert (first.already_submitted, second.already_submitted) == (False, True)
    assert second.proposal.reference == first.proposal.reference
    assert Notification.objects.filter(event="proposal_submitted").count() == 1
    assert ProposalRevision.objects.count() == 1


def test_an_incomplete_draft_is_not_submitted(draft_oaxaca, partner_oaxaca):
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(
            proposal=draft_oaxaca,
            actor=partner_oaxaca,
            received_at=draft_oaxaca.call.opens_at + timedelta(days=1),
        )
    assert error.value.code == "incomplete"
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.status, draft_oaxaca.reference) == ("draft", None)


@pytest.mark.parametrize(
    ("_case", "offset", "accepted"),
    [("one second before", -1, True), ("one second after", 1, False)],
)
def test_the_deadline_is_the_missions_to_the_second(
    _case, offset, accepted, complete_draft, partner_oaxaca
):
    closes_at = complete_draft.call.closes_at  # 23:59:59.999999 in Mexico City
    received = closes_at.replace(microsecond=0) + timedelta(
        seconds=offset + (1 if offset > 0 else 0)
    )

    if accepted:
        services.proposal_submit(
            proposal=complete_draft, actor=partner_oaxaca, received_at=received
        )
    else:
        with pytest.raises(ValidationError) as error:
            services.proposal_submit(
                proposal=complete_draft, actor=partner_oaxaca, received_at=received
            )
        assert error.value.code == "call_closed"
        assert "America/Mexico City" in error.value.messages[0]
    complete_draft.refresh_from_db()
    assert (complete_draft.status == "submitted") is accepted


def test_the_calls_maximum_per_organization_is_enforced(
    complete_draft, partner_oaxaca, private_files
):
    from tests.proposals.factories import ProposalFactory, fill_in

    call = complete_draft.call
    call.max_proposals_per_organization = 1
    call.save()
    moment = call.opens_at + timedelta(days=1)
    services.proposal_submit(proposal=complete_draft, actor=partner_oaxaca, received_at=moment)
    second = fill_in(ProposalFactory(call=call, organization=complete_draft.organization))

    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=second, actor=partner_oaxaca, received_at=moment)

    assert error.value.code == "too_many"
    second.refresh_from_db()
    assert second.status == "draft"


def test_withdrawing_needs_a_reason_and_is_on_the_timeline(complete_draft, partner_oaxaca):
    services.proposal_submit(
        proposal=complete_draft,
        actor=partner_oaxaca,
        received_at=complete_draft.call.opens_at + timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.proposal_withdraw(proposal=complete_draft, actor=partner_oaxaca, reason="  ")

    services.proposal_withdraw(
        proposal=complete_draft, actor=partner_oaxaca, reason="Otro donante financia el proyecto."
    )

    complete_draft.refresh_from_db()
    assert complete_draft.status == "withdrawn"
    assert list(complete_draft.events.values_list("kind", "note")) == [
        ("submitted", ""),
        ("withdrawn", "Otro donante financia el proyecto."),
    ]


@pytest.mark.usefixtures("celery_eager")
def test_members_get_the_confirmation_in_their_language_at_risk_ones_only_the_generic_text(
    complete_draft, partner_oaxaca, member_oaxaca, mailoutbox, django_capture_on_commit_callbacks
):
    member_oaxaca.preferred_language = "es"
    member_oaxaca.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(
            proposal=complete_draft,
            actor=partner_oaxaca,
            received_at=complete_draft.call.opens_at + timedelta(days=1),
        )

    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert (
        mails["owner.oaxaca@example.org"].subject
        == "[CFLI] Proposal CFLI-MEX-2026-27-0001 received"
    )
    assert "Propuesta CFLI-MEX-2026-27-0001 recibida" in mails["member.oaxaca@example.org"].subject

    organization = complete_draft.organization
    organization.registration_status = "at_risk"
    organization.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_withdraw(proposal=complete_draft, actor=partner_oaxaca, reason="Otro")

    assert {mail.subject for mail in mailoutbox} == {
        "[CFLI] You have a new message",
        "[FCIL] Tiene un mensaje nuevo",
    }
    assert all("Defensoras" not in mail.body for mail in mailoutbox)


def test_each_deadline_reminder_is_sent_once_and_only_for_drafts(
    draft_oaxaca, partner_oaxaca, member_oaxaca
):
    closes_at = draft_oaxaca.call.closes_at

    assert services.draft_reminders_send(now=closes_at - timedelta(hours=50)) == 0
    assert services.draft_reminders_send(now=closes_at - timedelta(hours=47)) == 2
    assert services.draft_reminders_send(now=closes_at - timedelta(hours=30)) == 0
    assert services.draft_reminders_send(now=closes_at - timedelta(minutes=90)) == 2
    assert services.draft_reminders_send(now=closes_at - timedelta(minutes=30)) == 0
    assert services.draft_reminders_send(now=closes_at + timedelta(minutes=1)) == 0
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"draft-reminder-2h:{draft_oaxaca.pk}:member.oaxaca@example.org",
        f"draft-reminder-2h:{draft_oaxaca.pk}:owner.oaxaca@example.org",
        f"draft-reminder-48h:{draft_oaxaca.pk}:member.oaxaca@example.org",
        f"draft-reminder-48h:{draft_oaxaca.pk}:owner.oaxaca@example.org",
    ]


def test_a_submitted_proposal_gets_no_reminder(complete_draft, partner_oaxaca):
    call = complete_draft.call
    services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=call.opens_at + timedelta(days=1)
    )

    assert services.draft_reminders_send(now=call.closes_at - timedelta(hours=1)) == 0


def submitted(proposal, actor):
    return services.proposal_submit(
        proposal=proposal, actor=actor, received_at=proposal.call.opens_at + timedelta(days=1)
    ).proposal


def test_a_move_the_workflow_allows_is_on_the_timeline_with_its_actor(
    complete_draft, partner_oaxaca, officer_mexico
):
    proposal = submitted(complete_draft, partner_oaxaca)

    services.proposal_move(proposal=proposal, to="in_review", actor=officer_mexico)

    proposal.refresh_from_db()
    assert proposal.status == "in_review"
    assert list(proposal.events.values_list("kind", "actor__email")) == [
        ("submitted", "owner.oaxaca@example.org"),
        ("in_review", "officer.mx@example.org"),
    ]


@pytest.mark.parametrize(
    ("_case", "to"), [("approve unreviewed", "approved"), ("back to draft", "draft")]
)
def test_a_move_the_workflow_forbids_changes_nothing(
    _case, to, complete_draft, partner_oaxaca, officer_mexico
):
    proposal = submitted(complete_draft, partner_oaxaca)

    with pytest.raises(ValidationError) as error:
        services.proposal_move(proposal=proposal, to=to, actor=officer_mexico)

    assert error.value.code == "invalid_transition"
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert proposal.events.count() == 1


def test_a_decided_proposal_can_no_longer_be_withdrawn(
    complete_draft, partner_oaxaca, officer_mexico
):
    proposal = submitted(complete_draft, partner_oaxaca)
    for step in ("in_review", "reviewed", "declined"):
        services.proposal_move(proposal=proposal, to=step, actor=officer_mexico)

    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=proposal, actor=partner_oaxaca, reason="Tarde")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["autosave", "submit"])
def test_a_draft_is_saved_and_submitted_while_its_call_row_is_locked(
    action, complete_draft, partner_oaxaca
):
    # Deadline day: hundreds of drafts of one call are saved at once, and an officer may be
    # extending the call. Each request locks its own proposal, never the call's row, or every
    # autosave of the call would wait for the one before it.
    locked, release = threading.Event(), threading.Event()

    def hold_the_call():
        with transaction.atomic():
            Call.objects.select_for_update().get(pk=complete_draft.call_id)
            locked.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold_the_call)
    holder.start()
    assert locked.wait(5)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            if action == "autosave":
                save(complete_draft, partner_oaxaca, 0, title="Red de defensoras")
            else:
                services.proposal_submit(
                    proposal=complete_draft,
                    actor=partner_oaxaca,
                    received_at=complete_draft.call.opens_at + timedelta(days=1),
                )
    finally:
        release.set()
        holder.join()

    complete_draft.refresh_from_db()
    assert complete_draft.status == ("draft" if action == "autosave" else "submitted")


# --- Who may start a draft in a call (issue 17, point 5) ---------------------------------------


@pytest.mark.parametrize(
    ("_case", "organization", "code", "message"),
    [
        (
            "based in another mission's country",
            {"country": "CO"},
            "ineligible_country",
            "This call is for organizations in Mexico, and yours is in Colombia.",
        ),
        (
            "of a type the call does not take",
            {"kind": "government"},
            "ineligible_organization_type",
            "This call is for these types of organization only: Local non-governmental or "
            "community-based organization; Local academic institution. Your organization's "
            "type is “Local, regional or national government body”.",
        ),
    ],
)
def test_a_draft_is_refused_in_a_call_that_is_not_for_the_organization_and_nothing_is_written(
    _case, organization, code, message, call_mexico
):
    membership = MembershipFactory(organization=OrganizationFactory(**organization))

    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            call=call_mexico, organization=membership.organization, actor=membership.user
        )

    assert error.value.code == code
    assert error.value.messages == [message]
    assert not Proposal.objects.exists()
    assert not ProposalEvent.objects.exists()
    assert not AuditEvent.objects.filter(verb="proposal.created").exists()


def test_a_call_naming_no_type_takes_every_type_of_its_countries(call_mexico):
    call_mexico.eligible_organization_types = []
    call_mexico.save(update_fields=["eligible_organization_types"])
    membership = MembershipFactory(organization=OrganizationFactory(kind="multilateral"))

    proposal = services.proposal_create(
        call=call_mexico, organization=membership.organization, actor=membership.user
    )

    assert proposal.status == "draft"
    assert AuditEvent.objects.filter(verb="proposal.created").count() == 1


# --- The CAD amount is the call's rate's (issue 17, point 5) -----------------------------------


def over_the_maximum_at_a_tiny_rate(proposal):
    """20,000,000 pesos (CAD 1,504,000 at the call's 0.0752), with the applicant's rate of
    0.00001 and the CAD 200 it would make, as the old code stored them."""
    proposal.budget_lines.update(quantity=1, unit_cost=20_000_000, cfli_amount=20_000_000)
    proposal.amount_requested = proposal.cfli_total = proposal.project_total = 20_000_000
    proposal.exchange_rate = Decimal("0.00001")
    proposal.amount_requested_cad = Decimal("200.00")
    proposal.save()
    return proposal


def test_a_budget_over_the_maximum_at_the_calls_rate_is_not_submitted_whatever_rate_was_typed(
    complete_draft, partner_oaxaca
):
    proposal = over_the_maximum_at_a_tiny_rate(complete_draft)

    with pytest.raises(ValidationError) as error:
        services.proposal_submit(
            proposal=proposal,
            actor=partner_oaxaca,
            received_at=proposal.call.opens_at + timedelta(days=1),
        )

    assert error.value.code == "incomplete"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reference) == ("draft", None)
    assert not Notification.objects.exists()
    assert not ProposalRevision.objects.exists()


def test_submitting_stores_the_amount_in_cad_at_the_calls_rate_of_the_day(
    complete_draft, partner_oaxaca
):
    # Saved at 0.0752 (CAD 37,600); the embassy has since set the call's rate to 0.08, and the
    # applicant's own rate says 0.05.
    complete_draft.exchange_rate = Decimal("0.05")
    complete_draft.save(update_fields=["exchange_rate"])
    Call.objects.filter(pk=complete_draft.call_id).update(exchange_rate=Decimal("0.08"))

    proposal = services.proposal_submit(
        proposal=complete_draft,
        actor=partner_oaxaca,
        received_at=complete_draft.call.opens_at + timedelta(days=1),
    ).proposal

    proposal.refresh_from_db()
    assert (proposal.amount_requested_cad, proposal.exchange_rate) == (
        Decimal("40000.00"),
        Decimal("0.08"),
    )
    revision = ProposalRevision.objects.get(proposal=proposal)
    assert revision.content["proposal"]["amount_requested_cad"] == "40000.00"


def test_saving_the_budget_stores_the_amount_in_cad_at_the_calls_rate_not_the_posted_one(
    complete_draft, partner_oaxaca
):
    lines = list(complete_draft.budget_lines.values(*BUDGET_LINE_FIELDS))

    proposal = services.proposal_section_save(
        proposal=complete_draft,
        section="budget",
        values={"currency": "MXN", "exchange_rate": Decimal("0.00001")},
        rows={"budget_lines": lines},
        version=0,
        actor=partner_oaxaca,
    )

    proposal.refresh_from_db()
    assert (proposal.amount_requested_cad, proposal.exchange_rate) == (
        Decimal("37600.00"),
        Decimal("0.0752"),
    )
