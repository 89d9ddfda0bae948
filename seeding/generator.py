"""The generation: where each proposal goes and when it arrived, who sent it, what it says,
and the batch writes (organizations, proposals, their parts and review records).

Every choice is drawn from one `random.Random`, in a fixed order, so the same seed on the same
database gives the same rows. The figures are in `figures.py`, the steps' times in
`timeline.py`, the review's records in `records.py`, the calls in `calls.py`; the weights and
texts drawn from are in `profiles.py`, `themes.py` and `texts.py`.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db.models import Sum

from accounts.models import Membership, Organization, User
from core.text import search_text
from programs.models import Call, SubTheme
from proposals.models import Proposal
from proposals.search import proposals_index
from proposals.services import references_allocate
from reviews.models import Decision, Screening

from . import calls, figures, records, timeline
from .plans import CallPlan, Pending, VolumeReport
from .profiles import (
    DOMAIN,
    INELIGIBLE_REASONS,
    KINDS,
    LANGUAGES,
    REGISTRATIONS,
    SEEDED_STATES,
    STATE_WEIGHTS,
    weighted,
)
from .texts import CANADIAN_NGOS, COMMON
from .themes import THEMES, Theme

Status = Proposal.Status


class Generator:
    """One run: it draws every choice from `rng`, so the same seed on the same data gives the
    same rows."""

    def __init__(self, rng: random.Random, now: datetime, report: VolumeReport):
        self.rng = rng
        self.now = now
        self.report = report
        self.plans: list[CallPlan] = []
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

    def prepare(self, codes: list[str], fiscal_years: int) -> None:
        """The catalogue, missions, staff and calls (see calls.py), before the batches."""
        self.plans, self.all_subthemes = calls.prepare(
            codes=codes,
            fiscal_years=fiscal_years,
            rng=self.rng,
            now=self.now,
            report=self.report,
            password=self.password,
        )
        self.subthemes = {theme.name_en.lower(): theme for theme in self.all_subthemes}  # type: ignore[attr-defined]  # a modeltranslation column

    # -- When each proposal arrived ----------------------------------------------------------

    def slots(self, count: int) -> list[tuple[datetime, CallPlan]]:
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

    def write(self, slots: list[tuple[datetime, CallPlan]]) -> None:
        """Write one batch: organizations, proposals with their parts, and the review's records;
        approvals within what remains of each envelope, counted under a lock on the call, as
        `decision_approve` counts them."""
        call_ids = sorted({plan.call.pk for _at, plan in slots})
        list(Call.objects.select_for_update().filter(pk__in=call_ids).values_list("pk"))
        # What `decision_approve` counts against a call's envelope (funding decided, released or
        # held), for every call of the batch in one query; the batch's approvals are added
        # to it as they are drawn (figures.fund).
        totals = dict(
            Decision.objects.committing_envelope()
            .filter(proposal__call__in=call_ids)
            .values_list("proposal__call")
            .annotate(total=Sum("amount"))
        )
        approved = {pk: [totals.get(pk) or Decimal(0)] for pk in call_ids}
        self.new_users, self.new_organizations, self.new_memberships = [], [], []
        pending = []
        for submitted_at, plan in slots:
            index = self.offset
            self.offset += 1
            pending.append(self._proposal(index, submitted_at, plan, approved))
        User.objects.bulk_create(self.new_users)
        for organization in self.new_organizations:  # what save() keeps, and bulk_create skips
            organization.search_text = search_text(organization.name, organization.acronym)
        Organization.objects.bulk_create(self.new_organizations)
        Membership.objects.bulk_create(self.new_memberships)
        self._allocate_references(pending)
        Proposal.objects.bulk_create([item.proposal for item in pending])
        records.write_parts(self.rng, pending)
        # What proposal_submit writes for search, from the texts and the parts just written.
        proposals_index([item.proposal for item in pending])
        for item in pending:
            self.report.proposals += 1
            self.report.by_status[item.state] += 1
            self.report.by_mission[item.plan.mission.code] += 1
            self.report.by_language[item.proposal.language] += 1
        self.report.organizations += len(self.new_organizations)

    def _allocate_references(self, pending: list[Pending]) -> None:
        """Number the batch's proposals in order of arrival, by the rule of every submission
        (`references_allocate`): each mission's sequence of the fiscal year, locked in a fixed
        order, gives a group its numbers at once."""
        groups: dict[tuple[int, int], list[Pending]] = defaultdict(list)
        for item in pending:
            groups[(item.plan.mission.pk, item.plan.call.fiscal_year)].append(item)
        for (_mission_id, fiscal_year), items in sorted(groups.items()):
            references = references_allocate(
                mission=items[0].plan.mission, fiscal_year=fiscal_year, count=len(items)
            )
            for item, reference in zip(items, references, strict=True):
                item.proposal.reference = reference

    # -- One proposal -------------------------------------------------------------------------

    def _proposal(self, index, submitted_at, plan: CallPlan, approved) -> Pending:
        rng = self.rng
        state = self.forced_states.get(index) or weighted(rng, STATE_WEIGHTS[plan.phase])
        language = self.forced_languages.get(index) or weighted(rng, plan.languages)
        priority, area = rng.choice(plan.priorities) if plan.priorities else (None, None)
        themes = [theme for theme in THEMES if area in theme.areas] or list(THEMES)
        theme = rng.choice(themes)
        text, common = theme.text[language], COMMON[language]
        city, region, country = rng.choice(plan.profile.places)
        organization, owner = self._organization(plan, theme, city, region, country)
        reason = weighted(rng, INELIGIBLE_REASONS) if state == Status.INELIGIBLE else ""
        amount_cad = figures.amount(rng, plan, above_maximum=reason == Screening.Reason.AMOUNT)
        if reason == Screening.Reason.AMOUNT and amount_cad <= plan.call.maximum_amount:
            reason = Screening.Reason.OTHER  # the call's maximum leaves no room above it
        slots = {
            "city": city,
            "region": region,
            "group": text["group"],
            "topic": text["topic"],
            "n": rng.randint(8, 120),
        }
        direct = figures.beneficiaries(rng, theme.profile, rng.randint(20, 400))
        start, end = figures.dates(rng, plan, late=reason == Screening.Reason.END_DATE)
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
            **figures.indirect(rng, direct),
        )
        if proposal.local_authorization_needed:
            proposal.local_authorization_explanation = common["authorization"].format(**slots)
        pending = Pending(
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
        figures.budget(rng, pending, amount_cad, admin_over=reason == Screening.Reason.ADMIN_CAP)
        timeline.story(rng, self.now, pending, submitted_at, approved, self.report)
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
        kind = weighted(rng, KINDS)
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
        registration = weighted(rng, REGISTRATIONS)
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
            time_zone=plan.mission.time_zone,
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
