"""qpfleet checks: everything about one terminal (facts, profiles, rules, collectors, reports)."""

__version__ = "0.1.0"
