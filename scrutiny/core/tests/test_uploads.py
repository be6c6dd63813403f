"""Upload checks: size limits before reading, zip bombs refused before any parser opens them."""

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from scrutiny.core.tests.files import bomb_xlsx, many_members_zip, real_docx, real_xlsx
from scrutiny.core.uploads import (
    UploadRejected,
    check_archive,
    check_evidence,
    check_size,
    describe_bytes,
    read_limited,
)


def no_member_is_opened():
    """Patch zipfile so that decompressing any member fails the test: refusals must come
    from the archive's directory alone, before any parser reads the bomb."""
    return mock.patch.object(
        zipfile.ZipFile, "open", side_effect=AssertionError("a member was decompressed")
    )


def test_the_bomb_fixture_is_small_packed_and_large_unpacked():
    data = bomb_xlsx(16)
    assert len(data) < 60 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(m.file_size for m in archive.infolist()) > 16 * 1024 * 1024


@override_settings(SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB=50, SCRUTINY_MAX_ARCHIVE_RATIO=100)
def test_an_xlsx_that_unzips_to_16_mb_is_refused_by_its_ratio_without_unpacking():
    data = bomb_xlsx(16)
    with no_member_is_opened(), pytest.raises(UploadRejected) as refused:
        check_archive("returns.xlsx", data)
    message = str(refused.value)
    assert message.startswith("returns.xlsx is compressed")
    assert "the limit is 100 to 1" in message


@override_settings(SCRUTINY_MAX_ARCHIVE_UNCOMPRESSED_MB=10, SCRUTINY_MAX_ARCHIVE_RATIO=100_000)
def test_an_archive_that_unpacks_past_the_limit_is_refused_naming_the_limit():
    data = bomb_xlsx(16)
    with no_member_is_opened(), pytest.raises(UploadRejected) as refused:
        check_archive("big.xlsx", data)
    assert str(refused.value) == "big.xlsx unpacks to 16 MB; the limit is 10 MB."


@override_settings(SCRUTINY_MAX_ARCHIVE_MEMBERS=1000)
def test_a_zip_with_too_many_members_is_refused_naming_the_count_and_the_limit():
    data = many_members_zip(1001)
    with no_member_is_opened(), pytest.raises(UploadRejected) as refused:
        check_archive("parts.docx", data)
    assert str(refused.value) == "parts.docx holds 1,001 files inside it; the limit is 1,000."


@override_settings(SCRUTINY_MAX_ARCHIVE_MEMBERS=1000)
def test_a_zip_at_the_member_limit_passes():
    check_archive("parts.docx", many_members_zip(1000))


def test_a_file_that_is_not_a_zip_is_refused_by_name():
    with pytest.raises(UploadRejected, match=r"^notes\.docx is not a readable zip-based file"):
        check_archive("notes.docx", b"PK\x03\x04 but nothing after")


@pytest.mark.parametrize(
    ("name", "make"), [("figures.xlsx", real_xlsx), ("minutes.docx", real_docx)]
)
def test_real_office_files_pass_the_evidence_check(name, make):
    data = make()
    kind, checked = check_evidence(SimpleUploadedFile(name, data))
    assert checked == data
    assert kind.label == {"figures.xlsx": "Excel", "minutes.docx": "Word"}[name]


def test_evidence_that_is_a_zip_bomb_is_refused_before_parsing():
    upload = SimpleUploadedFile("evidence.xlsx", bomb_xlsx(16))
    with pytest.raises(UploadRejected, match=r"^evidence\.xlsx is compressed"):
        check_evidence(upload)


def test_declared_size_over_the_limit_is_refused_before_reading():
    upload = SimpleUploadedFile("big.csv", b"a,b\n")
    upload.size = 12 * 1024 * 1024
    with (
        mock.patch.object(upload.file, "read", side_effect=AssertionError("the body was read")),
        pytest.raises(UploadRejected) as refused,
    ):
        check_size(upload, 10)
    assert str(refused.value) == "big.csv is 12 MB; the limit is 10 MB."


def test_a_lying_declared_size_is_caught_by_reading_one_byte_past_the_limit():
    body = b"x" * (1024 * 1024 + 10)
    upload = SimpleUploadedFile("liar.txt", body)
    upload.size = 10  # says it is 10 bytes
    with pytest.raises(UploadRejected) as refused:
        read_limited(upload, 1)
    assert str(refused.value) == "liar.txt is larger than the limit of 1 MB."


def test_read_limited_never_reads_more_than_one_byte_past_the_limit():
    upload = SimpleUploadedFile("liar.txt", b"x" * (3 * 1024 * 1024))
    upload.size = 10
    with (
        mock.patch.object(upload.file, "read", wraps=upload.file.read) as read,
        pytest.raises(UploadRejected),
    ):
        read_limited(upload, 1)
    assert read.call_args_list == [mock.call(1024 * 1024 + 1)]


def test_read_limited_returns_the_whole_file_within_the_limit_even_after_a_read():
    upload = SimpleUploadedFile("ok.txt", b"hello world")
    upload.read(5)
    assert read_limited(upload, 1) == b"hello world"


def test_a_limit_in_kilobytes_is_named_in_kilobytes():
    upload = SimpleUploadedFile("template.yaml", b"x" * 600 * 1024)
    with pytest.raises(UploadRejected) as refused:
        read_limited(upload, 512 / 1024)
    assert str(refused.value) == "template.yaml is 600 KB; the limit is 512 KB."


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (10 * 1024 * 1024, "10 MB"),
        (1536 * 1024, "1.5 MB"),
        (1024 * 1024 + 1, "1.0 MB"),
        (512 * 1024, "512 KB"),
    ],
)
def test_sizes_are_described_as_people_read_them(count, said):
    assert describe_bytes(count) == said
