"""The app's commands (``sit-maturity`` with no command, ``open``), registered by entry point.

Qt is imported only when one of these commands runs, so the headless commands stay light.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the app's commands to the ``sit-maturity`` parser."""
