"""Business managers give people roles on their board; new people are invited by email."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from scrutiny.people.models import Role, RoleAssignment, User


@pytest.fixture
def manager_client(client, login, make_user, board):
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(client, manager)
    client.manager = manager
    return client


def add_url(board):
    return reverse("people:add_person", args=[board.slug])


def test_new_person_is_created_invited_and_can_set_a_password(
    manager_client, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            add_url(board),
            {"email": "New.Member@Example.org", "full_name": "New Member", "role": "qa_member"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.member@example.org")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.get(user=user).role == Role.QA_MEMBER
    (email,) = mail.outbox
    assert email.to == ["new.member@example.org"]
    assert "QA sub-group member, Alpha Board" in email.body
    link = next(line for line in email.body.splitlines() if "/account/password/set/" in line)
    path = link.split("8000", 1)[1]

    anonymous = manager_client.__class__()
    form_page = anonymous.get(path, follow=True)
    assert b"Set your password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    done = anonymous.post(
        set_url,
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a long new passphrase")


def test_existing_person_gets_a_new_role_without_an_invitation(
    manager_client, make_user, board, django_capture_on_commit_callbacks
):
    existing = make_user(Role.VIEWER, board=board)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            add_url(board), {"email": existing.email, "role": "lay_member"}
        )
    assert response.status_code == 302
    assert set(existing.role_assignments.values_list("role", flat=True)) == {"viewer", "lay_member"}
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "role": "viewer"}, b"Enter their email address"),
        ({"email": "nobody@example.org", "role": ""}, b"Choose a role"),
        (
            {"email": "nobody@example.org", "role": "viewer", "full_name": ""},
            b"Enter their full name",
        ),
        (
            {"email": "nobody@example.org", "role": "agency_lead", "full_name": "No Agency"},
            b"Choose the agency this lead answers for",
        ),
        (
            {"email": "nobody@example.org", "role": "chair", "full_name": "X", "agency": "AGENCY"},
            b"Only agency leads are tied to an agency",
        ),
        (
            {"email": "nobody@example.org", "role": "regional_admin", "full_name": "X"},
            b"Select a valid choice",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(manager_client, board, agency, data, message):
    data = {k: (agency.pk if v == "AGENCY" else v) for k, v in data.items()}
    users_before = User.objects.count()
    roles_before = RoleAssignment.objects.count()
    response = manager_client.post(add_url(board), data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert message in response.content
    assert User.objects.count() == users_before
    assert RoleAssignment.objects.count() == roles_before


def test_agency_lead_must_lead_an_agency_serving_the_board(
    manager_client, board, far_board, region
):
    from scrutiny.tenancy.models import Agency

    stranger = Agency.objects.create(region=region, name="Not On Board", agency_type="other")
    response = manager_client.post(
        add_url(board),
        {"email": "x@example.org", "full_name": "X", "role": "agency_lead", "agency": stranger.pk},
    )
    assert b"Select a valid choice" in response.content
    assert not User.objects.filter(email="x@example.org").exists()


def test_agency_lead_answers_for_one_agency_only(
    manager_client, make_user, board, agency, other_agency
):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    response = manager_client.post(
        add_url(board), {"email": lead.email, "role": "agency_lead", "agency": other_agency.pk}
    )
    assert b"already the lead for Test Police" in response.content
    assert lead.role_assignments.count() == 1


def test_same_role_twice_is_refused(manager_client, make_user, board):
    viewer = make_user(Role.VIEWER, board=board)
    response = manager_client.post(add_url(board), {"email": viewer.email, "role": "viewer"})
    assert b"already has this role" in response.content


def test_people_list_shows_only_this_boards_people(manager_client, make_user, board, other_board):
    make_user(Role.CHAIR, board=other_board, email="canary@beta.example")
    make_user(Role.CHAIR, board=board, email="alpha.chair@example.org")
    response = manager_client.get(reverse("people:board_people", args=[board.slug]))
    assert b"alpha.chair@example.org" in response.content
    assert b"canary@beta.example" not in response.content


def test_manager_removes_a_role_but_not_their_own(manager_client, make_user, board):
    viewer = make_user(Role.VIEWER, board=board)
    assignment = viewer.role_assignments.get()
    response = manager_client.post(reverse("people:remove_role", args=[board.slug, assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    own = manager_client.manager.role_assignments.get()
    manager_client.post(reverse("people:remove_role", args=[board.slug, own.pk]))
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_the_list_offers_remove_for_each_role_but_the_managers_own_and_it_works(
    login, make_user, board, agency
):
    """The Remove buttons are drawn in Python: each posts its role's address with a valid
    CSRF token (checked here, as a browser's request is), and names the role and person."""
    csrf_client = Client(enforce_csrf_checks=True)
    manager = make_user(Role.BUSINESS_MANAGER, board=board)
    login(csrf_client, manager)
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    User.objects.filter(pk=lead.pk).update(full_name="Pat <Lead>")
    assignment = lead.role_assignments.get()
    url = reverse("people:board_people", args=[board.slug])
    page = csrf_client.get(url).content.decode()
    action = reverse("people:remove_role", args=[board.slug, assignment.pk])
    form = page[page.index(f'action="{action}"') :].split("</form>")[0]
    assert "Agency lead (Test Police)" in page
    assert "Agency lead role from Pat &lt;Lead&gt;</span>" in form
    own = manager.role_assignments.get()
    assert reverse("people:remove_role", args=[board.slug, own.pk]) not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert csrf_client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_chair_sees_the_people_but_no_remove_buttons(client, login, make_user, board):
    viewer = make_user(Role.VIEWER, board=board)
    login(client, make_user(Role.CHAIR, board=board))
    page = client.get(reverse("people:board_people", args=[board.slug])).content.decode()
    assert viewer.email in page
    assert "Remove" not in page


def test_manager_cannot_remove_a_role_on_another_board(
    manager_client, make_user, board, other_board
):
    outsider = make_user(Role.CHAIR, board=other_board)
    assignment = outsider.role_assignments.get()
    response = manager_client.post(reverse("people:remove_role", args=[board.slug, assignment.pk]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_chair_cannot_add_people(client, login, make_user, board):
    login(client, make_user(Role.CHAIR, board=board))
    response = client.post(
        add_url(board), {"email": "x@example.org", "full_name": "X", "role": "viewer"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_account_page_lists_roles(client, login, make_user, board, agency):
    lead = make_user(Role.AGENCY_LEAD, board=board, agency=agency)
    login(client, lead)
    response = client.get(reverse("people:account"))
    assert b"Agency lead for Test Police, Alpha Board" in response.content


def test_the_kept_list_removes_with_the_persons_own_token_and_shows_it_at_once(
    login, make_user, board
):
    """Shown from what was kept, each Remove form carries the person's own CSRF token (put
    in at each showing); a removal shows on the next request."""
    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, make_user(Role.BUSINESS_MANAGER, board=board))
    viewer = make_user(Role.VIEWER, board=board)
    assignment = viewer.role_assignments.get()
    url = reverse("people:board_people", args=[board.slug])
    csrf_client.get(url)
    page = csrf_client.get(url).content.decode()  # kept
    assert "kept-page-token" not in page
    action = reverse("people:remove_role", args=[board.slug, assignment.pk])
    form = page[page.index(f'action="{action}"') :].split("</form>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert csrf_client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    assert viewer.email not in csrf_client.get(url).content.decode()


def test_the_kept_list_is_each_managers_own_and_a_chairs_has_no_buttons(
    client, login, make_user, board
):
    """Managers share their grants but are each offered Remove for every role but their
    own; a chair (other grants) is offered none."""
    first = make_user(Role.BUSINESS_MANAGER, board=board)
    second = make_user(Role.BUSINESS_MANAGER, board=board)
    url = reverse("people:board_people", args=[board.slug])

    def remove_url(person: User) -> str:
        return reverse("people:remove_role", args=[board.slug, person.role_assignments.get().pk])

    login(client, first)
    page = client.get(url).content.decode()
    assert remove_url(second) in page and remove_url(first) not in page
    login(client, second)
    page = client.get(url).content.decode()
    assert remove_url(first) in page and remove_url(second) not in page
    login(client, make_user(Role.CHAIR, board=board))
    assert "Remove" not in client.get(url).content.decode()
