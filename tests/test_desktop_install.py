"""Installing like a desktop app: the version, a file handed over by the desktop, the offline
promise, and the Linux desktop entry and file type. The bundle itself is checked by
``make dist-check`` (.ci/dist/smoke.sh), which runs the frozen app."""

import configparser
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import version

import pytest

import forms.cli
from maturity import version as app_version
from maturity.cli import build_parser, main
from maturity.loader import FrameworkError, load_framework
from maturity.reviewfile import APPLICATION_ID

from .conftest import REPO

DIST = REPO / ".ci" / "dist"


def test_version_names_the_app_and_the_framework_it_carries(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    fw = load_framework()
    assert capsys.readouterr().out.splitlines() == [
        f"sit-maturity {app_version.__version__}", f"framework {fw.id} {fw.version}"]
    # The package metadata reads the same single version.
    assert version("sit-maturity") == app_version.__version__


def test_version_still_answers_when_the_bundled_framework_is_broken(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise FrameworkError(["domains/03-access.toml: line 4: bad value"])

    monkeypatch.setattr("maturity.loader.load_framework", broken)
    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out
    assert "framework cannot be read (domains/03-access.toml: line 4: bad value)" in out


@pytest.fixture
def opened(monkeypatch):
    """Record what ``open`` was asked to open instead of starting the app."""
    calls = []

    def fake_open(args):
        calls.append(args.file)
        return 0

    monkeypatch.setattr(forms.cli, "cmd_open", fake_open)
    return calls


def test_a_file_as_the_only_argument_opens_it(tmp_path, opened):
    review = tmp_path / "Anyshire 2026.sitreview"
    review.write_bytes(b"")
    assert main([str(review)]) == 0
    assert opened == [str(review)]


def test_a_file_named_like_a_command_opens_when_given_as_a_path(tmp_path, monkeypatch, opened,
                                                                 capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "info").write_bytes(b"")
    assert main(["./info"]) == 0
    assert opened == ["./info"]
    # The bare name still means the command (which then asks for its file).
    with pytest.raises(SystemExit) as done:
        main(["info"])
    assert done.value.code == 2 and opened == ["./info"]
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_a_mistyped_command_is_not_taken_for_a_file(tmp_path, monkeypatch, opened, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["inf"])
    assert done.value.code == 2 and opened == []
    assert "invalid choice: 'inf'" in capsys.readouterr().err


def test_a_missing_review_handed_over_says_so_in_one_line(tmp_path, capsys):
    assert main([str(tmp_path / "gone.sitreview")]) == 1
    err = capsys.readouterr().err
    assert err == f"sit-maturity: {tmp_path / 'gone.sitreview'}: no such file\n"


def test_options_and_commands_still_parse_as_before(opened):
    # One argument that is an option, or a command with its arguments, is not a file.
    assert "open" in build_parser().get_default("subcommands")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert opened == []


NO_NETWORK = """\
import socket

def _refuse(*args, **kwargs):
    raise OSError("network use attempted: SIT Maturity must work offline")


class _NoSocket(socket.socket):  # still a class, so modules that subclass it still import
    __init__ = _refuse


socket.socket = _NoSocket
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def _offline(tmp_path, *args):
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(NO_NETWORK)
    env = dict(os.environ, PYTHONPATH=str(guard), HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)


def test_the_network_guard_really_stops_a_connection(tmp_path):
    proc = _offline(tmp_path, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))")
    assert proc.returncode != 0 and "network use attempted" in proc.stderr


def test_demo_and_export_work_with_no_network(tmp_path):
    out = tmp_path / "samples"
    proc = _offline(tmp_path, "-m", "maturity.cli", "demo", "--out-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    newest = proc.stdout.splitlines()[-1]
    proc = _offline(tmp_path, "-m", "maturity.cli", "export", newest)
    assert proc.returncode == 0, proc.stderr
    made = {p.suffix for p in out.iterdir()}
    assert {".xlsx", ".pdf", ".json"} <= made


def test_desktop_entry_opens_reviews_with_the_app():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DIST / "sit-maturity.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Icon"] == "sit-maturity"
    assert desktop["Exec"] == "@EXEC@ %f"  # one file, the form `sit-maturity FILE` opens
    assert desktop["MimeType"] == "application/x-sitreview;"


def test_mime_type_knows_a_review_by_name_and_by_its_header(review_path):
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(DIST / "sit-maturity-mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime.get("type") == "application/x-sitreview"
    assert mime.find("m:glob", ns).get("pattern") == "*.sitreview"
    outer = mime.find("m:magic/m:match", ns)
    inner = outer.find("m:match", ns)
    header = review_path.read_bytes()[:100]
    sqlite_magic = outer.get("value").replace("\\000", "\0").encode()
    assert header.startswith(sqlite_magic)
    offset = int(inner.get("offset"))
    assert header[offset:offset + 4] == inner.get("value").encode()
    assert int.from_bytes(header[offset:offset + 4], "big") == APPLICATION_ID
    # A plain SQLite database is not taken for a review.
    other = review_path.with_name("plain.db")
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert other.read_bytes()[offset:offset + 4] != inner.get("value").encode()


LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("sh") is None,
                                reason="the desktop entry and file type are for Linux desktops")


@LINUX_ONLY
def test_install_desktop_registers_per_user_and_uninstalls(tmp_path):
    program = tmp_path / "R&D apps" / 'sit "maturity"'
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    data = tmp_path / "share"
    env = dict(os.environ, XDG_DATA_HOME=str(data), HOME=str(tmp_path))
    script = str(DIST / "install-desktop.sh")
    done = subprocess.run(["sh", script, str(program)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    entry = (data / "applications" / "sit-maturity.desktop").read_text()
    # Quoted as the Desktop Entry spec asks, so a path with spaces and quotes still launches.
    assert 'Exec="' + str(program).replace('"', '\\\\"') + '" %f' in entry
    assert (data / "mime" / "packages" / "sit-maturity.xml").is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / "sit-maturity.png").is_file()
    done = subprocess.run(["sh", script, "--uninstall"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not (data / "applications" / "sit-maturity.desktop").exists()
    assert not (data / "mime" / "packages" / "sit-maturity.xml").exists()


@LINUX_ONLY
def test_install_desktop_refuses_a_program_that_is_not_there(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "share"), HOME=str(tmp_path))
    done = subprocess.run(["sh", str(DIST / "install-desktop.sh"), str(tmp_path / "nope")],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"install-desktop.sh: {tmp_path / 'nope'}: no such program "
                                   "(give the path to sit-maturity)")
    assert not (tmp_path / "share").exists()
