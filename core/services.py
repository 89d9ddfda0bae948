from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from. Behind CFLI_TRUSTED_PROXY_COUNT proxies, that many
    addresses from the right of X-Forwarded-For: the one the outermost trusted proxy saw. What a
    client wrote further left is ignored, so it cannot choose its address."""
    if request is None:
        return None
    count = settings.CFLI_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count and forwarded[-count]:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    verb: str,
    actor=None,
    target: models.Model | None = None,
    mission_id: int | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Add one audit event; call it inside the transaction that makes the change it records."""
    return AuditEvent.objects.create(
        verb=verb,
        actor=actor if actor is not None and actor.is_authenticated else None,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        mission_id=mission_id,
        data=data or {},
        ip_address=client_ip(request),
    )
