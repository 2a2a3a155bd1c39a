"""Command-line commands that produce files: registered into ``sit-maturity`` by entry point.

Imports of openpyxl and reportlab stay inside the command functions so that the app's start-up
never pays for them.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this layer's commands to the ``sit-maturity`` parser."""
    from .cli_export import add_export_command

    add_export_command(sub)
    from .compare_cli import register_compare

    register_compare(sub)
    from .packs_cli import register_packs

    register_packs(sub)
