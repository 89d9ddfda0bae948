"""Demo accounts for `manage.py seed_demo`; later issues give them roles and data."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User

DEMO_PASSWORD = "cfli-demo-2026"  # noqa: S105  (published in the README: demo data only)

# (e-mail, full name, preferred language, administrator?)
DEMO_USERS = [
    ("admin@cfli.example", "Alex Administrator", "en", True),
    ("officer.mexico@cfli.example", "Mariana López", "en", False),
    ("reviewer.mexico@cfli.example", "Diego Hernández", "es", False),
    ("approver.mexico@cfli.example", "Claire Tremblay", "fr", False),
    ("officer.colombia@cfli.example", "Camila Restrepo", "en", False),
    ("reviewer.colombia@cfli.example", "Andrés Gómez", "es", False),
    ("partner.oaxaca@cfli.example", "Guadalupe Martínez", "es", False),
    ("partner.bogota@cfli.example", "Sofía Rodríguez", "es", False),
]


@transaction.atomic
def seed() -> list[str]:
    """Create the demo accounts that are missing; existing ones are left exactly as they are."""
    lines = []
    for email, full_name, language, is_admin in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                full_name=full_name,
                preferred_language=language,
                is_staff=is_admin,
                is_superuser=is_admin,
                is_administrator=is_admin,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            lines.append(f"created account {email}")
    return lines
