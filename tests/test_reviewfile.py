import datetime as dt
import hashlib
import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys

import pytest

from maturity import edits
from maturity.edits import new_review_info
from maturity.reviewfile import (
    FORMAT_VERSION,
    ReadOnlyError,
    ReviewFile,
    ReviewFileError,
    lock_path,
)


def test_edits_are_durable_without_saving(review_path):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.assess_kloe(rf.review, "alpha.e1.k1", 3, evidence="Minutes of board",
                                     confidence="high"))
        rf.execute(edits.set_indicator(rf.review, "alpha.dna", "14%", date=dt.date(2026, 2, 1),
                                       source="Trust dashboard"))
        rf.execute(edits.add_parking(rf.review, "Ask schools about referrals", "alpha.e1"))
        rf.execute(edits.add_organisation(rf.review, "Anytown Council", "Local authority",
                                          ["A. Lead", ""]))
    with ReviewFile.open(review_path) as rf:
        k = rf.review.kloe("alpha.e1.k1")
        assert (k.rating, k.narrative, k.confidence) == (3, "Minutes of board", "high")
        assert rf.review.indicator_value("alpha.dna").value == 14.0
        assert rf.review.parking[0].text == "Ask schools about referrals"
        assert rf.review.organisations[0].attendees == ("A. Lead",)
        assert rf.review.info.system == "Testshire"
        assert rf.integrity_ok()


def test_undo_and_redo_persist_across_opens(review_path):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 1))
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 2))
        assert rf.undo_label() == "Score 2: Alpha element one › Alpha one first statement holds."
    with ReviewFile.open(review_path) as rf:
        assert rf.undo().label == "Score 2: Alpha element one › Alpha one first statement holds."
        assert rf.review.kloe("alpha.e1.k1").rating == 1
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe("alpha.e1.k1").rating == 1
        assert rf.redo_label() == "Score 2: Alpha element one › Alpha one first statement holds."
        rf.redo()
        assert rf.review.kloe("alpha.e1.k1").rating == 2
        rf.undo()
        rf.undo()
        assert rf.review.kloe("alpha.e1.k1").rating is None
        assert rf.undo() is None
        # a new edit after undo drops the redo branch
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k2", 4))
        assert rf.redo() is None
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe("alpha.e1.k1").rating is None
        assert rf.review.kloe("alpha.e1.k2").rating == 4


def test_listeners_hear_each_change(rf):
    heard = []
    rf.subscribe(heard.append)
    rf.execute(edits.score_kloe(rf.review, "beta.e1.k1", 2))
    rf.undo()
    assert [c.keys("kloe") for c in heard] == [{"beta.e1.k1"}, {"beta.e1.k1"}]


def test_pragmas_and_format(review_path):
    con = sqlite3.connect(review_path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x53495452
    assert con.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_attachments_are_embedded_with_their_hash(rf, tmp_path):
    data = b"%PDF-1.4 pretend" * 1000
    digest = rf.add_attachment(data, "plan.pdf")
    assert digest == hashlib.sha256(data).hexdigest()
    assert rf.add_attachment(data, "again.pdf") == digest  # stored once
    rf.execute(edits.add_evidence(rf.review, "alpha.e1.k1", title="Plan", attachment=digest,
                                  filename="plan.pdf"))
    assert rf.attachment(digest) == data
    assert rf.attachment_digests() == {digest}


def test_create_refuses_to_overwrite(review_path, mini_framework):
    before = review_path.read_bytes()
    with pytest.raises(ReviewFileError, match="already exists"):
        ReviewFile.create(review_path, mini_framework, new_review_info("X", dt.date.today()))
    assert review_path.read_bytes() == before


# --- bad input: a clear message, and the file's bytes unchanged -----------------------------
def assert_refused(path, match):
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(ReviewFileError, match=match):
        ReviewFile.open(path)
    if before is not None:
        assert path.read_bytes() == before


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReviewFileError, match="no such file"):
        ReviewFile.open(tmp_path / "nope.sitreview")
    with pytest.raises(ReviewFileError, match="is a folder"):
        ReviewFile.open(tmp_path)


@pytest.mark.parametrize("content", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"x" * 500,
                                     os.urandom(4096), b""])
def test_not_a_database(tmp_path, content):
    p = tmp_path / "bad.sitreview"
    p.write_bytes(content)
    assert_refused(p, "not a SIT Maturity review file")


def test_sqlite_file_that_is_not_a_review(tmp_path):
    p = tmp_path / "other.sitreview"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    assert_refused(p, "a database made by another program")


