"""Domain errors raised by services and shown to users as clear messages (never a 500)."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the registry forbids what was asked. ``message`` is for the user and is
    translated in their language; ``code`` is stable for programs (API clients, tests)."""

    code = "domain_error"

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)


class InvalidTransition(DomainError):
    """The object is not in a state that allows the action (often: someone acted first)."""

    code = "invalid_transition"


class NotAllowed(DomainError):
    """The actor may not do this."""

    code = "not_allowed"


class Conflict(DomainError):
    """The action would break a uniqueness rule (e.g. a company already registered)."""

    code = "conflict"
