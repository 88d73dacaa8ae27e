"""The error types every part of qpfleet raises for a user's mistake, and the exit codes.

One funnel (``provisioning.cli.main``) turns a :class:`QpError` into a one-line
message on stderr and its exit code; nothing else prints tracebacks.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes shared by every subcommand."""

    OK = 0  # ready / valid / done
    FAILED = 1  # not ready / a check failed / nothing usable
    USAGE = 2  # bad input or usage: nothing was judged
    UNDETERMINED = 3  # some must-fact could not be read (UNKNOWN) or a host unreachable
    INTERNAL = 70  # a bug of qpfleet (EX_SOFTWARE): never read as "ready" or "not ready"


class QpError(Exception):
    """A user's mistake or an environment problem with a clear one-line message.

    ``where`` is a location such as ``file:line``, ``file:line: field.path`` or a host name.
    """

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class InputError(QpError):
    """A file, field or argument given by the user is malformed."""


class ValidationErrors(QpError):
    """Several problems found at once (a registry, a profile): all are reported, one per line."""

    def __init__(self, problems: list[str], what: str = "input") -> None:
        super().__init__(f"{len(problems)} problem(s) in {what}")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(self.problems)


class MissingDependency(QpError):
    """An optional package or program is not installed; the message says how to get it."""
