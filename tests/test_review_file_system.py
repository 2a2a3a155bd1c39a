"""The review file among other files: FIFOs, devices, links, locks, crashes and full disks."""

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from maturity import edits
from maturity.database import journal_path
from maturity.reviewfile import FORMAT_VERSION, ReviewFile, ReviewFileError, lock_path

from .conftest import REPO
from .test_reviewfile import make_format_1


def env():
    """The test's own environment (its cache folder included), with this checkout importable."""
    return {**os.environ, "PYTHONPATH": str(REPO)}


def cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "maturity.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, env=env(), timeout=timeout)


def child(code, *args, timeout=60):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, env=env(), timeout=timeout)


# --- not a plain file ------------------------------------------------------------------------
def test_fifo_named_like_a_review_is_refused_at_once(tmp_path):
    fifo = tmp_path / "x.sitreview"
    os.mkfifo(fifo)
    with pytest.raises(ReviewFileError, match="is a named pipe \\(FIFO\\), not a review file"):
        ReviewFile.open(fifo)
    out = cli("info", fifo, timeout=30)  # hangs forever without the check
    assert out.returncode == 1 and "FIFO" in out.stderr


def zero_device(tmp_path):
    """A character device that reads zeros for ever, like /dev/zero."""
    dev = tmp_path / "zero"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except OSError:
        dev = Path("/dev/zero")
    if not stat.S_ISCHR(os.stat(dev).st_mode):
        pytest.skip("no character device can be made here")
    return dev


def test_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "y.sitreview"
    link.symlink_to(zero_device(tmp_path))
    for readonly in (False, True):
        with pytest.raises(ReviewFileError, match="is a device, not a review file"):
            ReviewFile.open(link, readonly=readonly)


def test_symlink_to_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "z.sitreview"
    link.symlink_to(fifo)
    with pytest.raises(ReviewFileError, match="FIFO"):
        ReviewFile.open(link)


# --- the lock belongs to the file ------------------------------------------------------------
HOLD = """
import sys
from maturity.reviewfile import ReviewFile
f = ReviewFile.open(sys.argv[1])
print("readonly" if f.readonly else "open", flush=True)
sys.stdin.readline()
"""


def hold(path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=REPO, env=env())
    assert proc.stdout.readline().strip() == "open"
    return proc


@pytest.mark.parametrize("how", ["symlink", "hardlink-same-folder", "hardlink-other-folder"])
def test_another_name_for_an_open_review_opens_read_only(review_path, tmp_path, how):
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    alias = (other_dir if how == "hardlink-other-folder" else tmp_path) / "alias.sitreview"
    if how == "symlink":
        alias.symlink_to(review_path)
    else:
        os.link(review_path, alias)
    holder = hold(review_path)
    try:
        with ReviewFile.open(alias) as rf:
            assert rf.readonly and "it is open by" in rf.readonly_reason
            with pytest.raises(ReviewFileError):
                rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 2))
    finally:
        holder.communicate("\n")
    with ReviewFile.open(alias) as rf:  # once it is closed, the alias opens for editing
        assert not rf.readonly


