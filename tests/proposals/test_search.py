"""Search over proposals (proposals/search.py): words, accents, prefixes, references,
organizations, ranking, scope, hostile input, the index, the SQLite fallback and the snippets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from proposals.models import Proposal
from proposals.search import (
    fold_sql,
    proposal_search,
    proposal_search_contains,
    proposal_search_headlines,
    search_words,
)
from proposals.selectors import proposal_list_filter, proposal_list_for_staff
from tests.accounts.factories import MembershipFactory, OrganizationFactory
from tests.proposals.factories import ProposalFactory

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
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, search_vector IS NULL, search_heading IS NULL FROM proposals_proposal"
        )
        nulls = {pk: (vector, heading) for pk, vector, heading in cursor.fetchall()}

    assert nulls[proposals["draft"].pk] == (True, True)
    assert nulls[proposals["defensoras"].pk] == (False, False)


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


@pytest.mark.django_db
def test_the_index_and_the_typed_words_split_a_text_the_same_way():
    text = (
        "CFLI-MEX-2026-27-0001 ¿Cómo están? «Défense» l'eau socio-económico ana@example.org "
        "https://www.example.org/a_b 3,5 % ÑANDÚ ﬁn ½ Œuvre naïve—Zoë 2º 1.2.3 x+y=z #tag"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tsvector_to_array(to_tsvector('simple', {fold_sql('%s')}))", [text])
        (lexemes,) = cursor.fetchone()

    typed = {word for piece in text.split() for word in search_words(piece)}  # 32 words at most
    assert sorted(lexemes) == sorted(typed)


# --- The index ---------------------------------------------------------------------------------


@pytest.mark.django_db
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
    assert "ts_rank(proposals_proposal.search_heading" in plan


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
    assert "ts_rank" not in str(newest.query)  # never computed when not ordered by


# --- The SQLite fallback -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "q", "expected"),
    [
        ("a word of the text", "amenazas", ["CFLI-MEX-2026-27-0001"]),
        ("a reference, partly", "MEX-2026-27-0002", ["CFLI-MEX-2026-27-0002"]),
        ("an organization", "Sierra Norte", ["CFLI-MEX-2026-27-0001"]),
        ("an acronym", "udi", ["CFLI-MEX-2026-27-0003", "CFLI-MEX-2026-27-0002"]),
        ("every word, anywhere", "defensoras digital", ["CFLI-MEX-2026-27-0001"]),
        ("never a draft", "borrador", []),
        ("nothing for blanks", "   ", []),
    ],
)
def test_the_sqlite_fallback_finds_words_contained_in_the_same_fields(
    _case, q, expected, proposals
):
    results = proposal_search_contains(Proposal.objects.all(), q)

    assert [p.reference for p in results] == expected


@pytest.mark.django_db
def test_the_sqlite_fallback_ranks_the_title_first(call_mexico, organization_oaxaca):
    MembershipFactory(organization=organization_oaxaca)
    in_text = submitted(
        call_mexico, organization_oaxaca, "R-1", days_ago=1, title="Huertos", risks="Sequía"
    )
    in_title = submitted(call_mexico, organization_oaxaca, "R-2", days_ago=9, title="Sequía")

    results = proposal_search_contains(Proposal.objects.all(), "sequía")

    assert list(results) == [in_title, in_text]


@pytest.mark.django_db
def test_search_falls_back_to_contains_on_a_database_other_than_postgresql(monkeypatch, proposals):
    monkeypatch.setattr(connection, "vendor", "sqlite")

    results = proposal_search(Proposal.objects.all(), "amenazas")

    assert "LIKE" in str(results.query)
    assert "@@" not in str(results.query)
    assert [p.reference for p in results] == ["CFLI-MEX-2026-27-0001"]


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
