"""Before the batches: the demo's priority areas and sub-themes, the missions, each mission's
staff and calls (those missing are created), and the plan of each call that receives proposals.
"""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Organization, User
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
from reviews.selectors import review_settings_for

from .plans import CallPlan, Staff, VolumeReport
from .profiles import DECIDED, DOMAIN, LANGUAGES, OPEN, REVIEWING, MissionProfile, profile_of


def prepare(
    *,
    codes: list[str],
    fiscal_years: int,
    rng: random.Random,
    now: datetime,
    report: VolumeReport,
    password: str,
) -> tuple[list[CallPlan], list[SubTheme]]:
    """The plans of the missions' calls over the last `fiscal_years` (this one included), and
    the active sub-themes a proposal may choose (gender equality aside)."""
    areas, subthemes = catalogue()
    missions = missions_of(codes, report)
    current = fiscal_year_of(timezone.localdate(now))
    plans = []
    for mission in missions:
        profile = profile_of(mission)
        staff = staff_of(mission, password)
        for fiscal_year in range(current - fiscal_years + 1, current + 1):
            for call in calls_of(mission, profile, fiscal_year, areas, rng, now, report):
                plans.append(plan_of(call, mission, profile, staff, current, areas, now))
    return plans, subthemes


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def catalogue() -> tuple[list[PriorityArea], list[SubTheme]]:
    """The demo's priority areas (those missing are created, by English name), in the demo's
    order, and the active sub-themes but gender equality (missing demo ones are created)."""
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
    subthemes = list(
        SubTheme.objects.filter(is_active=True).exclude(name_en__iexact="gender equality")
    )
    english = [names[0] for names, _descriptions in programs_demo.PRIORITY_AREAS]
    by_name = {area.name_en: area for area in PriorityArea.objects.filter(name_en__in=english)}  # type: ignore[attr-defined]  # a modeltranslation column
    return [by_name[name] for name in english if name in by_name], subthemes


def missions_of(codes: list[str], report: VolumeReport) -> list[Mission]:
    """The missions of `codes`; a demo mission that does not exist yet is created."""
    existing = {mission.code: mission for mission in Mission.objects.filter(code__in=codes)}
    specs = {spec[-1]: spec for spec in programs_demo.MISSIONS}
    missions = []
    for code in codes:
        if code not in existing:
            if code not in specs:
                raise ValueError(f"No mission has the code {code}.")
            names, kind, city, countries, zone, languages, currency, _code = specs[code]
            # countries is django-countries' list of codes; its field is typed as one string.
            existing[code] = Mission.objects.create(  # type: ignore[misc]
                name_en=names[0], name_fr=names[1], name_es=names[2], kind=kind, city=city,
                countries=countries, time_zone=zone, proposal_languages=languages,
                contact_email=f"cfli.{countries[0].lower()}@cfli.example",
                local_currency=currency, code=code,
            )  # fmt: skip
            report.missions_created += 1
        missions.append(existing[code])
    return missions


def staff_of(mission: Mission, password: str) -> Staff:
    """The mission's program officer, approver and three reviewers: its own staff first,
    seeded ones for the roles it lacks (they cannot sign in: `password` is unusable)."""
    roles: dict[str, list[User]] = defaultdict(list)
    for member in MissionStaff.objects.filter(mission=mission).select_related("user"):
        if member.user.is_active:
            roles[member.role].append(member.user)
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
                    "time_zone": mission.time_zone,
                    "password": password,
                },
            )
            MissionStaff.objects.get_or_create(user=user, mission=mission, role=role)
            roles[role].append(user)
    return Staff(
        officer=roles[MissionStaff.Role.PROGRAM_OFFICER][0],
        approver=roles[MissionStaff.Role.APPROVER][0],
        reviewers=roles[MissionStaff.Role.REVIEWER],
    )


def calls_of(
    mission: Mission,
    profile: MissionProfile,
    fiscal_year: int,
    areas: list[PriorityArea],
    rng: random.Random,
    now: datetime,
    report: VolumeReport,
) -> list[Call]:
    """The mission's published calls of that year that opened already, or a new one that
    opened on August 15 and closed on September 30 (local time)."""
    calls = list(
        Call.objects.filter(
            mission=mission,
            fiscal_year=fiscal_year,
            published_at__isnull=False,
            opens_at__lt=now - timedelta(days=1),
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
    chosen = [0, *sorted(rng.sample(range(1, len(areas)), 2))]
    for index in chosen:
        CallPriority.objects.create(
            call=call,
            priority_area=areas[index],
            is_preferred=index == 0,
            focus_en=programs_demo.FOCUS[index][0],
            focus_fr=programs_demo.FOCUS[index][1],
            focus_es=programs_demo.FOCUS[index][2],
        )
    report.calls_created += 1
    return [call]


def plan_of(
    call: Call,
    mission: Mission,
    profile: MissionProfile,
    staff: Staff,
    current: int,
    areas: list[PriorityArea],
    now: datetime,
) -> CallPlan:
    """Where the call stands (open, in review this fiscal year, or decided), when it received
    proposals, its priorities and languages, and its review settings."""
    if call.closes_at > now:
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
    return CallPlan(
        call=call,
        mission=mission,
        profile=profile,
        phase=phase,
        window=(
            call.opens_at.astimezone(UTC),
            min(call.closes_at.astimezone(UTC), now - timedelta(minutes=5)),
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
