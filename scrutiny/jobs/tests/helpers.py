"""For tests of pages that start a job (the suite runs jobs in huey's immediate mode, so the
job has finished when the page that started it answers)."""

from django.urls import resolve, reverse


def through_job(client, response):
    """Follow a page's redirect to the job it started: the job page's own redirect (its
    starter goes on to the next page, e.g. an import's preview) or, when the job found
    problems, the job page itself."""
    if response.status_code != 302 or resolve(response["Location"]).view_name != "jobs:job":
        return response
    return client.get(response["Location"])


def job_download(client, response):
    """Follow a page's redirect to the job that builds a file and fetch the file its page
    offers (the suite's jobs have finished by then): the file's response."""
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.view_name == "jobs:job", response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    file_url = reverse("jobs:file", args=[match.kwargs["job_id"]])
    assert f'href="{file_url}"'.encode() in page.content, "the job page offers no file"
    return client.get(file_url)


def file_bytes(response) -> bytes:
    return b"".join(response.streaming_content)
