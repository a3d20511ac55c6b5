"""``python -m skyledger``: the same as the ``skyledger`` command."""

from skyledger.cli import app

app(prog_name="skyledger")
