"""The ledger's schema history as Alembic migrations (``versions/``).

``skyledger.store.db.open_ledger`` applies them: a new ledger is created from the models and
stamped with the newest revision; a ledger from before migrations existed (made by skyledger up to
commit 99c980a) is stamped ``0001`` and upgraded from there; any other is upgraded to the newest.
"""