def test_lock_file_that_is_a_symlink_is_not_trusted(review_path, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    lock_path(review_path).symlink_to(target)
    with ReviewFile.open(review_path) as rf:
        assert rf.readonly
        assert "lock file" in rf.readonly_reason and "symbolic link" in rf.readonly_reason
    assert target.read_text() == "keep me"
    assert lock_path(review_path).is_symlink()


def test_lock_file_that_is_a_fifo_is_not_trusted(review_path):
    os.mkfifo(lock_path(review_path))
    with ReviewFile.open(review_path) as rf:  # would hang reading the FIFO
        assert rf.readonly and "not a regular file" in rf.readonly_reason


# --- after a crash ---------------------------------------------------------------------------
KILLED_WRITER = """
import os, signal, sys
from maturity import edits
from maturity.reviewfile import ReviewFile
rf = ReviewFile.open(sys.argv[1])
rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", "saved before the crash"))
con = rf._con
con.execute("PRAGMA cache_size = 1")  # spill changed pages into the file mid-change
con.execute("BEGIN IMMEDIATE")
for i in range(200):
    con.execute("INSERT INTO meta VALUES (?, ?)", (f"junk{i}", "x" * 3000))
con.execute("UPDATE record SET data = 'half-written' WHERE kind = 'kloe'")
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_mid_change(path):
    out = child(KILLED_WRITER, path)
    assert out.returncode == -signal.SIGKILL, out.stderr
    assert journal_path(path).stat().st_size > 0


def test_read_only_command_recovers_a_crash_when_it_may_write(review_path):
    killed_mid_change(review_path)
    out = cli("info", review_path, "--json")
    assert out.returncode == 0, out.stderr
    assert not journal_path(review_path).exists()
    with ReviewFile.open(review_path, readonly=True) as rf:
        assert rf.review.kloe("alpha.e1.k1").narrative == "saved before the crash"


def test_crash_is_recovered_when_opened_through_a_link(review_path, tmp_path):
    killed_mid_change(review_path)
    (tmp_path / "links").mkdir()
    alias = tmp_path / "links" / "alias.sitreview"
    alias.symlink_to(review_path)
    with ReviewFile.open(alias, readonly=True) as rf:
        assert rf.review.kloe("alpha.e1.k1").narrative == "saved before the crash"
    assert not journal_path(review_path).exists()


def test_read_only_command_explains_a_crash_it_cannot_recover(review_path):
    killed_mid_change(review_path)
    review_path.chmod(0o444)
    try:
        before = review_path.read_bytes()
        out = cli("info", review_path)
        assert out.returncode == 1
        assert "was cut short" in out.stderr and "do not delete the journal" in out.stderr
        assert "damaged" not in out.stderr
        assert review_path.read_bytes() == before and journal_path(review_path).exists()
    finally:
        review_path.chmod(0o644)
    with ReviewFile.open(review_path) as rf:  # where it may write, it recovers
        assert rf.review.kloe("alpha.e1.k1").narrative == "saved before the crash"


KILLED_UPGRADE = """
import os, signal, sys
from maturity import reviewfile
def crash(con):
    con.execute("PRAGMA cache_size = 1")
    con.execute("ALTER TABLE history ADD COLUMN at TEXT NOT NULL DEFAULT ''")
    for i in range(200):
        con.execute("INSERT INTO meta VALUES (?, ?)", (f"junk{i}", "x" * 3000))
    os.kill(os.getpid(), signal.SIGKILL)
reviewfile.MIGRATIONS[1] = crash
reviewfile.ReviewFile.open(sys.argv[1])
"""


def test_upgrade_killed_midway_completes_on_next_open(review_path):
    score = edits.score_kloe
    with ReviewFile.open(review_path) as rf:
        rf.execute(score(rf.review, "alpha.e1.k1", 3))
    make_format_1(review_path)
    assert child(KILLED_UPGRADE, review_path).returncode == -signal.SIGKILL
    assert (review_path.parent / f"{review_path.name}.format1.bak").exists()
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe("alpha.e1.k1").rating == 3
        assert rf.undo_label() == "Score 3: Alpha element one › Alpha one first statement holds."
    con = sqlite3.connect(review_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    con.close()
    assert not list(review_path.parent.glob("*.bak"))


def test_copy_left_by_a_finished_upgrade_is_removed(review_path):
    stale = review_path.parent / f"{review_path.name}.format1.bak"
    shutil.copy(review_path, stale)
    with ReviewFile.open(review_path) as rf:
        assert not rf.readonly
    assert not stale.exists()


# --- a full disk names the file --------------------------------------------------------------
FULL = """
import datetime as dt, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
from maturity import edits
from maturity.edits import new_review_info
from maturity.loader import load_framework
from maturity.reviewfile import ReviewFile, ReviewFileError
path, what, mini = sys.argv[1:4]
def limit(size):
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))
try:
    if what == "attach":
        rf = ReviewFile.open(path)
        limit(200_000)
        rf.add_attachment(b"x" * 1_000_000, "minutes.pdf")
    elif what == "edit":
        rf = ReviewFile.open(path)
        limit(0)
        rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", "y" * 500_000))
    elif what == "create":
        framework = load_framework(mini)
        limit(1000)
        ReviewFile.create(path + ".new.sitreview", framework,
                          new_review_info("X", dt.date(2026, 1, 1)))
    elif what == "upgrade":
        limit(1000)
        ReviewFile.open(path)
    elif what == "lock":
        limit(0)
        print(ReviewFile.open(path).readonly_reason)
        sys.exit(0)
