"""The benchmark's own people and drafts, on top of `seed_volume` (run by run.py).

    DJANGO_SETTINGS_MODULE=bench.deadline_day.settings \
        python -m bench.deadline_day.seed --drafts 400 --out accounts.json

Creates, in the mission MEX (which `seed_volume` fills with submitted proposals): one open
call (its deadline is set by run.py just before the load starts), `--organizations`
organizations, each with one owner whose e-mail address is verified, `--drafts` complete
drafts shared among them (every section filled, one PDF attached: the checklist is green),
a program officer of MEX and an
administrator. Every account has the same password; it is hashed once (PBKDF2 as in
production) and the hash is copied, since hashing it per account would take minutes.
"""

import argparse
import json
import os
import time
from datetime import timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=400)
    parser.add_argument("--organizations", type=int, default=150)
    parser.add_argument("--mission", default="MEX")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.deadline_day.settings")
    import django

    django.setup()

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Membership, User
    from programs.models import Mission, MissionStaff
    from tests.accounts.factories import OrganizationFactory
    from tests.programs.factories import CallFactory
    from tests.proposals.factories import ProposalFactory, fill_in

    started = time.monotonic()
    password = "deadline-day-bench-2026"  # noqa: S105 (throwaway accounts on loopback)
    hashed = make_password(password)
    mission = Mission.objects.get(code=args.mission)
    now = timezone.now()
    with transaction.atomic():
        call = CallFactory(
            mission=mission,
            title_en="Deadline-day benchmark call",
            opens_at=now - timedelta(days=30),
            # Provisional: run.py moves the deadline inside the load's timeline.
            closes_at=now + timedelta(days=1),
        )

        def person(email: str, name: str) -> User:
            user = User.objects.create(
                email=email, full_name=name, preferred_language="en", password=hashed
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            return user

        officer = person("officer@bench.cfli.example", "Bench Officer")
        MissionStaff.objects.create(
            mission=mission, user=officer, role=MissionStaff.Role.PROGRAM_OFFICER
        )
        administrator = person("administrator@bench.cfli.example", "Bench Administrator")
        administrator.is_administrator = True
        administrator.save(update_fields=["is_administrator"])

    partners = []
    organizations = max(1, min(args.organizations, args.drafts))
    for number in range(organizations):
        with transaction.atomic():
            user = person(f"partner{number:05d}@bench.cfli.example", f"Bench Partner {number}")
            organization = OrganizationFactory(name=f"Bench organization {number:05d}")
            Membership.objects.create(
                organization=organization, user=user, role=Membership.Role.OWNER
            )
            # The drafts are shared out: one person may submit several, one after another.
            for _ in range(args.drafts // organizations + (number < args.drafts % organizations)):
                draft = fill_in(ProposalFactory(call=call, organization=organization))
                partners.append({"email": user.email, "proposal": draft.pk})

    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "password": password,
                "call": call.pk,
                "mission": mission.code,
                "partners": partners,
                "staff": [officer.email],
                "administrators": [administrator.email],
            },
            handle,
        )
    print(
        f"Seeded call {call.pk}, {len(partners)} complete drafts, 2 staff accounts in "
        f"{time.monotonic() - started:.1f} s."
    )


if __name__ == "__main__":
    main()
