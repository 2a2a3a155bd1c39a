"""The short cuts that keep start-up quick do what the long way did: the listed plug-in
commands are exactly the registered ones, a core command loads no upper layer, an unlisted
plug-in is still found, and a stored framework parsed once is the validated one."""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points

import pytest

from maturity import cli
from maturity.framework import Framework, stored_framework
from maturity.reviewfile import ReviewFile, ReviewFileError
from tests.conftest import REPO


def test_listed_plugins_are_exactly_the_registered_entry_points():
    registered = {ep.name: ep.value for ep in entry_points(group=cli.ENTRY_POINT_GROUP)}
    listed = {name: f"{module}:{func}" for name, (module, func, _) in cli.PLUGINS.items()}
    assert listed == registered


@pytest.mark.parametrize("name", sorted(cli.PLUGINS))
def test_listed_commands_are_exactly_what_each_plugin_registers(name):
    ep = next(ep for ep in entry_points(group=cli.ENTRY_POINT_GROUP) if ep.name == name)
    sub = argparse.ArgumentParser().add_subparsers()
    ep.load()(sub)
    assert set(sub.choices) == set(cli.PLUGINS[name][2])


def test_every_command_is_there_when_none_is_named():
    every = set(cli.build_parser().get_default("subcommands"))
    for _, _, commands in cli.PLUGINS.values():
        assert set(commands) <= every
    # Naming a command builds that command as the full parser does.
    for command in ("info", "export", "open", "merge"):
        assert command in cli.build_parser(command).get_default("subcommands")


def test_a_core_command_loads_no_upper_layer(review_path):
    code = ("import sys\nfrom maturity.cli import main\n"
            f"rc = main(['info', {str(review_path)!r}, '--json'])\n"
            "print(rc, sorted(m for m in ('forms.cli', 'exports.cli',"
            " 'maturity.merge', 'maturity.recommend') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, timeout=120, check=True).stdout.splitlines()
    assert json.loads("\n".join(out[:-1]))["system"] == "Testshire"
    assert out[-1] == "0 []"


def test_an_unlisted_plugin_is_still_found(monkeypatch, capsys):
    def register(sub):
        sub.add_parser("frobnicate").set_defaults(func=lambda args: print("frobnicated") or 0)

    extra = EntryPoint("frob", "tests.test_fast_paths:_unused", cli.ENTRY_POINT_GROUP)
    monkeypatch.setattr(EntryPoint, "load", lambda self: register)
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: [extra])
    assert cli.main(["frobnicate"]) == 0
    assert capsys.readouterr().out == "frobnicated\n"


def test_a_file_named_alone_still_opens_it(review_path):
    parser = cli.build_parser(str(review_path))
    assert cli._file_as_open([str(review_path)], parser.get_default("subcommands")) == [
        "open", str(review_path)]


def _stored_text(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT json FROM framework WHERE id = 1").fetchone()[0]
    finally:
        con.close()


def test_a_stored_framework_parsed_once_equals_the_validated_one(review_path, tmp_path):
    text = _stored_text(review_path)
    assert stored_framework(text) == Framework.model_validate_json(text)
    copy = tmp_path / "copy.sitreview"
    shutil.copyfile(review_path, copy)
    with ReviewFile.open(review_path, readonly=True) as a, \
            ReviewFile.open(copy, readonly=True) as b:
        assert a.review.framework is b.review.framework
        assert a.review.framework == Framework.model_validate_json(text)


def test_a_damaged_stored_framework_is_refused_after_a_good_one(review_path, tmp_path):
    text = _stored_text(review_path)
    with ReviewFile.open(review_path, readonly=True):
        pass
    data = json.loads(text)
    data["domains"] = []  # a framework with no domains: same shape, fails validation
    bad = tmp_path / "bad.sitreview"
    shutil.copyfile(review_path, bad)
    con = sqlite3.connect(bad)
    con.execute("UPDATE framework SET json = ? WHERE id = 1", (json.dumps(data),))
    con.commit()
    con.close()
    for _ in range(2):  # refused every time: a failure is never remembered as a pass
        with pytest.raises(ReviewFileError, match="framework stored in the review is damaged"):
            ReviewFile.open(bad, readonly=True)
    with pytest.raises(ValueError):
        stored_framework(json.dumps(data))
    with pytest.raises(ValueError):
        stored_framework(text[:-1])  # one byte short of the good text: parsed afresh, refused