except ReviewFileError as exc:
    print(exc)
    sys.exit(1)
"""


def full(path, what):
    from .conftest import MINI

    return child(FULL, path, what, MINI)


def test_disk_full_while_attaching_names_the_review(review_path):
    out = full(review_path, "attach")
    assert out.returncode == 1, out.stderr
    assert str(review_path) in out.stdout and "minutes.pdf could not be stored" in out.stdout
    assert "may be full" in out.stdout
    with ReviewFile.open(review_path) as rf:
        assert rf.attachment_names() == {}


def test_disk_full_while_editing_names_the_review(review_path):
    out = full(review_path, "edit")
    assert out.returncode == 1, out.stderr
    assert str(review_path) in out.stdout and "the edit was not saved" in out.stdout


def test_disk_full_while_creating_names_the_file(review_path):
    out = full(review_path, "create")
    assert out.returncode == 1, out.stderr
    assert f"{review_path}.new.sitreview: cannot be written" in out.stdout
    assert not list(review_path.parent.glob("*.creating*"))


def test_disk_full_while_upgrading_names_the_backup(review_path):
    make_format_1(review_path)
    before = review_path.read_bytes()
    out = full(review_path, "upgrade")
    assert out.returncode == 1, out.stderr
    assert f"{review_path.name}.format1.bak" in out.stdout and "review is unchanged" in out.stdout
    assert review_path.read_bytes() == before


def test_lock_file_that_cannot_be_written_is_named(review_path):
    out = full(review_path, "lock")
    assert out.returncode == 0, out.stderr
    assert str(lock_path(review_path)) in out.stdout


# --- attachments -----------------------------------------------------------------------------
def test_attachment_limits_are_stated(rf, monkeypatch):
    from maturity import reviewfile

    assert reviewfile.ATTACHMENT_WARN_BYTES == 25 * 1024 * 1024
    assert reviewfile.ATTACHMENT_WARN_BYTES < reviewfile.MAX_ATTACHMENT_BYTES
    monkeypatch.setattr(reviewfile, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    with pytest.raises(ReviewFileError, match="scan.pdf: too large to embed \\(2 MB; the limit "
                                              "is 1 MB\\)"):
        rf.add_attachment(b"x" * 2 * 1024 * 1024, "scan.pdf")
    assert rf.attachment_names() == {}


def test_precomputed_digest_is_used_and_checked_on_every_read(rf):
    import hashlib

    data = b"minutes " * 1000
    digest = hashlib.sha256(data).hexdigest()
    assert rf.add_attachment(data, "minutes.pdf", digest=digest) == digest
    assert rf.attachment(digest) == data
    wrong = hashlib.sha256(b"something else").hexdigest()
    rf.add_attachment(data, "lie.pdf", digest=wrong)
    with pytest.raises(ReviewFileError, match="is damaged"):
        rf.attachment(wrong)
    with pytest.raises(ValueError, match="not a SHA-256"):
        rf.add_attachment(data, "x.pdf", digest="abc")
