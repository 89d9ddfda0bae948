"""Search over proposals (proposals/search.py): words, accents, prefixes, references,
organizations, rows, ranking, scope, hostile input, what is stored, the index and the snippets.

Every test but the index's runs on both engines, with the same expectations: run this file
with DATABASE_URL=sqlite:///… as well (`make test` does)."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.models import Organization
from proposals import services
from proposals.models import OtherFunder, Proposal
from proposals.search import proposal_search, proposal_search_headlines, search_words
from proposals.selectors import proposal_list_filter, proposal_list_for_staff
from tests.accounts.factories import MembershipFactory, OrganizationFactory
from tests.proposals.factories import ProposalFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's index and generated column"
)

XSS_TITLE = "<script>alert(1)</script> Agua segura"
XSS_TEXT = 'Agua "><img src=x onerror=alert(1)> para todas'


def submitted(call, organization, reference, *, days_ago=1, **fields):
    """A proposal submitted `days_ago` days ago (services are not the subject here)."""
    fields.setdefault("status", Proposal.Status.SUBMITTED)
    return ProposalFactory(
        call=call,
        organization=organization,
        reference=reference,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def proposals(call_mexico, call_colombia, organization_oaxaca, partner_oaxaca, partner_bogota):
    """Mexico: a Spanish, a French and an English proposal, and a draft; Colombia: one."""
    istmo = OrganizationFactory(name="Universidad del Istmo", acronym="UDI")
    MembershipFactory(organization=istmo)
    bogota = partner_bogota.memberships.get().organization
    return {
        "defensoras": submitted(
            call_mexico,
            organization_oaxaca,
            "CFLI-MEX-2026-27-0001",
            days_ago=3,
            title="Defensoras comunitarias",
            context="Las defensoras indígenas enfrentan amenazas crecientes.",
            risks="Protocolo de seguridad digital.",
        ),
        "ecole": submitted(
            call_mexico,
            istmo,
            "CFLI-MEX-2026-27-0002",
            days_ago=2,
            title="Radio communautaire",
            objectives="Renforcer l'éducation des filles zapotèques à la radio.",
            status=Proposal.Status.IN_REVIEW,
        ),
        "water": submitted(
            call_mexico,
            istmo,
            "CFLI-MEX-2026-27-0003",
            days_ago=1,
            title="Clean water for Juchitán",
            sustainability="The water committee keeps the wells after the project.",
        ),
        "draft": ProposalFactory(
            call=call_mexico,
            organization=organization_oaxaca,
            title="Borrador secreto",
            context="Texto del borrador confidencial.",
        ),
        "colombia": submitted(
            call_colombia,
            bogota,
            "CFLI-COL-2026-27-0001",
            title="Caminos de paz en el Catatumbo",
            context="Excombatientes y víctimas del Catatumbo construyen memoria.",
        ),
    }


def found(q: str, queryset=None) -> list[str]:
    queryset = Proposal.objects.all() if queryset is None else queryset
    return [p.reference for p in proposal_search(queryset, q)]


# --- Words, accents, prefixes ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "q", "expected"),
    [
        ("a Spanish word of the text", "amenazas", ["CFLI-MEX-2026-27-0001"]),
        ("a Spanish word with its accent", "indígenas", ["CFLI-MEX-2026-27-0001"]),
        ("the same word without its accent", "indigenas", ["CFLI-MEX-2026-27-0001"]),
        ("a French word with its accent", "éducation", ["CFLI-MEX-2026-27-0002"]),
        ("the same word without, in capitals", "EDUCATION", ["CFLI-MEX-2026-27-0002"]),
        ("a word after an apostrophe", "l'education", ["CFLI-MEX-2026-27-0002"]),
        ("an English word", "wells", ["CFLI-MEX-2026-27-0003"]),
        ("an accented title word typed plain", "juchitan", ["CFLI-MEX-2026-27-0003"]),
        ("every word must be there", "defensoras amenazas", ["CFLI-MEX-2026-27-0001"]),
        (
            "words from the title and the text together",
            "radio zapoteques",
            ["CFLI-MEX-2026-27-0002"],
        ),
        ("a word that is nowhere", "ninguna", []),
        ("one word found, another not", "defensoras ninguna", []),
    ],
)
def test_words_are_found_whatever_their_accents_and_capitals(_case, q, expected, proposals):
    assert found(q) == expected


@pytest.mark.django_db
def test_the_last_word_is_a_prefix_as_the_user_types(proposals):
    assert found("defens") == ["CFLI-MEX-2026-27-0001"]
    assert found("protocolo dig") == ["CFLI-MEX-2026-27-0001"]
    # Only the last word: "defens" before another word must be whole.
    assert found("defens protocolo") == []


@pytest.mark.django_db
def test_a_one_letter_last_word_is_a_word_not_a_prefix(proposals):
    # "d" alone as a prefix would find nearly everything.
    assert found("d") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "title", "q"),
    [
        ("typed without its accent", "Gestión comunitaria del agua", "gestion"),
        ("typed in capitals with an accent", "Gestion comunitaria del agua", "GESTIÓN"),
        ("written in accented capitals", "ÉDUCATION DES FILLES", "education"),
        ("the start of a word, in capitals", "Gestión comunitaria del agua", "GESTIÓ"),
        ("a ligature and a sharp s", "Straße der ﬁnanzen", "strasse finanzen"),
    ],
)
def test_accents_and_capitals_make_no_difference_on_either_database(
    _case, title, q, call_mexico, organization_oaxaca, partner_oaxaca
):
    proposal = submitted(call_mexico, organization_oaxaca, "CFLI-MEX-2026-27-0041", title=title)

    assert found(q) == [proposal.reference]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "write_row", "q"),
    [
        (
            "a budget line",
            lambda p: p.budget_lines.update(description="Alquiler de camionetas"),
            "camionetas",
        ),
        (
            "an activity, typed without its accent",
            lambda p: p.activities.update(description="Jornadas de reforestación"),
            "reforestacion",
        ),
        (
            "another funder, in capitals",
            lambda p: OtherFunder.objects.create(
                proposal=p, name="Fondo Ñandú", amount=Decimal(1000), status="confirmed"
            ),
            "FONDO NANDU",
        ),
        (
            "an expected result's indicator",
            lambda p: p.results.update(indicator="Hectáreas certificadas"),
            "hectareas certif",
        ),
    ],
)
def test_a_word_only_in_a_row_finds_the_proposal_once_submitted(
    _case, write_row, q, complete_draft, partner_oaxaca
):
    write_row(complete_draft)
    assert found(q) == []  # a draft is never found

    proposal = services.proposal_submit(
        proposal=complete_draft,
        actor=partner_oaxaca,
        received_at=complete_draft.call.opens_at + timedelta(days=1),
    ).proposal

    assert found(q) == [proposal.reference]
    assert found(f"defensoras {q}") == [proposal.reference]  # with a word of its title


# --- References and organizations --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "q", "expected"),
    [
        ("typed exactly", "CFLI-MEX-2026-27-0002", ["CFLI-MEX-2026-27-0002"]),
        ("in lower case", "cfli-mex-2026-27-0003", ["CFLI-MEX-2026-27-0003"]),
        ("without its prefix", "mex-2026-27-0002", ["CFLI-MEX-2026-27-0002"]),
        ("its number alone", "0001", ["CFLI-COL-2026-27-0001", "CFLI-MEX-2026-27-0001"]),
        ("its start, as typed so far", "CFLI-COL-20", ["CFLI-COL-2026-27-0001"]),
    ],
)
def test_a_reference_is_found_typed_exactly_or_partly(_case, q, expected, proposals):
    assert sorted(found(q)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "q", "expected"),
    [
        ("by name", "sierra norte", ["CFLI-MEX-2026-27-0001"]),
        ("by acronym", "msn", ["CFLI-MEX-2026-27-0001"]),
        (
            "by name, newest first",
            "universidad istmo",
            ["CFLI-MEX-2026-27-0003", "CFLI-MEX-2026-27-0002"],
        ),
        ("by an accented name typed plain", "fundacion caminos", ["CFLI-COL-2026-27-0001"]),
    ],
)
def test_a_proposal_is_found_by_its_organization(_case, q, expected, proposals):
    assert found(q) == expected


@pytest.mark.django_db
def test_a_renamed_organization_is_found_by_its_new_name_only(organization_oaxaca, proposals):
    organization_oaxaca.name = "Tejedoras Zapotecas de Guelatao"
    organization_oaxaca.acronym = "TZG"
    organization_oaxaca.save(update_fields=["name", "acronym", "updated_at"])

    assert found("tejedoras guelatao") == ["CFLI-MEX-2026-27-0001"]
    assert found("tzg") == ["CFLI-MEX-2026-27-0001"]
    assert found("sierra norte") == []
    assert found("msn") == []


# --- Ranking, scope, drafts --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_word_in_the_title_ranks_before_the_same_word_only_in_the_text(
    call_mexico, organization_oaxaca, partner_oaxaca
):
    in_text = submitted(
        call_mexico, organization_oaxaca, "CFLI-MEX-2026-27-0011", days_ago=1,
        title="Huertos escolares", context="Cosecha de agua de lluvia, agua potable, agua.",
    )  # fmt: skip
    in_title = submitted(
        call_mexico, organization_oaxaca, "CFLI-MEX-2026-27-0012", days_ago=5,
        title="Agua para Juchitán",
    )  # fmt: skip

    assert found("agua") == [in_title.reference, in_text.reference]


@pytest.mark.django_db
def test_an_officer_never_finds_another_mission_s_proposals(officer_mexico, proposals):
    scope = proposal_list_for_staff(officer_mexico)

    assert found("catatumbo", scope) == []
    assert found("CFLI-COL-2026-27-0001", scope) == []
    assert found("fundacion caminos", scope) == []
    assert found("catatumbo") == ["CFLI-COL-2026-27-0001"]  # it exists


@pytest.mark.django_db
def test_drafts_are_never_found_even_in_a_list_that_holds_them(proposals):
    assert found("borrador") == []
    assert found("confidencial", Proposal.objects.filter(status=Proposal.Status.DRAFT)) == []
    assert found("sierra norte") == ["CFLI-MEX-2026-27-0001"]  # not the draft of the same org


@pytest.mark.django_db
def test_drafts_are_not_indexed_and_submitted_proposals_are(proposals):
    stored = dict(Proposal.objects.values_list("pk", "search_heading"))

    assert stored[proposals["draft"].pk] == ""
    assert stored[proposals["defensoras"].pk] == " cfli mex 2026 27 0001 defensoras comunitarias "


# --- What is stored ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_submitting_stores_the_distinct_folded_words_of_the_proposal_and_its_rows(
    complete_draft, partner_oaxaca
):
    OtherFunder.objects.create(
        proposal=complete_draft, name="Fundación Ñandú", amount=Decimal(1000), status="pending"
    )

    proposal = services.proposal_submit(
        proposal=complete_draft,
        actor=partner_oaxaca,
        received_at=complete_draft.call.opens_at + timedelta(days=1),
    ).proposal

    proposal.refresh_from_db()
    assert proposal.search_heading == (
        " cfli mex 2026 27 0001 defensoras comunitarias de la sierra norte "
    )
    words = proposal.search_text.split()
    assert words[:10] == [
        "cfli", "mex", "2026", "27", "0001", "defensoras", "comunitarias", "de", "la", "sierra",
    ]  # fmt: skip
    assert len(words) == len(set(words))
    assert {"indigenas", "autoproteccion", "talleres", "fundacion", "nandu"} <= set(words)
    assert (
        proposal.revisions.get()
        .content["proposal"]
        .keys()
        .isdisjoint({"search_heading", "search_text"})
    )


@pytest.mark.django_db
def test_the_migration_fills_the_proposals_and_organizations_that_existed_before_it(proposals):
    def stored():
        return (
            list(Proposal.objects.order_by("pk").values_list("search_heading", "search_text")),
            list(Organization.objects.order_by("pk").values_list("search_text", flat=True)),
        )

    before = stored()
    Proposal.objects.update(search_heading="", search_text="")
    Organization.objects.update(search_text="")
    assert found("amenazas") == []

    importlib.import_module("accounts.migrations.0006_organization_search_text").fill(apps, None)
    importlib.import_module("proposals.migrations.0006_search_text").fill(apps, None)

    assert found("amenazas") == ["CFLI-MEX-2026-27-0001"]
    assert found("fundacion caminos") == ["CFLI-COL-2026-27-0001"]
    assert stored() == before


# --- Hostile input -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    [
        "&|!:*()'",
        "'",
        "\\",
        "defensoras & | !",
        "defensoras:*",
        "agua <-> radio",
        "!defensoras",
        "' OR 1=1 --",
        "%_%",
        "a" * 10_000,
        "defensoras " * 2_000,
        "😀 ∑ ⁂",
        "nul\x00byte",
        "\u0301\u0301",
        "ǅ ﬁ ½ Ⅻ",
    ],
)
def test_hostile_queries_find_nothing_or_something_but_never_fail(q, proposals):
    results = found(q)

    assert isinstance(results, list)


@pytest.mark.django_db
def test_punctuation_alone_has_no_words_and_finds_nothing(proposals):
    assert search_words("&|!:*()' -- «»") == []
    assert found("&|!:*()'") == []


def test_typed_words_are_cut_to_a_safe_number_and_length():
    words = search_words("x" * 500 + " " + "y " * 100)

    assert len(words) == 32
    assert len(words[0]) == 100


TRICKY = (
    "CFLI-MEX-2026-27-0001 ¿Cómo están? «Défense» l'eau socio-económico ana@example.org "
    "https://www.example.org/a_b 3,5 % ÑANDÚ ﬁn ½ Œuvre naïve—Zoë 2º 1.2.3 x+y=z #tag "
    "İstanbul STRASSE Straße ǅemal ١٢٣abc 日本語 Ελλάδα ﬀ"
)


@pytest.mark.django_db
def test_the_stored_words_are_the_words_a_person_would_type(
    call_mexico, organization_oaxaca, partner_oaxaca
):
    proposal = submitted(call_mexico, organization_oaxaca, "T-1", title="x", context=TRICKY)

    stored = set(Proposal.objects.get(pk=proposal.pk).search_text.split())

    typed = {word for piece in TRICKY.split() for word in search_words(piece)}  # 32 at most
    assert typed <= stored
    assert {"como", "defense", "economico", "ana", "nandu", "fin", "oeuvre", "zoe"} <= stored
    assert {"strasse", "istanbul", "dzemal", "ελλαδα", "ff"} <= stored


# --- The index: PostgreSQL finds exactly what LIKE finds --------------------------------------


@pytest.mark.django_db
@postgresql_only
def test_the_generated_vector_holds_exactly_the_stored_words(
    call_mexico, organization_oaxaca, proposals
):
    submitted(call_mexico, organization_oaxaca, "T-1", title="x", context=TRICKY)

    OrganizationFactory(name="Ñandú «Défense» l'eau", acronym="ÑD")
    rows = []
    with connection.cursor() as cursor:
        for table in ("proposals_proposal", "accounts_organization"):
            query = f"SELECT search_text, tsvector_to_array(search_vector) FROM {table}"  # noqa: S608 (constant)
            cursor.execute(query)
            rows += cursor.fetchall()

    assert len(rows) == 6 + 4
    for text, lexemes in rows:
        assert sorted(lexemes) == sorted(text.split())


@pytest.mark.django_db
@postgresql_only
@pytest.mark.parametrize(
    "q",
    [
        "amenazas", "indigenas", "EDUCATION", "defens", "protocolo dig", "defens protocolo", "d",
        "0001", "CFLI-COL-20", "sierra norte", "msn", "universidad istmo", "fundacion caminos",
        "agua", "ninguna", "l'education", "como estan", "NANDU fi", "oeuvre", "ελλαδα", "日本語",
        "strasse", "١٢٣abc", "2", "2026 27",
    ],
)  # fmt: skip
def test_the_index_finds_exactly_what_like_finds_in_the_same_order(
    q, monkeypatch, call_mexico, organization_oaxaca, proposals
):
    submitted(call_mexico, organization_oaxaca, "T-1", title="Tricky", context=TRICKY)
    through_index = proposal_search(Proposal.objects.all(), q)
    assert "@@" in str(through_index.query)
    expected = [p.reference for p in through_index]

    monkeypatch.setattr(connection, "vendor", "sqlite")  # what SQLite runs, run here
    with_like = proposal_search(Proposal.objects.all(), q)

    assert "@@" not in str(with_like.query)
    assert [p.reference for p in with_like] == expected


@pytest.mark.django_db
@postgresql_only
def test_a_search_scans_the_proposals_and_organizations_indexes(administrator, proposals):
    searched = proposal_search(proposal_list_for_staff(administrator), "agua seg")

    with connection.cursor() as cursor:
        # Tables this small are best read whole (or along any small index); forbidding both
        # leaves only index conditions, which shows that the search's expressions are the
        # indexes' own. At 10,000 proposals the planner picks the indexes by itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # The staff list's partial indexes (every proposal but drafts) would serve tables this
        # small just as well; dropped inside the test's transaction, they come back after it.
        cursor.execute("DROP INDEX proposals_staff_by_submitted, proposals_staff_by_amount")
        plan = searched.explain()

    assert "Bitmap Index Scan on proposals_proposal_search_vector" in plan
    assert "Bitmap Index Scan on accounts_organization_search_vector" in plan
    # Ranked by the heading alone, a hundred bytes in the row.
    assert "search_heading ~~" in plan
    assert "search_text ~~" not in plan


@pytest.mark.django_db
def test_the_staff_list_searches_the_text_but_keeps_its_own_order(officer_mexico, proposals):
    scope = proposal_list_for_staff(officer_mexico)

    by_title = proposal_list_filter(scope, q="radio", sort="title")
    newest = proposal_list_filter(scope, q="mex 2026")

    assert [p.reference for p in by_title] == ["CFLI-MEX-2026-27-0002"]
    assert [p.reference for p in newest] == [
        "CFLI-MEX-2026-27-0003",
        "CFLI-MEX-2026-27-0002",
        "CFLI-MEX-2026-27-0001",
    ]
    assert [p.reference for p in proposal_list_filter(scope, q="zapoteques")] == [
        "CFLI-MEX-2026-27-0002"
    ]
    assert "search_heading" not in str(newest.query)  # the rank: never computed unless ordered by


@pytest.mark.django_db
def test_the_title_ranks_first_then_the_organization_then_the_text(
    call_mexico, organization_oaxaca
):
    MembershipFactory(organization=organization_oaxaca)
    sequia = OrganizationFactory(name="Red Sequía", acronym="")
    MembershipFactory(organization=sequia)
    in_text = submitted(
        call_mexico, organization_oaxaca, "R-1", days_ago=1, title="Huertos", risks="Sequía"
    )
    by_organization = submitted(call_mexico, sequia, "R-2", days_ago=5, title="Pozos")
    in_title = submitted(call_mexico, organization_oaxaca, "R-3", days_ago=9, title="Sequía")

    assert found("sequia") == [in_title.reference, by_organization.reference, in_text.reference]


# --- Snippets ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_headline_marks_the_words_found_whatever_their_accents(proposals):
    defensoras = proposals["defensoras"]

    headline = proposal_search_headlines([defensoras], "indigenas defens")[defensoras.pk]

    assert headline.title == "<mark>Defensoras</mark> comunitarias"
    assert headline.section == "Context and problem"
    assert headline.snippet == (
        "Las <mark>defensoras</mark> <mark>indígenas</mark> enfrentan amenazas crecientes."
    )
    assert headline.organization == "Mujeres de la Sierra Norte"


@pytest.mark.django_db
def test_a_headline_marks_the_organization_and_whole_words_only(proposals):
    water = proposals["water"]

    headline = proposal_search_headlines([water], "universidad wat")[water.pk]

    assert headline.organization == "<mark>Universidad</mark> del Istmo"
    assert headline.title == "Clean <mark>water</mark> for Juchitán"
    assert headline.snippet == (
        "The <mark>water</mark> committee keeps the wells after the project."
    )


@pytest.mark.django_db
def test_a_long_text_gives_a_short_snippet_around_the_first_match(
    call_mexico, organization_oaxaca, partner_oaxaca
):
    proposal = submitted(
        call_mexico,
        organization_oaxaca,
        "CFLI-MEX-2026-27-0021",
        context=" ".join(["palabra"] * 100 + ["Catatumbo"] + ["otra"] * 200),
    )

    snippet = proposal_search_headlines([proposal], "catatumbo")[proposal.pk].snippet

    assert snippet.startswith("… palabra ")
    assert "<mark>Catatumbo</mark>" in snippet
    assert snippet.endswith(" otra …")
    assert len(snippet) < 300


@pytest.mark.django_db
def test_a_headline_escapes_everything_the_partner_wrote(
    call_mexico, organization_oaxaca, partner_oaxaca
):
    organization_oaxaca.name = "<b>Mujeres</b> & Co"
    organization_oaxaca.save()
    proposal = submitted(
        call_mexico, organization_oaxaca, "CFLI-MEX-2026-27-0031",
        title=XSS_TITLE, context=XSS_TEXT,
    )  # fmt: skip

    headline = proposal_search_headlines([proposal], "agua script")[proposal.pk]

    assert headline.title == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>Agua</mark> segura"
    )
    assert headline.snippet == (
        "<mark>Agua</mark> &quot;&gt;&lt;img src=x onerror=alert(1)&gt; para todas"
    )
    assert headline.organization == "&lt;b&gt;Mujeres&lt;/b&gt; &amp; Co"


@pytest.mark.django_db
def test_headlines_read_a_page_s_texts_in_one_query_or_none(django_assert_num_queries, proposals):
    rows = list(Proposal.objects.select_related("organization").defer("context", "risks"))
    full = list(Proposal.objects.select_related("organization"))

    with django_assert_num_queries(1):
        deferred = proposal_search_headlines(rows, "defensoras")
    with django_assert_num_queries(0):
        loaded = proposal_search_headlines(full, "defensoras")

    assert deferred == loaded
    assert len(loaded) == len(full)


# --- A page of results, compiled once per shape ------------------------------------------------


@pytest.mark.django_db
def test_a_page_compiled_once_gives_what_the_queryset_gives_for_every_shape_of_words_and_scope(
    administrator, officer_mexico, proposals
):
    """The kept SQL of each shape (how many missions, which words repeat, the page) is run with
    other words and ids: each search gets exactly the ids, order and count of its own queryset,
    including those that share a shape with an earlier one."""
    from proposals.selectors import proposal_search_page_for_staff

    queries = [
        "defens", "sierra", "agua", "radio communautaire", "water wells", "agua agua",
        "caminos caminos paz", "l'education", "d", "defensoras a", "0001", "udi", "ninguna",
        "CFLI-MEX-2026-27-0002", "日本語",
    ]  # fmt: skip
    compared = 0
    for person in (officer_mexico, administrator):
        scope = proposal_list_for_staff(person)
        for q in queries * 2:  # the second time, every shape is kept
            expected = [p.pk for p in proposal_search(scope, q)]
            for offset, limit in ((0, 2), (1, 2), (0, 20)):
                rows = proposal_search_page_for_staff(person, q, offset, limit)
                assert [pk for pk, _count in rows] == expected[offset : offset + limit], q
                assert {count for _pk, count in rows} <= {len(expected)}
                compared += bool(rows)
    assert compared > 40  # most searches find something: the comparison is not of nothing


@pytest.mark.django_db
def test_a_kept_page_never_answers_for_another_scope(
    officer_mexico, partner_bogota, proposals, mission_colombia
):
    from programs.models import MissionStaff
    from proposals.selectors import proposal_search_page_for_staff
    from tests.accounts.factories import UserFactory

    assert proposal_search_page_for_staff(officer_mexico, "caminos", 0, 20) == []
    colombia_officer = UserFactory()
    MissionStaff.objects.create(
        user=colombia_officer, mission=mission_colombia, role=MissionStaff.Role.PROGRAM_OFFICER
    )
    # The same shape (one mission, one word), kept: Colombia's proposal only for Colombia.
    assert proposal_search_page_for_staff(colombia_officer, "caminos", 0, 20) == [
        (proposals["colombia"].pk, 1)
    ]
    assert proposal_search_page_for_staff(officer_mexico, "caminos", 0, 20) == []
