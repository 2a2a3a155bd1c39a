"""PySide6's check of each imported module's source, made quick. Installed before the window's
modules are imported (``forms.cli`` does so before it imports ``forms.launch``), so none of
them pays the slow check."""

from __future__ import annotations

import sys

import PySide6  # noqa: F401 - loads the check this module replaces


def quick_source_checks() -> None:
    """PySide6 asks of every module imported after it whether its source names PySide6 (for its
    ``__feature__`` switches), through ``inspect.getsource``, which tokenises the whole file:
    a tenth of start-up. The same question answered from the file's bytes costs a fraction;
    anything but a plain ``.py`` file is still left to PySide6's own check."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if not callable(check) or getattr(check, "quick", False):
        return

    def quick(module) -> bool:
        name = getattr(module, "__file__", None)
        if not isinstance(name, str) or not name.endswith(".py"):
            return check(module)
        try:
            with open(name, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return check(module)

    quick.quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = quick  # type: ignore[union-attr]
