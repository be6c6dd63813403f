"""For tests of pages that start a job (the suite runs jobs in huey's immediate mode, so the
job has finished when the page that started it answers)."""

from django.urls import resolve


def through_job(client, response):
    """Follow a page's redirect to the job it started: the job page's own redirect (its
    starter goes on to the next page, e.g. an import's preview) or, when the job found
    problems, the job page itself."""
    if response.status_code != 302 or resolve(response["Location"]).view_name != "jobs:job":
        return response
    return client.get(response["Location"])
