import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scrutiny.core.tests.transactions import calls_depth
from scrutiny.library.loader import parse_library_source
from scrutiny.library.models import FrameworkTemplate
from scrutiny.people.models import Role


def ofsted():
    return FrameworkTemplate.objects.get(code="ofsted-lscb-review-good", owner_board=None)


def test_library_pages(client, login, make_user, board):
    login(client, make_user(Role.VIEWER, board=board))
    listing = client.get(reverse("library:template_list"))
    assert b"Ofsted LSCB review" in listing.content
    detail = client.get(reverse("library:template_detail", args=[ofsted().pk]))
    assert detail.status_code == 200
    assert b"Requires improvement" in detail.content and b">87<" in detail.content
    assert client.get(reverse("library:template_detail", args=[99999])).status_code == 404


def test_downloaded_yaml_is_a_valid_library_file_with_the_same_content(
    client, login, make_user, board
):
    login(client, make_user(Role.VIEWER, board=board))
    response = client.get(reverse("library:template_yaml", args=[ofsted().pk]))
    assert (
        response["Content-Disposition"] == 'attachment; filename="ofsted-lscb-review-good-v1.yaml"'
    )
    parsed = parse_library_source("download.yaml", response.content)
    assert parsed.code == "ofsted-lscb-review-good"
    assert [q.number for s in parsed.sections for q in s.questions] == [
        str(n) for n in range(77, 88)
    ]
    assert [lv.label for lv in parsed.scales[0].levels][0] == "Outstanding"


def _adapted(client, board, version=2, title="Ofsted criteria, Alpha wording"):
    data = yaml.safe_load(client.get(reverse("library:template_yaml", args=[ofsted().pk])).content)
    data["version"] = version
    data["title"] = title
    return SimpleUploadedFile("adapted.yaml", yaml.safe_dump(data, sort_keys=False).encode())


def test_business_manager_uploads_an_adapted_template_for_their_board(
    client, login, make_user, board, other_board
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("library:adapt_template", args=[board.slug]), {"file": _adapted(client, board)}
    )
    assert response.status_code == 302
    adapted = FrameworkTemplate.objects.get(owner_board=board)
    assert adapted.title == "Ofsted criteria, Alpha wording" and adapted.version == 2
    mine = client.get(reverse("library:board_templates", args=[board.slug]))
    assert b"Ofsted criteria, Alpha wording" in mine.content
    # the shared library page and other boards do not list it
    assert b"Alpha wording" not in client.get(reverse("library:template_list")).content
    client.logout()
    login(client, make_user(Role.BUSINESS_MANAGER, board=other_board))
    assert (
        b"Alpha wording"
        not in client.get(reverse("library:board_templates", args=[other_board.slug])).content
    )
    assert client.get(reverse("library:template_detail", args=[adapted.pk])).status_code == 404
    assert client.get(reverse("library:template_yaml", args=[adapted.pk])).status_code == 404


def test_a_board_may_adapt_under_the_shared_version_number(client, login, make_user, board):
    """Board copies are kept apart from the shared library, so version 1 is free for them."""
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("library:adapt_template", args=[board.slug]),
        {"file": _adapted(client, board, version=1)},
    )
    assert response.status_code == 302
    assert FrameworkTemplate.objects.filter(code="ofsted-lscb-review-good").count() == 2


def test_a_bad_upload_lists_each_problem_with_its_line_and_saves_nothing(
    client, login, make_user, board
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    bad = SimpleUploadedFile(
        "mine.yaml",
        b"schema: scrutiny.library/1\ncode: x\nversion: 1\ntitle: X\nkind: essay\nsections: []\n",
    )
    response = client.post(reverse("library:adapt_template", args=[board.slug]), {"file": bad})
    content = response.content.decode()
    assert response.status_code == 200
    assert "mine.yaml:5: kind &#x27;essay&#x27; is not one of" in content
    assert "mine.yaml:6: sections should not be empty" in content
    assert not FrameworkTemplate.objects.filter(owner_board=board).exists()


def test_only_yaml_files_are_accepted(client, login, make_user, board):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    response = client.post(
        reverse("library:adapt_template", args=[board.slug]),
        {"file": SimpleUploadedFile("report.docx", b"PK\x03\x04")},
    )
    assert b"report.docx is not a .yaml file" in response.content


def test_other_roles_cannot_upload(client, login, make_user, board):
    login(client, make_user(Role.QA_MEMBER, board=board))
    response = client.post(
        reverse("library:adapt_template", args=[board.slug]), {"file": _adapted(client, board)}
    )
    assert response.status_code == 403
    assert not FrameworkTemplate.objects.filter(owner_board=board).exists()


def test_a_template_over_the_size_limit_is_refused_naming_the_limit(
    client, login, make_user, board, settings
):
    settings.SCRUTINY_MAX_TEMPLATE_KB = 4
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    big = SimpleUploadedFile("big.yaml", b"# padding\n" * 600)  # 6,000 bytes
    response = client.post(reverse("library:adapt_template", args=[board.slug]), {"file": big})
    content = response.content.decode()
    assert response.status_code == 200
    assert "big.yaml is 6 KB; the limit is 4 KB." in content
    assert 'href="#id_file"' in content  # the error summary links to the field
    assert not FrameworkTemplate.objects.filter(owner_board=board).exists()


def test_an_uploaded_template_is_parsed_before_any_transaction_opens(
    client, login, make_user, board
):
    login(client, make_user(Role.BUSINESS_MANAGER, board=board))
    upload = _adapted(client, board)
    with calls_depth("scrutiny.library.loader.parse_library_source") as depths:
        response = client.post(
            reverse("library:adapt_template", args=[board.slug]), {"file": upload}
        )
    assert response.status_code == 302
    assert depths == [0]
    assert FrameworkTemplate.objects.filter(owner_board=board, version=2).exists()
