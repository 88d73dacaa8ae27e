"""The terminal's own judge: a JScript evaluator generated from a profile, for terminals without Python.

``generate.evaluator_script(profile)`` writes ``evaluate.js`` (common.js + the evaluator template +
the profile's thresholds and lists, the translated regular expressions and the catalogue's words).
A profile the generator cannot express exactly raises :class:`Untranslatable` (a kit build stops);
it never yields an evaluator that judges differently from :mod:`checks.rules`.
"""

from __future__ import annotations

from checks.evaluator.regex import Untranslatable

__all__ = ["Untranslatable"]
