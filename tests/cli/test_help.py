"""Every command has help, and the help ends with an example (sqlite-utils' test_docs habit)."""

from __future__ import annotations

import inspect

import pytest
import typer
from typer.testing import CliRunner

from skyledger.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)


def test_every_command_is_listed():
    assert COMMANDS == [
        "claims",
        "daily",
        "db",
        "eval",
        "export",
        "extract",
        "incidents",
        "ingest",
        "load",
        "record",
        "serve",
        "show",
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_help_ends_with_an_example(name):
    command = typer.main.get_command(app).commands[name]
    last_paragraph = inspect.cleandoc(command.help).split("\n\n")[-2:]
    assert last_paragraph[0] == "Example:"
    assert last_paragraph[1].strip().startswith(f"skyledger {name} ")
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert f"Example:\n\n      skyledger {name} " in result.stdout


def test_no_arguments_shows_the_commands():
    result = CliRunner().invoke(app, [])
    assert "Commands:" in result.output and "ingest" in result.output
