"""``info --json`` remembers its answer for a file's exact bytes: asked again about an unchanged
file it gives the same answer without the models, and anything that is not exactly an entry it
wrote, for exactly these bytes and this code, is ignored and worked out afresh."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from maturity import edits, infocache
from maturity.cli import main
from maturity.reviewfile import ReviewFile
from tests.conftest import REPO


def info(path, *extra, capsys) -> tuple[int, str, str]:
    rc = main(["info", str(path), "--json", *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def entries() -> list:
    folder = infocache.cache_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def refuse_to_open(monkeypatch):
    def refused(*a, **k):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(ReviewFile, "open", refused)


def test_an_unchanged_file_is_answered_from_the_cache_with_the_same_text(
        review_path, capsys, monkeypatch):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.assess_kloe(rf.review, "alpha.e1.k1", 2, confidence="high"))
    rc, first, _ = info(review_path, capsys=capsys)
    assert rc == 0 and len(entries()) == 1
    assert entries()[0].stat().st_mode & 0o777 == 0o600
    assert infocache.cache_dir().stat().st_mode & 0o777 == 0o700
    refuse_to_open(monkeypatch)
    rc, again, _ = info(review_path, capsys=capsys)
    assert rc == 0 and again == first
    assert json.loads(again)["domains"][0]["elements"][0]["kloes"][0]["score"] == 2


def test_an_edit_gives_a_new_answer(review_path, capsys):
    _, before, _ = info(review_path, capsys=capsys)
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.assess_kloe(rf.review, "beta.e1.k1", 4))
    _, after, _ = info(review_path, capsys=capsys)
    _, fresh, _ = info(review_path, "--no-cache", capsys=capsys)
    assert after == fresh != before
    assert json.loads(after)["domains"][1]["score"] == 4.0


def test_a_copy_of_the_same_bytes_elsewhere_gets_the_same_answer(review_path, tmp_path,
                                                                 capsys, monkeypatch):
    _, first, _ = info(review_path, capsys=capsys)
    copy = tmp_path / "elsewhere" / "copy.sitreview"
    copy.parent.mkdir()
    shutil.copyfile(review_path, copy)
    refuse_to_open(monkeypatch)
    assert info(copy, capsys=capsys)[1] == first


def _planted(key: str, entry_path, how: str) -> None:
    good = entry_path.read_bytes()
    data = json.loads(good)
    if how == "garbage":
        entry_path.write_bytes(b"\x00\xffnot json")
    elif how == "other key":
        data["key"] = "0" * 64
        entry_path.write_bytes(infocache._canonical(data))
    elif how == "not canonical":  # what put() writes is the only accepted form
        entry_path.write_bytes(json.dumps(data, indent=1).encode())
    elif how == "wrong shape":
        data["info"] = {"system": "Elsewhere"}
        entry_path.write_bytes(infocache._canonical(data))
    elif how == "too large":
        entry_path.write_bytes(good + b" " * (infocache.MAX_ENTRY_BYTES + 1))
    elif how == "a link":
        target = entry_path.with_name("target.bin")
        target.write_bytes(good)
        entry_path.unlink()
        entry_path.symlink_to(target)
    elif how == "a folder":
        entry_path.unlink()
        entry_path.mkdir()
    elif how == "deeply nested":
        entry_path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["garbage", "other key", "not canonical", "wrong shape",
                                 "too large", "a link", "a folder", "deeply nested"])
def test_an_entry_that_is_not_exactly_ours_is_ignored_and_replaced(review_path, capsys, how):
    _, truth, _ = info(review_path, capsys=capsys)
    (entry,) = entries()
    key = entry.stem
    assert infocache.InfoCache().get(key) is not None
    _planted(key, entry, how)
    assert infocache.InfoCache().get(key) is None
    rc, out, err = info(review_path, capsys=capsys)
    assert (rc, out, err) == (0, truth, "")
    if how != "a folder":  # a folder in the entry's place cannot be replaced; it is left alone
        assert infocache.InfoCache().get(key) is not None


def test_a_folder_others_may_write_in_is_not_used(review_path, capsys, monkeypatch):
    _, truth, _ = info(review_path, capsys=capsys)
    folder = infocache.cache_dir()
    folder.chmod(0o777)
    try:
        refused = []
        monkeypatch.setattr(infocache.InfoCache, "put", lambda *a: refused.append(a))
        assert info(review_path, capsys=capsys)[1] == truth
        assert infocache.InfoCache().get(entries()[0].stem) is None
    finally:
        folder.chmod(0o700)


def test_a_file_that_fails_its_check_is_never_kept(tmp_path, capsys):
    bad = tmp_path / "bad.sitreview"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    for _ in range(2):
        rc, out, err = info(bad, capsys=capsys)
        assert rc == 1 and out == "" and "bad.sitreview" in err and "Traceback" not in err
    assert entries() == []


@pytest.mark.parametrize("sidecar", ["-journal", "-wal"])
def test_a_journal_or_log_beside_the_file_turns_the_cache_off(review_path, capsys, sidecar):
    info(review_path, capsys=capsys)
    side = review_path.with_name(review_path.name + sidecar)
    side.write_bytes(b"")
    try:
        assert infocache.file_key(review_path) is None
    finally:
        side.unlink()
    assert infocache.file_key(review_path) == entries()[0].stem


def test_a_change_of_code_is_a_different_key(review_path, monkeypatch):
    key = infocache.file_key(review_path)
    monkeypatch.setattr(infocache, "_fingerprint", b"other code")
    assert infocache.file_key(review_path) not in (None, key)


def test_the_fingerprint_follows_the_core_sources(tmp_path, monkeypatch):
    core = tmp_path / "maturity"
    core.mkdir()
    (core / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(infocache, "__file__", str(core / "infocache.py"))
    monkeypatch.setattr(infocache, "_fingerprint", None)
    first = infocache.code_fingerprint()
    (core / "a.py").write_text("x = 2\n")
    monkeypatch.setattr(infocache, "_fingerprint", None)
    assert infocache.code_fingerprint() != first


def test_a_file_changed_while_it_was_read_is_not_kept(review_path, capsys, monkeypatch):
    keys = iter(["a" * 64, "b" * 64])
    monkeypatch.setattr(infocache, "file_key", lambda path: next(keys))
    rc, out, _ = info(review_path, capsys=capsys)
    assert rc == 0 and json.loads(out)["system"] == "Testshire"
    assert entries() == []


def test_the_cache_can_be_turned_off(review_path, capsys, monkeypatch):
    info(review_path, "--no-cache", capsys=capsys)
    assert entries() == []
    monkeypatch.setenv("SIT_MATURITY_NO_CACHE", "1")
    info(review_path, capsys=capsys)
    assert entries() == []
    monkeypatch.setenv("SIT_MATURITY_NO_CACHE", "0")
    info(review_path, capsys=capsys)
    assert len(entries()) == 1


def test_an_unwritable_cache_still_answers(review_path, capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    rc, out, err = info(review_path, capsys=capsys)
    assert rc == 0 and err == "" and json.loads(out)["system"] == "Testshire"


def test_old_entries_are_pruned(review_path, capsys, monkeypatch):
    monkeypatch.setattr(infocache, "MAX_ENTRIES", 5)
    monkeypatch.setattr(infocache, "PRUNE_TO", 3)
    folder = infocache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    for i in range(6):
        old = folder / f"{i:064x}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    info(review_path, capsys=capsys)
    kept = {p.stem for p in entries()}
    assert len(kept) == 3 and infocache.file_key(review_path) in kept
    assert f"{5:064x}" in kept and f"{0:064x}" not in kept


def test_a_remembered_answer_loads_no_models(review_path):
    code = ("import sys\nfrom maturity.cli import main\n"
            f"main(['info', {str(review_path)!r}, '--json'])\n"
            "print('loaded', *sorted(m for m in ('pydantic', 'maturity.review', 'sqlite3')"
            " if m in sys.modules))\n")
    runs = [subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                           text=True, timeout=120, check=True).stdout for _ in range(2)]
    first, second = ([ln for ln in out.splitlines() if ln.startswith("loaded")] for out in runs)
    assert first == ["loaded maturity.review pydantic sqlite3"]
    assert second == ["loaded"]
    assert runs[0].replace(first[0], "") == runs[1].replace(second[0], "")


def test_a_bundle_without_sources_is_fingerprinted_by_its_executable(tmp_path, monkeypatch):
    monkeypatch.setattr(infocache, "__file__", str(tmp_path / "infocache.py"))  # no sources
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    exe = tmp_path / "sit-maturity"
    exe.write_bytes(b"one build")
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(infocache, "_fingerprint", None)
    first = infocache.code_fingerprint()
    exe.write_bytes(b"another build")
    monkeypatch.setattr(infocache, "_fingerprint", None)
    assert infocache.code_fingerprint() != first


def test_unreadable_code_turns_the_cache_off(review_path, capsys, monkeypatch):
    def unreadable():
        raise PermissionError("denied")

    monkeypatch.setattr(infocache, "code_fingerprint", unreadable)
    assert infocache.file_key(review_path) is None
    rc, out, _ = info(review_path, capsys=capsys)
    assert rc == 0 and json.loads(out)["system"] == "Testshire" and entries() == []


def test_a_package_folder_that_cannot_be_listed_still_gives_a_stamp(monkeypatch):
    def unlistable(path):
        raise PermissionError(path)

    monkeypatch.setattr(infocache.os, "scandir", unlistable)
    assert infocache._package_stamp("pydantic").endswith(b"not listable")


def test_no_home_folder_means_no_cache_not_a_failure(review_path, capsys, monkeypatch):
    def nowhere(cls=None):
        raise RuntimeError("Could not determine home directory")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(infocache.Path, "home", classmethod(nowhere))
    assert infocache.InfoCache.for_user() is None
    rc, out, err = info(review_path, capsys=capsys)
    assert rc == 0 and err == "" and json.loads(out)["system"] == "Testshire"
