"""The error types every part of qpfleet raises for a user's mistake, and the exit codes.

One funnel (``provisioning.cli.main``) turns a :class:`QpError` into a one-line
message on stderr and its exit code; nothing else prints tracebacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checks.i18n import Msg


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
    ``message`` (and ``hint``) may be a catalogue :class:`checks.i18n.Msg`: the funnel then shows it in
    the user's language (:meth:`text`); ``str()`` and ``.message`` stay the English text.
    """

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str | Msg, where: str | None = None, hint: str | Msg | None = None) -> None:
        super().__init__(str(message))
        self.msg = message
        self.message = str(message)
        self.where = where
        self.hint = hint

    def text(self, lang: str) -> str:
        """The message for people in ``lang`` (a plain-text message is shown as it is)."""
        from checks.i18n import render, t

        text = render(self.msg, lang)
        if self.where:
            text = f"{self.where}: {text}"
        if self.hint:
            text += t("error.hint", lang, hint=render(self.hint, lang))
        return text

    def __str__(self) -> str:
        return self.text("en")

    def as_msg(self) -> str:
        """The whole line as one message that keeps its languages (a :class:`checks.i18n.Msg`), for a list
        of problems such as a registry's; ``str()`` of it is the English line."""
        from checks.i18n import Msg

        what: str = Msg("error.with_hint", what=self.msg, hint=self.hint) if self.hint else self.msg
        return Msg("msg.at", where=self.where, what=what) if self.where else what


class InputError(QpError):
    """A file, field or argument given by the user is malformed."""


class ValidationErrors(QpError):
    """Several problems found at once (a registry, a profile): all are reported, one per line."""

    def __init__(self, problems: Sequence[str | Msg], what: str = "input") -> None:
        super().__init__(f"{len(problems)} problem(s) in {what}")
        self.problems: list[str | Msg] = list(problems)

    def lines(self, lang: str) -> list[str]:
        """Each problem in ``lang`` (a problem may be a catalogue Msg; plain text is shown as it is)."""
        from checks.i18n import render

        return [render(p, lang) for p in self.problems]

    def text(self, lang: str) -> str:
        return "\n".join(self.lines(lang))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class MissingDependency(QpError):
    """An optional package or program is not installed; the message says how to get it."""
