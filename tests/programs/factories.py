from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from programs.models import Call, CallPriority, Mission, MissionStaff, PriorityArea


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    name_en = factory.Sequence(lambda n: f"Embassy of Canada number {n}")
    name_fr = factory.LazyAttribute(
        lambda o: o.name_en.replace("Embassy of Canada", "Ambassade du Canada")
    )
    name_es = factory.LazyAttribute(
        lambda o: o.name_en.replace("Embassy of Canada", "Embajada de Canadá")
    )
    code = factory.Sequence(lambda n: f"M{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    city = "Mexico City"
    countries = ["MX"]
    time_zone = "America/Mexico_City"
    proposal_languages = ["es", "en", "fr"]
    contact_email = "cfli@example.org"
    local_currency = "MXN"


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea

    name_en = factory.Sequence(lambda n: f"Priority area {n}")
    name_fr = factory.Sequence(lambda n: f"Domaine prioritaire {n}")
    name_es = factory.Sequence(lambda n: f"Área prioritaria {n}")
    position = factory.Sequence(lambda n: n)


class MissionStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionStaff

    mission = factory.SubFactory(MissionFactory)
    role = MissionStaff.Role.PROGRAM_OFFICER


def local(zone: str, day: date, hour: int, minute: int, second: int = 0, micro: int = 0):
    return datetime.combine(day, time(hour, minute, second, micro), tzinfo=ZoneInfo(zone))


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open now, closing in three weeks at 23:59 in the mission's time."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    mission = factory.SubFactory(MissionFactory)
    fiscal_year = 2026
    title_en = factory.Sequence(lambda n: f"Call for proposals {n}")
    title_fr = factory.Sequence(lambda n: f"Appel de propositions {n}")
    title_es = factory.Sequence(lambda n: f"Convocatoria {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyAttribute(
        lambda o: local(
            o.mission.time_zone, timezone.localdate() + timedelta(days=21), 23, 59, 59, 999999
        )
    )
    published_at = factory.LazyFunction(timezone.now)
    budget_envelope = Decimal("300000")
    typical_min_amount = Decimal("20000")
    typical_max_amount = Decimal("45000")
    maximum_amount = Decimal("100000")
    admin_cost_cap_percent = Decimal("15")
    exchange_rate = Decimal("0.0752")
    # After the deadline, as Call.clean wants it, whatever day the suite runs.
    latest_end_date = factory.LazyAttribute(
        lambda o: max(date(2027, 2, 15), o.closes_at.date() + timedelta(days=30))
    )
    accepted_languages = ["es", "en"]
    eligible_organization_types = ["local_ngo", "academic"]
    required_attachments = ["budget"]

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            for area in extracted if extracted is not None else [PriorityAreaFactory()]:
                CallPriority.objects.create(call=self, priority_area=area, focus_en="Our focus")
