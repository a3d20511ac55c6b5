"""The HTTP API and the web page: ``create_app`` (app.py) over the typed shapes of models.py."""

from skyledger.api.app import create_app

__all__ = ["create_app"]
