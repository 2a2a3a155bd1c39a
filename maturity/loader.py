"""Reading a framework from a folder of TOML files, with errors that name file and place.

A framework folder holds ``framework.toml`` (id, title, version, scale, high-impact changes)
and one ``NN-name.toml`` per domain. TOML is read with the standard library, so content
authors need nothing but a text editor.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .filekinds import describe_mode
from .framework import Domain, Framework

FRAMEWORK_FILE = "framework.toml"
# The bundled domain files are about 30 kB each; a framework file beyond this is not one.
MAX_FILE_BYTES = 2_000_000
MAX_DOMAIN_FILES = 200


class FrameworkError(Exception):
    """A framework folder that cannot be used; ``problems`` lists every error found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def default_framework_dir() -> Path:
    return Path(str(resources.files("domains")))


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def describe_validation_error(err: ValidationError, where: str) -> list[str]:
    """Turn pydantic's errors into ``file: path.to[2].field: message`` lines."""
    lines = []
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        kind = e["type"]
        if kind == "extra_forbidden":
            field = loc[-1]
            text = f"unknown key '{field}'"
            loc = loc[:-1]
        elif kind == "missing":
            text = f"missing required key '{loc[-1]}'"
            loc = loc[:-1]
        else:
            text = e["msg"].removeprefix("Value error, ")
        place = _loc(loc)
        lines.append(f"{where}: {place}: {text}" if place else f"{where}: {text}")
    return lines


def _read_toml(path: Path, label: str) -> dict[str, Any]:
    try:
        data = _read_limited(path, label)
    except OSError as exc:
        raise FrameworkError([f"{label}: cannot be read: {exc.strerror or exc}"]) from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError([f"{label}: not valid TOML: {exc}"]) from None
    except UnicodeDecodeError:
        raise FrameworkError([f"{label}: not UTF-8 text"]) from None
    except RecursionError:
        raise FrameworkError([f"{label}: not valid TOML: its arrays or tables are nested too "
                              f"deeply to read"]) from None


def _read_limited(path: Path, label: str) -> bytes:
    """The file's bytes, refusing anything that is not a regular file of a sensible size.

    A framework folder may come from anywhere: a FIFO would block the read for ever and a link
    to a device such as /dev/zero would read until memory runs out, so the kind of file is
    checked before and after opening (without blocking), and at most the limit is read.
    """
    _require_regular(path, label, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        _require_regular(path, label, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise FrameworkError([_too_big(label, info.st_size)])
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FrameworkError([_too_big(label, len(data))])
    return data


def _require_regular(path: Path, label: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = describe_mode(mode)
    via = " (through a symbolic link)" if path.is_symlink() else ""
    raise FrameworkError([f"{label}: is {kind}{via}, not a framework file; it was not read"])


def _too_big(label: str, size: int) -> str:
    return (f"{label}: too large for a framework file ({size / 1_000_000:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1_000_000} MB per file)")


def load_framework(folder: str | Path | None = None) -> Framework:
    """Load and validate the framework in ``folder`` (default: the bundled ``domains/``)."""
    if folder is not None and not str(folder).strip():
        raise FrameworkError(["the framework folder was given as an empty name"])
    folder = Path(folder) if folder is not None else default_framework_dir()
    label_root = folder.name or str(folder)
    try:
        folder_mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise FrameworkError([f"{folder}: no such folder"]) from None
    except OSError as exc:
        raise FrameworkError([f"{folder}: cannot be read: {exc.strerror or exc}"]) from None
    if not stat.S_ISDIR(folder_mode):
        raise FrameworkError([f"{folder}: not a folder (a framework is a folder of .toml files)"])
    head_path = folder / FRAMEWORK_FILE
    if not os.path.lexists(head_path):
        raise FrameworkError([f"{label_root}/{FRAMEWORK_FILE}: missing (every framework folder "
                              f"needs one, naming the framework and its scale)"])
    problems: list[str] = []
    try:
        head = _read_toml(head_path, f"{label_root}/{FRAMEWORK_FILE}")
    except FrameworkError as exc:
        problems.extend(exc.problems)
        head = {}
    try:
        domain_files = sorted(p for p in folder.glob("*.toml") if p.name != FRAMEWORK_FILE)
    except OSError as exc:
        raise FrameworkError([f"{folder}: cannot be listed: {exc.strerror or exc}"]) from None
    if not domain_files:
        problems.append(f"{label_root}: no domain files (expected files like 01-strategy.toml)")
    if len(domain_files) > MAX_DOMAIN_FILES:
        raise FrameworkError([f"{label_root}: {len(domain_files)} domain files; a framework "
                              f"has at most {MAX_DOMAIN_FILES}"])
    domains: list[Domain] = []
    file_of: dict[str, str] = {}
    for path in domain_files:
        label = f"{label_root}/{path.name}"
        try:
            raw = _read_toml(path, label)
        except FrameworkError as exc:
            problems.extend(exc.problems)
            continue
        try:
            domain = Domain.model_validate(raw)
        except ValidationError as exc:
            problems.extend(describe_validation_error(exc, label))
            continue
        except RecursionError:
            problems.append(f"{label}: its content is nested too deeply to check")
            continue
        domains.append(domain)
        file_of[domain.id] = label
    if "domains" in head:
        problems.append(f"{label_root}/{FRAMEWORK_FILE}: unknown key 'domains' (domains are read "
                        f"from the other .toml files in the folder)")
    if problems:
        raise FrameworkError(problems)
    try:
        return Framework.model_validate({**head, "domains": domains})
    except ValidationError as exc:
        raise FrameworkError(_attribute(exc, label_root, file_of)) from None
    except RecursionError:
        raise FrameworkError([f"{label_root}: its content is nested too deeply to "
                              f"check"]) from None


def _attribute(exc: ValidationError, label_root: str, file_of: dict[str, str]) -> list[str]:
    """Point cross-check failures at the domain file they come from where we can."""
    lines: list[str] = []
    for e in exc.errors(include_url=False):
        if e["loc"] and e["loc"][0] != "domains":
            lines.extend(describe_validation_error(
                ValidationError.from_exception_data("Framework", [e]), f"{label_root}/{FRAMEWORK_FILE}"))
            continue
        for part in e["msg"].removeprefix("Value error, ").split("; "):
            domain_id, _, rest = part.partition(": ")
            if rest and domain_id in file_of:
                lines.append(f"{file_of[domain_id]}: {rest}")
            else:
                lines.append(f"{label_root}: {part}")
    return lines


def framework_json_schema() -> str:
    """JSON Schema for a domain file and the framework file, for content authors' editors."""
    domain = Domain.model_json_schema()
    head = Framework.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "SIT Maturity framework content",
        "description": "framework.toml follows #/$defs/FrameworkFile (without 'domains'); "
                       "each NN-name.toml follows #/$defs/DomainFile.",
        "$defs": {"DomainFile": domain, "FrameworkFile": head},
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
