import factory
from allauth.account.models import EmailAddress

from accounts.models import User

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
