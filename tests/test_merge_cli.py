"""``sit-maturity merge`` as a user runs it: exit codes, messages, and what is left changed."""

from __future__ import annotations

import shutil

import pytest

from maturity.reviewfile import ReviewFile, lock_path

from .test_cli import run
from .test_merge import edit, kloe, score


@pytest.fixture
def copies(review_path, tmp_path):
    edit(review_path, score("alpha.e1.k1", 1))
    other = tmp_path / "emailed copy.sitreview"
    shutil.copyfile(review_path, other)
    edit(review_path, score("alpha.e1.k2", 2))
    edit(other, score("alpha.e1.k2", 4), score("beta.e2.k1", 3))
    return review_path, other


def test_conflicts_are_listed_in_user_terms_and_nothing_changes(copies):
    mine, other = copies
    before, other_before = mine.read_bytes(), other.read_bytes()
    code, out, err = run("merge", mine, other)
    assert code == 1
    assert ("Alpha Domain › Alpha element one › “Alpha one second statement holds.” — agreed "
            "score: this review has 2 Developing; emailed copy.sitreview has 4 Embedded") in out
    assert "Beta Domain › Beta element two › “Beta two first statement holds.”: agreed score" \
        in out
    assert err.count("\n") == 1 and "1 conflict to settle, so nothing was changed" in err
    assert "--prefer mine" in err and "Traceback" not in err
    assert mine.read_bytes() == before and other.read_bytes() == other_before
    assert not lock_path(mine).exists() and not lock_path(other).exists()


@pytest.mark.parametrize("prefer, expected, said", [
    ("mine", 2, "kept this review's value"),
    ("theirs", 4, "took emailed copy.sitreview's value"),
])
def test_prefer_applies_the_merge_as_one_undoable_edit(copies, prefer, expected, said):
    mine, other = copies
    other_before = other.read_bytes()
    code, out, err = run("merge", mine, other, "--prefer", prefer)
    assert (code, err) == (0, "")
    assert f"1 conflict settled ({said})" in out
    assert kloe(mine, "alpha.e1.k2").rating == expected
    assert kloe(mine, "beta.e2.k1").rating == 3
    assert other.read_bytes() == other_before  # the other copy is only read
    code, out, _ = run("undo", mine)
    assert (code, out.strip()) == (0, "Undo: Merge changes from emailed copy.sitreview")
    assert kloe(mine, "beta.e2.k1").rating is None and kloe(mine, "alpha.e1.k2").rating == 2


def test_dry_run_lists_and_changes_nothing(copies):
    mine, other = copies
    before = mine.read_bytes()
    code, out, _ = run("merge", mine, other, "--dry-run")
    assert code == 0 and "Dry run: nothing was changed" in out and "2 KLOEs" in out
    assert mine.read_bytes() == before


def test_nothing_to_merge_says_so(review_path, tmp_path):
    other = tmp_path / "copy.sitreview"
    shutil.copyfile(review_path, other)
    edit(review_path, score("alpha.e1.k1", 3))
    code, out, err = run("merge", review_path, other)
    assert (code, err) == (0, "")
    assert out.strip() == ("Nothing to merge: copy.sitreview holds no change that "
                           "mini.sitreview does not already have")


def test_another_review_is_refused_with_a_clear_message(review_path, tmp_path):
    other = tmp_path / "elsewhere.sitreview"
    from .conftest import MINI

    assert run("new", other, "--system", "Otherside", "--framework", MINI)[0] == 0
    before = review_path.read_bytes()
    code, out, err = run("merge", review_path, other)
    assert code == 1 and out == ""
    assert err.startswith("sit-maturity: elsewhere.sitreview is another review (Otherside")
    assert "only two copies of one review can be merged" in err
    assert review_path.read_bytes() == before


@pytest.mark.parametrize("args, code, message", [
    (["{mine}", "{missing}"], 1, "no such file"),
    (["{mine}", "{folder}"], 1, "is a folder"),
    (["{mine}", "{mine}"], 1, "is the same file as"),
    (["{mine}", "{other}", "--prefer", "both"], 2, "invalid choice"),
    (["{mine}"], 2, "the following arguments are required"),
])
def test_bad_arguments_get_one_plain_line(copies, tmp_path, args, code, message):
    mine, other = copies
    names = {"mine": mine, "other": other, "missing": tmp_path / "gone.sitreview",
             "folder": tmp_path}
    got, _, err = run("merge", *[a.format(**names) for a in args])
    assert got == code and message in err and "Traceback" not in err


def test_a_file_someone_else_has_open_is_not_merged_into(copies):
    mine, other = copies
    with ReviewFile.open(mine):  # holds the lock, as the app would
        code, _, err = run("merge", mine, other, "--prefer", "theirs")
    assert code == 1 and "cannot be changed" in err and "Traceback" not in err
    assert kloe(mine, "beta.e2.k1").rating is None
