"""Reconciliation: each claim counted once, every source behind it kept.

Pure functions over extracted claims; ``skyledger.store.reconciled`` feeds them from the ledger and
writes what they decide back, one touched bucket at a time.

* ``intervals``: every window as a UTC interval, and the attack period (incident) it falls in;
* ``copies``: near-duplicate texts by MinHash;
* ``groups``: which claims are the same claim, and each document's role (primary, relay, copy,
  superseded);
* ``totals``: daily totals by interval algebra, with a range where an overlap is unsettled;
* ``grades``: how a figure reached the ledger (``data/grades.yaml``).
"""
