"""Drafts: starting a proposal, and saving what the applicant types, one section at a time.

A member of an organization starts a draft for an open call the organization may apply to (its
country and its type), in their own language if the call accepts it, else in the call's first.
Saving a section writes only that section's fields and rows. A save over a newer save of the
same section, by someone else or by the same person in another tab or window, is refused, saying
who saved and when, unless the person chooses to keep their own text. Saving the budget
recomputes its totals; the amount requested is the total of the CFLI column, never typed in,
and its value in CAD is at the call's rate."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.permissions import is_member
from core.services import audit_record
from programs.models import Call

from .. import budget, permissions
from ..models import (
    BudgetLine,
    OtherFunder,
    Proposal,
    ProposalActivity,
    ProposalEvent,
    ProposalResult,
)
from ..sections import BY_KEY
from ._common import _check_call_open, _convert_to_cad

ROW_MODELS = {
    "results": ProposalResult,
    "activities": ProposalActivity,
    "budget_lines": BudgetLine,
    "other_funders": OtherFunder,
}


class SectionConflict(Exception):
    """The section was saved from another page since this form was loaded: by someone else, or
    by the same person in another tab or window (`same_person`). Nothing saved is overwritten."""

    def __init__(
        self, *, version: int, saved_by: str, saved_at: datetime | None, same_person: bool = False
    ):
        super().__init__("section conflict")
        self.version, self.saved_by, self.saved_at = version, saved_by, saved_at
        self.same_person = same_person


def _check_eligible(call: Call, organization: Organization) -> None:
    """The rule the list of open calls applies, enforced: a call's create URL posted to
    directly gives no way around it."""
    if not permissions.is_in_call_countries(organization, call):
        raise ValidationError(
            _("This call is for organizations in %(countries)s, and yours is in %(country)s."),
            code="ineligible_country",
            # django-countries' fields give Country objects; its stubs type them as strings.
            params={
                "countries": ", ".join(str(country.name) for country in call.mission.countries),  # type: ignore[attr-defined]
                "country": str(organization.country.name),  # type: ignore[attr-defined]
            },
        )
    if not permissions.is_of_call_types(organization, call):
        raise ValidationError(
            _(
                "This call is for these types of organization only: %(types)s. Your "
                "organization's type is “%(kind)s”."
            ),
            code="ineligible_organization_type",
            params={
                "types": "; ".join(map(str, call.eligible_organization_type_labels)),
                "kind": str(organization.get_kind_display()),
            },
        )


@transaction.atomic
def proposal_create(*, call: Call, organization: Organization, actor: User) -> Proposal:
    """A member starts a draft for an open call their organization may apply to (its country
    and type), in the first language the call accepts that they speak."""
    if not is_member(actor, organization):
        raise PermissionDenied
    _check_call_open(call, timezone.now())
    _check_eligible(call, organization)
    languages = call.accepted_languages or ["en"]
    language = actor.preferred_language if actor.preferred_language in languages else languages[0]
    proposal = Proposal.objects.create(
        call=call,
        organization=organization,
        created_by=actor,
        language=language,
        currency=call.mission.local_currency,
        exchange_rate=call.exchange_rate,
        location_country=organization.country,
        location_city=organization.city,
    )
    ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.CREATED, actor=actor)
    audit_record(verb="proposal.created", actor=actor, target=proposal, mission_id=call.mission_id)
    return proposal


# Fields a section's save computes from what was typed: a value posted for one is ignored.
SECTION_COMPUTED = {
    "budget": {"amount_requested", "cfli_total", "project_total", "amount_requested_cad"}
}


@transaction.atomic
def proposal_section_save(
    *,
    proposal: Proposal,
    section: str,
    values: dict,
    rows: dict[str, list[dict]],
    version: int,
    actor: User,
    editor: str = "",
    force: bool = False,
) -> Proposal:
    """Save what the applicant typed in one section of a draft.

    `version` is the section's version the form was loaded with, and `editor` the token of the
    page that sends it: if the section was saved since from another page (someone else's, or
    the same person's in another tab), a `SectionConflict` says who and when, and nothing is
    written (unless `force`, when the person chose to keep their own text). `values` and
    `rows` hold only valid input; the caller keeps the rest on screen with its error. Values
    that break a rule of the proposal (an end date before the start) are refused with a
    `ValidationError` on their field, and nothing is written.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission")
        .get(pk=proposal.pk)
    )
    if not permissions.can_edit_proposal(actor, proposal):
        raise PermissionDenied
    current = proposal.section_versions.get(section, {})
    # An older version is a conflict whoever saved since, the same person in another tab too.
    # Only the same page's own earlier save is not: an autosave still in flight when Save is
    # pressed, or when the page is left and its beacon sent.
    same_page = bool(editor) and (current.get("editor"), current.get("by_id")) == (editor, actor.pk)
    stale = current.get("version", 0) != version and not same_page
    if stale and not force:
        raise SectionConflict(
            version=current.get("version", 0),
            saved_by=current.get("by", ""),
            saved_at=datetime.fromisoformat(current["at"]) if current.get("at") else None,
            same_person=current.get("by_id") == actor.pk,
        )
    computed = SECTION_COMPUTED.get(section, set())
    allowed = set(BY_KEY[section].fields) - computed
    for name, value in values.items():
        if name in allowed:
            setattr(proposal, name, value)
    for name, items in rows.items():
        if name in BY_KEY[section].row_sets:
            _replace_rows(proposal, name, items)
    if section == "budget":
        proposal_budget_recompute(proposal)
    now = timezone.now()
    proposal.section_versions[section] = {
        "version": current.get("version", 0) + 1,
        "by": actor.full_name or actor.email,
        "by_id": actor.pk,
        "editor": editor,
        "at": now.isoformat(),
    }
    # Check and write only what this section changes: the rest was checked when it was saved.
    columns = {field.name for field in Proposal._meta.concrete_fields}
    changed = columns & (allowed | computed | {"section_versions", "updated_at"})
    proposal.full_clean(exclude=columns - changed, validate_unique=False)
    proposal.save(update_fields=changed)
    return proposal


def _replace_rows(proposal: Proposal, name: str, items: list[dict]) -> None:
    model = ROW_MODELS[name]
    model._default_manager.filter(proposal=proposal).delete()
    model._default_manager.bulk_create(
        model(proposal=proposal, position=position, **item) for position, item in enumerate(items)
    )


def proposal_budget_recompute(proposal: Proposal) -> None:
    """The budget's totals from its lines: the amount requested is the CFLI column's total
    (none while there is no line), with its value in CAD. The caller saves the proposal."""
    lines = list(proposal.budget_lines.all())
    totals = budget.totals(lines)
    proposal.cfli_total = totals.cfli
    proposal.project_total = totals.project
    proposal.amount_requested = totals.cfli if lines else None
    _convert_to_cad(proposal)