def test_truncated_review(review_path, rf):
    for i in range(40):  # make it a few pages long
        rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", "evidence " * 200 + str(i)))
    rf.close()
    data = review_path.read_bytes()
    review_path.write_bytes(data[: len(data) // 2])
    assert_refused(review_path, "damaged")
    assert not lock_path(review_path).exists()


def test_newer_format_refused_untouched(review_path):
    con = sqlite3.connect(review_path)
    con.execute(f"PRAGMA user_version = {FORMAT_VERSION + 1}")
    con.close()
    assert_refused(review_path, f"newer version of SIT Maturity.*format {FORMAT_VERSION + 1}")


def make_format_1(path):
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE history DROP COLUMN at")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


def test_older_format_is_migrated(review_path):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 2))
    make_format_1(review_path)
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe("alpha.e1.k1").rating == 2
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k2", 3))
        assert rf.undo_label() == "Score 3: Alpha element one › Alpha one second statement holds."
    con = sqlite3.connect(review_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    con.close()
    assert not list(review_path.parent.glob("*.bak"))


def test_failed_migration_keeps_original(review_path, monkeypatch):
    from maturity import reviewfile

    make_format_1(review_path)
    before = review_path.read_bytes()

    def boom(con):
        con.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk went away")

    monkeypatch.setitem(reviewfile.MIGRATIONS, 1, boom)
    assert_refused(review_path, "could not be upgraded from file format 1.*original is unchanged")
    assert review_path.read_bytes() == before
    assert (review_path.parent / f"{review_path.name}.format1.bak").read_bytes() == before


def test_read_only_file_opens_read_only(review_path):
    review_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        before = review_path.read_bytes()
        with ReviewFile.open(review_path) as rf:
            assert rf.readonly and "marked read-only" in rf.readonly_reason
            with pytest.raises(ReadOnlyError, match="read-only"):
                rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 2))
        assert review_path.read_bytes() == before
    finally:
        review_path.chmod(0o644)


def test_read_only_folder_opens_read_only(review_path):
    folder = review_path.parent
    folder.chmod(0o555)
    try:
        with ReviewFile.open(review_path) as rf:
            assert rf.readonly and "folder is read-only" in rf.readonly_reason
            assert rf.review.info.system == "Testshire"
    finally:
        folder.chmod(0o755)


def test_second_opener_gets_read_only_and_who(review_path):
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from maturity.reviewfile import ReviewFile; "
         f"f = ReviewFile.open({str(review_path)!r}); print('open', flush=True); "
         "sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "open"
        with ReviewFile.open(review_path) as rf:
            assert rf.readonly
            assert rf.lock_holder.pid == child.pid
            assert rf.lock_holder.host == socket.gethostname()
            assert "it is open by" in rf.readonly_reason
            assert rf.review.info.system == "Testshire"
    finally:
        child.communicate("\n")
    with ReviewFile.open(review_path) as rf:
        assert not rf.readonly


def test_stale_lock_from_crashed_process_is_recovered(review_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    lock_path(review_path).write_text(json.dumps(
        {"user": "ghost", "host": socket.gethostname(), "pid": int(dead),
         "since": "2026-01-01T09:00:00+00:00"}))
    with ReviewFile.open(review_path) as rf:
        assert not rf.readonly


def test_lock_from_other_host_is_respected(review_path):
    lock_path(review_path).write_text(json.dumps(
        {"user": "sam", "host": "other-pc", "pid": 1, "since": "2026-01-01T09:00:00+00:00"}))
    with ReviewFile.open(review_path) as rf:
        assert rf.readonly
        assert rf.readonly_reason == "it is open by sam on other-pc since 01 Jan 2026 09:00"


# --- bad values --------------------------------------------------------------------------------
def test_unknown_kloe_and_out_of_scale(rf):
    with pytest.raises(edits.ReviewError, match="unknown KLOE id 'alpha.e9.k1'"):
        edits.score_kloe(rf.review, "alpha.e9.k1", 2)
    for bad in (5, -1, "7", "lots", True):
        with pytest.raises(edits.ReviewError, match="alpha.e1.k1: score"):
            edits.score_kloe(rf.review, "alpha.e1.k1", bad)
    with pytest.raises(edits.ReviewError, match="not a number"):
        edits.set_indicator(rf.review, "alpha.dna", "fourteen")
    with pytest.raises(edits.ReviewError, match="sector"):
        edits.add_organisation(rf.review, "X", "Pirates")


def test_control_characters_are_stored_safely(review_path):
    text = "line one\nNUL\x00here\x07 bell\ttab\x1b[31m"
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", text))
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe("alpha.e1.k1").narrative == "line one\nNULhere bell\ttab[31m"


def test_megabyte_of_evidence(review_path):
    text = ("Evidence paragraph with ŵ and 😀. " * 40000)[:1_000_000]
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", text))
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe("alpha.e1.k1").narrative == text
    with ReviewFile.open(review_path) as rf:
        with pytest.raises(edits.ReviewError, match="too long"):
            edits.set_narrative(rf.review, "alpha.e1.k1", "x" * 3_000_000)
