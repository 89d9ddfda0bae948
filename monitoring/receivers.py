"""What the monitoring app does when agreements signals."""

from django.dispatch import receiver

from agreements.signals import agreement_amended, agreement_signed

from .services import final_report_follow_extension, reports_schedule


@receiver(agreement_signed, dispatch_uid="monitoring.schedule_on_signature")
def schedule_reports(sender, *, agreement, actor, **kwargs):
    reports_schedule(agreement=agreement, actor=actor)


@receiver(agreement_amended, dispatch_uid="monitoring.follow_extension")
def follow_extension(sender, *, agreement, amendment, actor, **kwargs):
    final_report_follow_extension(agreement=agreement, amendment=amendment, actor=actor)
