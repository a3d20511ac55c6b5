"""A fresh SQLite ledger per test, in tmp_path so that WAL and foreign keys are exercised as in use."""

from __future__ import annotations

import pytest

from skyledger.store.db import open_ledger


@pytest.fixture
def session(tmp_path):
    factory = open_ledger(str(tmp_path / "ledger.db"))
    with factory() as s:
        yield s
