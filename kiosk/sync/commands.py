"""`kiosk` subcommands of the sync package (registered by kiosk.cli)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:  # noqa: ARG001 - filled in later
    """No commands yet."""
