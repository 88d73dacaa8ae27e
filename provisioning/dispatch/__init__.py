"""Dispatch: the working-day calendar, SLA deadlines, the store, the planner, site campaigns and training.

Pure parts (``calendar``, ``sla``, ``planner``, ``campaign``, ``training``) take "now" as an argument
and do no I/O beyond reading their configuration files; ``store`` holds the SQLite state and
``commands`` is the ``qpfleet dispatch`` CLI.
"""
