"""Requests that change data run in one transaction; pages that only read run in none."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """What ATOMIC_REQUESTS does, for POST, PUT, PATCH and DELETE only: the view's writes
    are all saved or none are. A view marked with Django's @transaction.non_atomic_requests
    is left to open its own transaction, so that it can read, parse and check an upload
    before it takes the database's write lock (on SQLite one writer at a time, for
    everybody). Reading pages need no transaction and so never wait behind a writer.

    Must be the last middleware: returning the view's response from process_view skips the
    process_view of any middleware after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method in READING_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        from .concurrency import EditConflict, conflict_response

        try:
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        except EditConflict as conflict:
            # Calling the view here bypasses process_exception, so the conflict page is made
            # here, after the refused save has been rolled back.
            return conflict_response(request, conflict)
