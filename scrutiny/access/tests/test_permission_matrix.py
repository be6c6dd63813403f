"""URL x role -> status. Every role, inside its board and outside it.

On its own board a role gets 200 where it holds the page's permission and 403 where it
does not; on a board it has no role on it gets 404, so the board is not revealed.
"""

import pytest
from django.urls import reverse

from conftest import user_for_role
from scrutiny.people.models import Role

R = Role
EVERYONE = set(Role)
OVERSIGHT = EVERYONE - {R.AGENCY_LEAD}
SCRUTINY = {R.REGIONAL_ADMIN, R.CHAIR, R.BUSINESS_MANAGER, R.QA_MEMBER}
LEADERSHIP = {R.REGIONAL_ADMIN, R.CHAIR, R.BUSINESS_MANAGER}

BOARD_PAGES = [
    ("core:board_home", None, EVERYONE),
    ("tenancy:board_agencies", None, EVERYONE),
    ("tenancy:agency_detail", "agency", EVERYONE),
    ("tenancy:agency_edit", "agency", {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER, R.AGENCY_LEAD}),
    ("tenancy:agency_edit", "other_agency", {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    ("tenancy:add_agency_to_board", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    (
        "people:board_people",
        None,
        {R.REGIONAL_ADMIN, R.CHAIR, R.BUSINESS_MANAGER, R.QA_MEMBER, R.LAY_MEMBER},
    ),
    ("people:add_person", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    ("library:board_templates", None, EVERYONE),
    ("library:adapt_template", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    ("audit:board_log", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    ("returns:list", None, EVERYONE),
    ("returns:schedule", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    ("returns:sessions", None, OVERSIGHT),
    ("returns:section_11", None, OVERSIGHT),
    ("returns:agency_history", "agency", OVERSIGHT),
    ("returns:inspection_finding", None, SCRUTINY),
    ("actions:tracker", None, EVERYONE),
    ("actions:create", None, SCRUTINY),
    ("plan:plan", None, EVERYONE),
    ("plan:priority_add", None, LEADERSHIP),
    ("plan:risks", None, EVERYONE),
    ("plan:risk_add", None, LEADERSHIP),
    ("challenges:list", None, EVERYONE),
    ("challenges:raise", None, SCRUTINY | {R.LAY_MEMBER}),
    ("governance:meetings", None, EVERYONE),
    ("governance:meeting_add", None, LEADERSHIP),
    ("governance:group_add", None, LEADERSHIP),
    ("governance:compliance", None, EVERYONE),
    ("dataset:data_set", None, EVERYONE),
    ("dataset:targets", None, LEADERSHIP),
    ("dataset:completeness", None, EVERYONE),
    ("dataset:enter", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER, R.AGENCY_LEAD}),
    ("dataset:import", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER, R.AGENCY_LEAD}),
    ("dataset:statutory", None, {R.REGIONAL_ADMIN, R.BUSINESS_MANAGER}),
    ("audits:programme", None, EVERYONE),
    ("audits:audit_add", None, SCRUTINY),
    ("reviews:register", None, EVERYONE),
    ("reviews:add", None, SCRUTINY),
    ("reviews:themes", None, EVERYONE),
    ("findings:themes", None, LEADERSHIP),
    ("reviews:recurring", None, EVERYONE),
    ("reviews:monitoring", None, OVERSIGHT),
    ("reviews:archive", None, OVERSIGHT),
    ("reviews:child_deaths", None, EVERYONE),
    ("reviews:child_death_add", None, SCRUTINY),
    ("training:home", None, EVERYONE),
    ("training:programme_add", None, SCRUTINY),
    ("voice:register", None, EVERYONE),
    ("voice:activity_add", None, SCRUTINY),
    ("voice:forms", None, EVERYONE),
    ("voice:form_add", None, SCRUTINY),
    ("reports:list", None, EVERYONE),
    ("reports:start", None, LEADERSHIP),
    ("reports:board_pack", None, OVERSIGHT),
    ("selfassessment:list", None, OVERSIGHT),
    ("selfassessment:start", None, SCRUTINY),
    ("peerreview:host_list", None, LEADERSHIP),
    ("peerreview:host_add", None, LEADERSHIP),
    ("regional:library", None, EVERYONE),
    ("regional:resource_add", None, SCRUTINY),
    ("regional:board_report", None, {R.REGIONAL_ADMIN, R.CHAIR}),
]


every_role = pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
every_board_page = pytest.mark.parametrize(
    ("url_name", "agency_fixture", "allowed"),
    BOARD_PAGES,
    ids=[f"{name}[{a or '-'}]" for name, a, _ in BOARD_PAGES],
)


def _url(name, board, agency_fixture, request):
    args = [board.slug]
    if agency_fixture:
        args.append(request.getfixturevalue(agency_fixture).pk)
    return reverse(name, args=args)


@every_role
@every_board_page
def test_own_board(
    client,
    login,
    make_user,
    board,
    agency,
    other_agency,
    request,
    role,
    url_name,
    agency_fixture,
    allowed,
):
    login(client, user_for_role(make_user, role, board, agency))
    response = client.get(_url(url_name, board, agency_fixture, request))
    assert response.status_code == (200 if role in allowed else 403)


@every_role
@every_board_page
def test_another_board_in_the_region(
    client,
    login,
    make_user,
    board,
    other_board,
    agency,
    other_agency,
    request,
    role,
    url_name,
    agency_fixture,
    allowed,
):
    """Board roles reach only their own board; a regional admin's role cascades to it."""
    login(client, user_for_role(make_user, role, board, agency))
    if agency_fixture == "other_agency":
        # `other_agency` does not serve other_board: 404 for everyone who reaches the board
        expected = 404
    elif role == Role.REGIONAL_ADMIN:
        expected = 200
    else:
        expected = 404
    assert client.get(_url(url_name, other_board, agency_fixture, request)).status_code == expected


@every_role
def test_board_in_another_region_is_not_found(
    client, login, make_user, board, agency, far_board, role
):
    login(client, user_for_role(make_user, role, board, agency))
    for name in {name for name, agency_fixture, _ in BOARD_PAGES if agency_fixture is None}:
        assert client.get(reverse(name, args=[far_board.slug])).status_code == 404, name


@every_role
def test_region_pages_are_for_regional_admins(
    client, login, make_user, board, agency, far_board, role
):
    login(client, user_for_role(make_user, role, board, agency))
    expected = 200 if role == Role.REGIONAL_ADMIN else 404
    for name in [
        "tenancy:region_home",
        "tenancy:region_agency_add",
        "tenancy:region_board_add",
        "returns:region_section_11",
        "regional:curate",
        "regional:region_report",
    ]:
        assert client.get(reverse(name, args=[board.region.slug])).status_code == expected, name
        assert client.get(reverse(name, args=[far_board.region.slug])).status_code == 404, name


@pytest.mark.parametrize("url_name", sorted({name for name, _, _ in BOARD_PAGES}))
def test_anonymous_is_sent_to_sign_in(client, board, agency, other_agency, request, url_name):
    agency_fixture = next(a for n, a, _ in BOARD_PAGES if n == url_name)
    response = client.get(_url(url_name, board, agency_fixture, request))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_refused_page_shows_nothing_of_the_other_board(
    client, login, make_user, board, other_board, agency
):
    other_board.description = "CANARY-other-board-description"
    other_board.save()
    login(client, make_user(Role.CHAIR, board=board))
    response = client.get(reverse("core:board_home", args=[other_board.slug]))
    assert response.status_code == 404
    assert b"CANARY" not in response.content
    assert other_board.name.encode() not in response.content


# Pages with no sign-in and no board data: anonymous and every role get the same answer.
PUBLIC_PAGES = [("health", 200)]


@pytest.mark.parametrize(("url_name", "status"), PUBLIC_PAGES)
def test_public_pages_need_no_sign_in(client, board, url_name, status):
    assert client.get(reverse(url_name)).status_code == status


@every_role
@pytest.mark.parametrize(("url_name", "status"), PUBLIC_PAGES)
def test_public_pages_show_every_role_the_same_nothing(
    client, login, make_user, board, agency, role, url_name, status
):
    anonymous = client.get(reverse(url_name)).content
    login(client, user_for_role(make_user, role, board, agency))
    response = client.get(reverse(url_name))
    assert response.status_code == status
    assert response.content == anonymous
    assert board.name.encode() not in response.content
