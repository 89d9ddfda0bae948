import factory
from allauth.account.models import EmailAddress

from accounts.models import Membership, Organization, User

PASSWORD = "a-long-test-passphrase-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in with PASSWORD and whose address is verified."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Colectivo Comunitario {n}")
    kind = Organization.Kind.LOCAL_NGO
    country = "MX"
    city = "Oaxaca de Juárez"
    description = "Trabajamos con mujeres indígenas de la Sierra Norte desde 2009."
    contact_name = "Rosa Martínez"
    contact_email = "contacto@example.org"
    registration_status = Organization.Registration.NOT_REGISTERED
    has_own_bank_account = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OWNER
