"""Sharing a copy: what was deleted or overwritten is not in the bytes that are sent."""

import os
import subprocess
import sys

import pytest

from maturity import edits
from maturity.reviewfile import ReviewFile, ReviewFileError
from maturity.share import share_copy

from .conftest import REPO

SLIP = "Jamie Smith, aged 12, was referred twice"  # pasted by mistake, then deleted
REMOVED = b"%PDF-1.4 DRAFT CRITICISM OF THE TRUST " * 400
KEPT = b"%PDF-1.4 board minutes " * 400


@pytest.fixture
def worked_on(review_path):
    """A review whose history holds a deleted sentence and a removed attachment."""
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", SLIP))
        rf.execute(edits.set_narrative(rf.review, "alpha.e1.k1", "Board minutes show review"))
        gone = rf.add_attachment(REMOVED, "draft.pdf")
        cmd = edits.add_evidence(rf.review, "alpha.e1.k1", title="Draft", attachment=gone,
                                 filename="draft.pdf")
        rf.execute(cmd)
        rf.execute(edits.remove_evidence(rf.review, cmd.changes[0].key))
        kept = rf.add_attachment(KEPT, "minutes.pdf")
        rf.execute(edits.add_evidence(rf.review, "alpha.e1.k2", title="Minutes",
                                      attachment=kept, filename="minutes.pdf",
                                      note="Signed off in March"))
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 3))
    return review_path


def test_shared_copy_holds_nothing_deleted(worked_on, tmp_path):
    original = worked_on.read_bytes()
    assert SLIP.encode() in original and REMOVED[:200] in original
    out = tmp_path / "to-send.sitreview"
    report = share_copy(worked_on, out)
    shared = out.read_bytes()
    assert SLIP.encode() not in shared
    assert REMOVED[:40] not in shared and b"DRAFT CRITICISM" not in shared
    assert KEPT[:200] in shared
    with ReviewFile.open(out) as rf:
        assert rf.undo_label() is None
        assert rf.review.kloe("alpha.e1.k1").narrative == "Board minutes show review"
        assert rf.review.kloe("alpha.e1.k1").rating == 3
        (item,) = rf.review.evidence_for("alpha.e1.k2")
        assert rf.attachment(item.attachment) == KEPT
    lines = "\n".join(report.lines())
    assert "the undo history (6 steps" in lines
    assert "1 embedded file" in lines and "draft.pdf" in lines
    # the working file keeps its history
    assert worked_on.read_bytes() == original
    with ReviewFile.open(worked_on) as rf:
        assert rf.undo_label() == "Score 3: Alpha element one › Alpha one first statement holds."


def test_without_attachments_and_evidence_text(worked_on, tmp_path):
    out = tmp_path / "lean.sitreview"
    report = share_copy(worked_on, out, attachments=False, evidence_text=False)
    shared = out.read_bytes()
    assert KEPT[:40] not in shared and b"Board minutes show" not in shared
    assert b"Signed off in March" not in shared
    with ReviewFile.open(out) as rf:
        assert rf.attachment_names() == {}
        (item,) = rf.review.evidence_for("alpha.e1.k2")
        assert (item.title, item.filename, item.attachment, item.note) == \
            ("Minutes", "minutes.pdf", "", "")
        assert rf.review.kloe("alpha.e1.k1").rating == 3
    lines = "\n".join(report.lines())
    assert "minutes.pdf" in lines and "evidence narrative" in lines


@pytest.mark.parametrize("target", ["source", "review", "fifo", "folder", "txt"])
def test_share_never_writes_over_anything(worked_on, tmp_path, mini_framework, target):
    if target == "source":
        out = worked_on
    elif target == "review":
        out = tmp_path / "other.sitreview"
        share_copy(worked_on, out)
    elif target == "fifo":
        out = tmp_path / "pipe.sitreview"
        os.mkfifo(out)
    elif target == "folder":
        out = tmp_path / "dir.sitreview"
        out.mkdir()
    else:
        out = tmp_path / "copy.txt"
    before = out.read_bytes() if out.is_file() else None
    with pytest.raises(ReviewFileError):
        share_copy(worked_on, out)
    if before is not None:
        assert out.read_bytes() == before
    assert not list(tmp_path.glob(".*sharing*"))


def test_share_command(worked_on, tmp_path):
    out = tmp_path / "cli.sitreview"
    done = subprocess.run([sys.executable, "-m", "maturity.cli", "share", str(worked_on),
                           str(out), "--without-evidence-text"],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"Shared copy written to {out}" in done.stdout
    assert "undo history" in done.stdout and "draft.pdf" in done.stdout
    assert SLIP.encode() not in out.read_bytes()
    again = subprocess.run([sys.executable, "-m", "maturity.cli", "share", str(worked_on),
                            str(out)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert again.returncode == 1 and "already exists" in again.stderr
