import zoneinfo
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import TimeStampedModel, invitation_expiry, invitation_token
from core.text import search_text
from core.times import validate_time_zone, zone_of
from core.validators import MaxWordsValidator


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    # Stored in lower case (see save()), so this also makes addresses unique whatever their case.
    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("An account with this e-mail address already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and e-mails reach you in this language."),
    )
    # Detected from the browser at sign-up; "UTC" (settings.TIME_ZONE) until then.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Pages, e-mails and documents show you dates and times in this time zone."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("can use the admin site"),
        default=False,
        help_text=_("Lets this person sign in to the administration site."),
    )
    is_administrator = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Manages missions, staff, priority areas and calls of every mission."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The zone this person reads times in."""
        return zone_of(self.time_zone or settings.TIME_ZONE)


class Organization(TimeStampedModel):
    """A local partner that applies for funding: its members draft and submit proposals."""

    class Kind(models.TextChoices):
        LOCAL_NGO = "local_ngo", _("Local non-governmental or community-based organization")
        ACADEMIC = "academic", _("Local academic institution")
        GOVERNMENT = "government", _("Local, regional or national government body")
        CANADIAN_NGO = "canadian_ngo", _("Canadian non-governmental organization")
        INTERNATIONAL_NGO = (
            "international_ngo",
            _("International or regional non-governmental organization"),
        )
        MULTILATERAL = "multilateral", _("Intergovernmental or multilateral organization")

    class Registration(models.TextChoices):
        REGISTERED = "registered", _("Yes, it is registered")
        NOT_REGISTERED = "not_registered", _("No, it is not registered")
        AT_RISK = "at_risk", _("No, registering puts the organization and/or its personnel at risk")

    name = models.CharField(_("legal name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("type of organization"), max_length=30, choices=Kind)
    country = CountryField(_("country"))
    city = models.CharField(_("city or town"), max_length=120)
    street_address = models.TextField(_("street address"), blank=True)
    description = models.TextField(
        _("description"),
        validators=[MaxWordsValidator(150)],
        help_text=_("What the organization does, for whom and since when (150 words at most)."),
    )
    website = models.URLField(_("website"), blank=True)
    social_accounts = models.TextField(
        _("social media accounts"), blank=True, help_text=_("One account or address per line.")
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_title = models.CharField(_("contact person's position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    funding_from_canada = models.TextField(
        _("past funding from Canada"),
        blank=True,
        help_text=_("Projects funded by Canada in the last five years: year, program and amount."),
    )
    funding_from_others = models.TextField(
        _("past funding from other donors"),
        blank=True,
        help_text=_("Other donors in the last five years: donor, year and amount."),
    )
    partner_organizations = models.TextField(_("partner organizations"), blank=True)
    has_own_bank_account = models.BooleanField(
        _("bank account in the organization's own name"),
        null=True,
        help_text=_("A funding agreement needs one; it is not needed to apply."),
    )
    registration_status = models.CharField(
        _("is the organization legally registered?"), max_length=20, choices=Registration
    )
    registration_date = models.DateField(_("date of registration"), null=True, blank=True)
    registration_place = models.CharField(_("place of registration"), max_length=200, blank=True)
    registration_law = models.CharField(
        _("law or authority it is registered under"), max_length=200, blank=True
    )
    # The words of its name and acronym as searches compare them (core.text); kept by save().
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.acronym)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "acronym"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization-detail", args=[self.pk])

    @property
    def is_at_risk(self) -> bool:
        """Registering would endanger it: it gets generic e-mails and gives minimal details."""
        return self.registration_status == self.Registration.AT_RISK

    def clean(self):
        if self.registration_status == self.Registration.REGISTERED:
            missing = {
                name: _("Give this detail of the registration.")
                for name in ("registration_date", "registration_place")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)
        if self.registration_date and self.registration_date > timezone.localdate():
            raise ValidationError(
                {"registration_date": _("The date of registration cannot be in the future.")}
            )


class Membership(TimeStampedModel):
    """A person's place in an organization: owners manage it and its members."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)

    class Meta:
        ordering = ["organization", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class OrganizationInvitation(TimeStampedModel):
    """An owner's invitation, by e-mail, to join the organization; it works once."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role)
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation to an organization")
        verbose_name_plural = _("invitations to organizations")

    def __str__(self) -> str:
        return f"{self.email} · {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization-invitation", args=[self.token])

    def is_usable_at(self, moment: datetime) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and moment < self.expires_at

    @classmethod
    def notification_queryset(cls):
        """What an inbox entry about an invitation shows: its organization and inviter."""
        return cls.objects.select_related("organization", "invited_by")


class Session(AbstractBaseSession):
    """A signed-in browser's session, with the person it belongs to: a request reads both in
    one query (accounts/sessions.py). Deleting the row signs the browser out on every web
    node at once; deleting the person deletes their sessions."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
