"""The app's version, in one place: the package metadata, ``--version``, the About box and the
bundle's name all read it from here (a frozen bundle may carry no package metadata)."""

__version__ = "0.1.0"


def framework_label() -> str:
    """The bundled framework's id and version ("cyp-mh-sit 2026.1"), or why it cannot be read."""
    from .loader import FrameworkError, load_framework

    try:
        fw = load_framework()
    except FrameworkError as exc:
        return f"cannot be read ({exc.problems[0] if exc.problems else exc})"
    return f"{fw.id} {fw.version}"


def version_text() -> str:
    return f"sit-maturity {__version__}\nframework {framework_label()}"
