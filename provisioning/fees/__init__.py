"""Fees of the sub-centre: the price table, quotes for installation and maintenance, the transmission-fee ledger.

All money is integer fen (1 yuan = 100 fen). Pure logic here; files and SQLite are in
:mod:`provisioning.fees.ledger_store` and the CLI in :mod:`provisioning.fees.cli`.
"""
