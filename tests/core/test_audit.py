import pytest
from django.db import DatabaseError, connection, transaction

from core.models import AppendOnlyError, AuditEvent
from core.services import audit_record
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_actor_target_data_and_ip(user, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")

    event = audit_record(
        verb="user.language_changed", actor=user, target=user, data={"to": "fr"}, request=request
    )

    event.refresh_from_db()
    assert (event.verb, event.actor, event.target_id, event.target_repr) == (
        "user.language_changed",
        user,
        str(user.pk),
        "Ana Partner",
    )
    assert event.data == {"to": "fr"}
    assert event.ip_address == "203.0.113.9"


def test_audit_events_cannot_be_changed_or_deleted_through_the_app(user):
    event = audit_record(verb="user.logged_in", actor=user)

    event.verb = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.get(pk=event.pk).verb == "user.logged_in"


@pytest.mark.parametrize(
    "sql", ["UPDATE core_auditevent SET verb = 'x'", "DELETE FROM core_auditevent"]
)
def test_the_database_refuses_raw_updates_and_deletes(user, sql):
    audit_record(verb="user.logged_in", actor=user)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert AuditEvent.objects.get().verb == "user.logged_in"


def test_login_failed_login_and_logout_are_recorded(client, user):
    client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/logout/")

    events = list(AuditEvent.objects.order_by("id").values_list("verb", "actor", "data"))
    assert events == [
        ("user.login_failed", None, {"email": user.email}),
        ("user.logged_in", user.pk, {}),
        ("user.logged_out", user.pk, {}),
    ]


def test_the_admin_shows_audit_events_read_only(client, admin_user):
    event = audit_record(verb="user.logged_in", actor=admin_user)
    client.force_login(admin_user)

    listing = client.get("/admin/core/auditevent/")
    change = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"verb": "x"})
    delete = client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert "user.logged_in" in listing.content.decode()
    assert change.status_code == 403
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, verb="user.logged_in").exists()
