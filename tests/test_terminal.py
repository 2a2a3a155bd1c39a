"""Text from a file never acts on the terminal: escape sequences, bidi overrides, odd bytes."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from maturity.terminal import escape, json_text

from .conftest import MINI, REPO
from .test_benchmark import make

HOSTILE = "Evil\x1b]0;pwned\x07shire\x1b[2J\x9b31m\u202eelif\r\x7f"
# Raw bytes that must never reach the terminal: ESC, BEL, CSI, RLO, CR, DEL (and C1 as UTF-8).
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r", "\x7f")
SHOWN = "Evil\\x1b]0;pwned\\x07shire\\x1b[2J\\x9b31m\\u202eelif\\r\\x7f"


def run(*args, env=None, timeout=60):
    """The real console command in a child process; bytes arguments pass through as given."""
    proc = subprocess.run([sys.executable, "-m", "maturity.cli", *args], capture_output=True,
                          cwd=REPO, timeout=timeout, env={**os.environ, **(env or {})})
    return (proc.returncode, proc.stdout.decode("utf-8", "surrogateescape"),
            proc.stderr.decode("utf-8", "surrogateescape"))


def assert_clean(*texts):
    for text in texts:
        for ch in RAW:
            assert ch not in text, f"raw {ch!r} reached the terminal"
        assert "Traceback" not in text


def hostile_review(path, mini_framework, system=HOSTILE):
    """A review whose details were rewritten outside the app, as an attacker would."""
    make(path, mini_framework, "Placeholder", 1, 3)
    con = sqlite3.connect(path)
    data = json.loads(con.execute("SELECT data FROM record WHERE kind = 'info'").fetchone()[0])
    data.update(system=system, facilitator=HOSTILE)
    con.execute("UPDATE record SET data = ? WHERE kind = 'info'", (json.dumps(data),))
    con.commit()
    con.close()
    return path


def test_escape_shows_every_control_and_bidi_character():
    assert escape(HOSTILE) == SHOWN
    assert escape("line\nbreak\ttab\x00\x85\u2066\u2029") == (
        "line\\nbreak\\ttab\\x00\\x85\\u2066\\u2029")
    assert escape("caf\udce9.toml") == "caf\\xe9.toml"  # an undecodable byte, as its value
    assert escape("Zoë — Ünïcode ✓") == "Zoë — Ünïcode ✓"  # printable text is untouched


def test_json_text_stays_valid_json_without_raw_controls():
    dumped = json.dumps({"system": HOSTILE, "name": "a\udcffb"}, ensure_ascii=False)
    safe = json_text(dumped)
    assert_clean(safe)
    assert json.loads(safe) == {"system": HOSTILE, "name": "a\udcffb"}


@pytest.mark.parametrize("command", [["info"], ["info", "--json"], ["info", "--elements"],
                                     ["recommend"], ["recommend", "--json"]])
def test_hostile_system_name_is_printed_escaped(tmp_path, mini_framework, command):
    f = hostile_review(tmp_path / "h.sitreview", mini_framework)
    code, out, err = run(command[0], str(f), *command[1:])
    assert_clean(out, err)
    if code == 0:  # a reader may instead refuse the name, but never print it raw
        if "--json" in command:
            assert json.loads(out)["system"] == HOSTILE
        else:
            assert SHOWN in out
    else:
        assert code == 1 and len(err.strip().splitlines()) == 1


def test_hostile_names_in_compare_and_benchmark(tmp_path, mini_framework):
    a = hostile_review(tmp_path / "a.sitreview", mini_framework)
    b = hostile_review(tmp_path / "b.sitreview", mini_framework, system="Other\x1b[2Jshire")
    code, out, err = run("compare", str(a), str(b))  # different systems: refused, names quoted
    assert_clean(out, err)
    assert code == 1 and len(err.strip().splitlines()) == 1
    (tmp_path / "region").mkdir()
    for i in range(5):
        make(tmp_path / "region" / f"r{i}.sitreview", mini_framework, f"Town {i}", i % 5, 2)
    shutil.copyfile(a, tmp_path / "region" / "a-copy.sitreview")
    for extra in ([], ["--json"]):
        code, out, err = run("benchmark", str(tmp_path / "region"), "--highlight", str(a),
                             *extra)
        assert_clean(out, err)
        assert code in (0, 1)
        if code == 0 and not extra:
            assert SHOWN in out


def test_hostile_lock_holder_is_escaped(tmp_path, mini_framework):
    from maturity.reviewfile import lock_path

    f = make(tmp_path / "r.sitreview", mini_framework, "Lockshire", 1, 1)
    lock_path(f).write_text(json.dumps({"user": "mallory\x1b]0;pwned\x07", "host": "elsewhere",
                                        "pid": 1, "since": "\x1b[2J"}), encoding="utf-8")
    code, out, err = run("score", str(f), "alpha.e1.k1", "2")
    assert_clean(out, err)
    assert code == 1 and "mallory\\x1b]0;pwned\\x07" in err


def test_hostile_framework_text_and_file_names(tmp_path):
    fw = tmp_path / "fw"
    shutil.copytree(MINI, fw)
    alpha = (fw / "01-alpha.toml").read_text()
    (fw / "01-alpha.toml").write_text(alpha.replace('title = "Alpha Domain"',
                                                    'title = "Alpha\\u001b[2J\\u009b Domain"'))
    for command in (["framework", str(fw)], ["framework", str(fw), "--json"],
                    ["framework", str(fw), "--markdown"], ["check-framework", str(fw)]):
        code, out, err = run(*command)
        assert_clean(out, err)
        assert code in (0, 1)
    odd = os.fsencode(fw) + b"/03-\xff\x1b]0;pwned\x07.toml"
    with open(odd, "wb") as fh:
        fh.write(b"title = \x1b[2J")
    code, out, err = run("check-framework", str(fw))
    assert_clean(out, err)
    assert code == 1 and "03-\\xff\\x1b]0;pwned\\x07.toml: not valid TOML" in err


def test_undecodable_path_arguments_give_one_line(tmp_path, mini_framework):
    missing = os.fsencode(tmp_path) + b"/caf\xe9\x1b[2J.sitreview"
    for command in (["info", missing], ["score", missing, b"alpha.e1.k1", b"2"],
                    ["framework", missing], ["benchmark", missing],
                    ["compare", missing, missing], ["export", missing],
                    ["new", os.fsencode(tmp_path) + b"/no\xff/x.sitreview", b"--system", b"S"],
                    ["rereview", missing, os.fsencode(tmp_path) + b"/n.sitreview"]):
        code, out, err = run(*command)
        assert_clean(out, err)
        assert code == 1 and len(err.strip().splitlines()) == 1, (command, err)
        assert "caf\\xe9\\x1b[2J" in err or "no\\xff" in err
    code, out, err = run("check-framework", missing)  # lists its problems, then a count
    assert_clean(out, err)
    assert code == 1 and "caf\\xe9\\x1b[2J.sitreview: no such folder" in err
    real = os.fsencode(tmp_path) + b"/r\xe9view.sitreview"
    shutil.copyfile(make(tmp_path / "plain.sitreview", mini_framework, "Plainshire", 1, 1),
                    real)
    code, out, err = run("info", real)
    assert code == 0 and "Plainshire" in out and not err
    again = os.fsencode(tmp_path) + b"/n\xfe.sitreview"
    code, out, err = run("rereview", real, again, "--framework", str(MINI))
    assert code == 0 and not err and "r\\xe9view.sitreview" in out
    code, out, err = run("compare", real, again)
    assert code == 0 and not err
    code, out, err = run("export", again, "--compare", real, "--json",
                         os.fsencode(tmp_path) + b"/o\xfd.json")
    assert code == 0 and not err and out.strip().endswith("o\\xfd.json")


def test_ascii_only_terminal_prints_non_ascii_names(tmp_path, mini_framework):
    f = hostile_review(tmp_path / "u.sitreview", mini_framework, system="Zoë-upon-Tyne ✓")
    for env in ({"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C"}):
        code, out, err = run("info", str(f), env=env)
        assert code == 0 and not err
        assert "Zo\\xeb-upon-Tyne \\u2713" in out or "Zoë-upon-Tyne ✓" in out
        code, out, err = run("info", str(f), "--json", env=env)
        assert code == 0 and json.loads(out)["system"] == "Zoë-upon-Tyne ✓"


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_info_over_several_files_escapes_names_and_systems(tmp_path, mini_framework, extra):
    good = hostile_review(tmp_path / "ok\x1b[2J.sitreview", mini_framework)
    missing = tmp_path / "gone\x07\u202e.sitreview"
    code, out, err = run("info", str(good), str(missing), *extra)
    assert_clean(out, err)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "no such file" in err
    if extra:
        first, second = json.loads(out)
        assert first["file"] == str(good) and first["system"] == HOSTILE
        assert second == {"file": str(missing), "error": f"{missing}: no such file"}
    else:
        assert SHOWN in out and "ok\\x1b[2J.sitreview:" in out
