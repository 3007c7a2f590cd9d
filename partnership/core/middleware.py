"""A database that cannot answer (connection lost, server restarting, SQLite busy past its
timeout) is a temporary outage, not a bug: answer 503 with Retry-After instead of a 500.

The transaction that was running has already been rolled back by ``transaction.atomic`` (or by
the server, when the connection died), so nothing is left half-written; the client only has to
try again. Pages get a short translated page, ``/api/`` gets the API's ``{"detail": …}`` shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import Error, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Long enough for a restarted database or a finished write to be back, short enough for a user.
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(exc: BaseException) -> bool:
    """Does ``exc`` mean the database could not answer, rather than that a query was wrong?

    OperationalError covers lost and refused connections, a terminated backend, SQLite's
    "database is locked", serialization failures and deadlocks; InterfaceError a connection
    that was already closed (not a DatabaseError in Django's hierarchy). Integrity, data and
    programming errors are bugs and stay 500s.
    """
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_message() -> str:
    return _("The registry is temporarily unavailable. Please try again in a minute.")


def database_unavailable_response(request: HttpRequest, exc: Error) -> HttpResponse:
    """The 503 answer for ``request``: JSON under /api/, a page elsewhere. Renders nothing that
    needs the database (no user, no session), since the database is what failed."""
    logger.warning(
        "Database unavailable during %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        exc,
        exc_info=exc,
    )
    # The session cannot be saved either; trying would turn this 503 into a 500.
    session = getattr(request, "session", None)
    if session is not None:
        session.modified = False
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": unavailable_message()}, status=503)
    else:
        html = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view into a 503 (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Error) and is_database_unavailable(exception):
            return database_unavailable_response(request, exception)
        return None


class MethodNotAllowedPageMiddleware:
    """Django answers a method a view does not accept (a GET on a form's target, say) with an
    empty 405. Give people a page in their language saying what happened; keep the ``Allow``
    header. The API answers with its own JSON and is left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not request.path.startswith("/api/")
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            html = loader.get_template("405.html").render(request=request)
            response.content = html.encode()
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
