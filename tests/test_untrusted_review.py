"""Review files built by an attacker: nothing in them runs, hangs, or is shown as if fine."""

import json
import sqlite3
import subprocess
import sys

import pytest

from maturity import database, edits
from maturity.benchmark import Reader, _Unusable
from maturity.compare import compare_files
from maturity.reviewfile import ReviewFile, ReviewFileError

from .conftest import REPO


def tamper(path, *sql, params=()):
    """Change a review with bare sqlite3, as someone with a database tool would."""
    con = sqlite3.connect(path)
    for stmt in sql:
        con.execute(stmt, params) if params else con.execute(stmt)
    con.commit()
    con.close()


def refused(path, match, *, readonly=False):
    before = path.read_bytes()
    with pytest.raises(ReviewFileError, match=match):
        ReviewFile.open(path, readonly=readonly)
    assert path.read_bytes() == before


def score(path, kloe="alpha.e1.k1", value=2):
    with ReviewFile.open(path) as rf:
        rf.execute(edits.score_kloe(rf.review, kloe, value))


# --- the schema --------------------------------------------------------------------------------
def test_planted_trigger_never_fires_on_our_edit(review_path):
    tamper(review_path, "CREATE TABLE stolen (data TEXT)",
           "CREATE TRIGGER x AFTER INSERT ON record BEGIN "
           "INSERT INTO stolen VALUES (new.data); END")
    refused(review_path, "contains a table 'stolen' that a review file never has; it may have "
                         "been altered and was not opened")
    tamper(review_path, "DROP TABLE stolen", "CREATE TABLE IF NOT EXISTS meta2 (x)",
           "DROP TABLE meta2")
    tamper(review_path, "DROP TRIGGER x",
           "CREATE TRIGGER x AFTER INSERT ON record BEGIN DELETE FROM record; END")
    refused(review_path, "contains a trigger 'x' that a review file never has; it may have been "
                         "altered and was not opened")
    con = sqlite3.connect(review_path)
    assert con.execute("SELECT count(*) FROM record").fetchone()[0] == 1  # nothing ran


def test_recursive_view_is_refused_without_hanging(review_path):
    tamper(review_path, "CREATE VIEW forever AS WITH RECURSIVE c(n) AS "
                        "(SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c")
    refused(review_path, "contains a view 'forever'")
    refused(review_path, "contains a view 'forever'", readonly=True)


@pytest.mark.parametrize("sql, match", [
    ("CREATE INDEX sneaky ON record (data)", "contains a index 'sneaky'"),
    ("CREATE TABLE extra (x)", "contains a table 'extra'"),
])
def test_extra_table_or_index_is_refused(review_path, sql, match):
    tamper(review_path, sql)
    refused(review_path, match)


def test_changed_column_is_refused(review_path):
    tamper(review_path, "ALTER TABLE attachment ADD COLUMN note TEXT")
    refused(review_path, "its table 'attachment' is not as a review file has it \\(changed "
                         "columns or constraints\\)")


def test_table_replaced_by_view_is_refused(review_path):
    tamper(review_path, "ALTER TABLE meta RENAME TO meta_old",
           "CREATE VIEW meta AS SELECT * FROM meta_old")
    refused(review_path, "meta")


def test_schema_check_is_exact_for_both_formats():
    assert set(database.expected_schema(2)) == {
        "meta", "framework", "record", "history", "attachment", "sqlite_autoindex_meta_1",
        "sqlite_autoindex_attachment_1"}


def test_runaway_query_is_stopped_with_a_message(review_path, monkeypatch):
    monkeypatch.setattr(database, "STEP_BUDGET", 1_000_000)
    con = database.connect(review_path, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="interrupted") as err:
        con.execute("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
                    "SELECT count(*) FROM c").fetchone()
    assert database.stopped(err.value)
    assert "took far longer" in str(database.read_failure(review_path, err.value))
    # the budget is per statement: a legitimate read afterwards still works
    assert con.execute("SELECT count(*) FROM record").fetchone()[0] == 1
    con.close()


def test_hardened_connection_settings(review_path):
    con = database.connect(review_path, readonly=True)
    assert con.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert con.execute("PRAGMA cell_size_check").fetchone()[0] == 1
    assert con.getlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH) == 100_000
    assert con.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) > database.MAX_ATTACHMENT_BYTES
    if hasattr(con, "getconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        assert con.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)
    con.close()


def test_damaged_page_is_refused_not_half_read(review_path):
    with ReviewFile.open(review_path) as rf:
        for i in range(30):
            rf.execute(edits.set_narrative(rf.review, f"alpha.e1.k{i % 2 + 1}", f"text {i} " * 50))
    con = sqlite3.connect(review_path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'history'").fetchone()[0]
    con.close()
    data = bytearray(review_path.read_bytes())
    start = (root - 1) * page_size
    data[start + 3:start + 5] = b"\xff\xff"  # the page now claims 65,535 cells
    review_path.write_bytes(bytes(data))
    refused(review_path, "damaged")
    refused(review_path, "damaged", readonly=True)


# --- values ------------------------------------------------------------------------------------
def put(path, kind, key, **fields):
    con = sqlite3.connect(path)
    row = con.execute("SELECT data FROM record WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    data = json.loads(row[0]) if row else {}
    data.update(fields)
    con.execute("INSERT OR REPLACE INTO record VALUES (?, ?, ?)", (kind, key, json.dumps(data)))
    con.commit()
    con.close()


def test_score_of_99_is_refused_everywhere(review_path):
    score(review_path)
    put(review_path, "kloe", "alpha.e1.k1", rating=99)
    refused(review_path, "the kloe record 'alpha.e1.k1' rating: score 99 is outside the scale 0-4")
    refused(review_path, "score 99", readonly=True)
    with pytest.raises(_Unusable, match="score 99 is outside the scale"):
        Reader().read(review_path)


def test_group_score_off_scale_is_refused(review_path):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_group_score(rf.review, "alpha.e1.k1", "Schools", 2))
    put(review_path, "kloe", "alpha.e1.k1", group_scores={"Schools": 7})
    refused(review_path, "group_scores\\['Schools'\\]: score 7 is outside the scale")


def test_impossible_date_is_refused(review_path):
    put(review_path, "info", "review", review_date="2026-02-30")
    refused(review_path, "the info record 'review': field review_date")


def test_unknown_kloe_id_is_refused(review_path):
    score(review_path)
    con = sqlite3.connect(review_path)
    data = json.loads(con.execute("SELECT data FROM record WHERE kind='kloe'").fetchone()[0])
    data["kloe_id"] = "alpha.e9.k9"
    con.execute("INSERT INTO record VALUES ('kloe', 'alpha.e9.k9', ?)", (json.dumps(data),))
    con.commit()
    con.close()
    refused(review_path, "the kloe record 'alpha.e9.k9': unknown KLOE id 'alpha.e9.k9'")


def test_record_under_another_key_is_refused(review_path):
    score(review_path)
    con = sqlite3.connect(review_path)
    con.execute("UPDATE record SET key = 'alpha.e1.k2' WHERE kind = 'kloe'")
    con.commit()
    con.close()
    refused(review_path, "stored under another key")


def test_link_that_runs_a_program_is_refused(review_path):
    with ReviewFile.open(review_path) as rf:
        with pytest.raises(edits.ReviewError, match="only http, https and mailto"):
            edits.add_evidence(rf.review, "alpha.e1.k1", title="X", link="javascript:alert(1)")
        cmd = edits.add_evidence(rf.review, "alpha.e1.k1", title="Plan",
                                 link="https://example.org/plan")
        rf.execute(cmd)
        key = cmd.changes[0].key
    put(review_path, "evidence", key, link="file:///C:/Windows/System32/calc.exe")
    refused(review_path, f"the evidence record '{key}': link .* uses file:.*only http, "
                         f"https and mailto")


def test_action_linked_to_missing_recommendation_is_refused(review_path):
    from maturity import plan as actions

    with ReviewFile.open(review_path) as rf:
        cmd = actions.add_action(rf.review, "Fix referrals")
        rf.execute(cmd)
        key = cmd.changes[0].key
    put(review_path, "action", key, recommendation_ids=["nope"])
    refused(review_path, f"the action record '{key}': no recommendation 'nope'")
    put(review_path, "action", key, recommendation_ids=[], start="2026-05-01", due="2026-04-01")
    refused(review_path, "due date 2026-04-01 is before the start date")


# --- the undo history --------------------------------------------------------------------------
AFTER_99 = json.dumps([["kloe", "alpha.e1.k1", None, {"kloe_id": "alpha.e1.k1", "rating": 99}]])


@pytest.mark.parametrize("changes, match", [
    ("not json", "undo step 2: its changes are not valid JSON"),
    (json.dumps([["ghost", "k", None, {"x": 1}]]), "change 1 has an unknown kind 'ghost'"),
    (json.dumps({"kloe": 1}), "not a list of record changes"),
    (json.dumps([["kloe", "alpha.e1.k1", None, 7]]), "holds something not a record"),
    (AFTER_99, "undo step 2, change 1 \\(after\\).*score 99 is outside the scale"),
])
def test_forged_history_row_is_refused_before_anything_is_written(review_path, changes, match):
    score(review_path, value=1)
    score(review_path, value=2)
    with ReviewFile.open(review_path) as rf:
        tamper(review_path, "UPDATE history SET changes = ? WHERE seq = 2", params=(changes,))
        before = review_path.read_bytes()
        with pytest.raises(ReviewFileError, match=match + ".*it was not applied and the review "
                                                          "is unchanged"):
            rf.undo()
        assert review_path.read_bytes() == before
        assert rf.review.kloe("alpha.e1.k1").rating == 2

    with ReviewFile.open(review_path) as rf:  # and the file still opens, refusing the step
        assert rf.review.kloe("alpha.e1.k1").rating == 2
        with pytest.raises(ReviewFileError, match=match):
            rf.undo()
        assert review_path.read_bytes() == before


def test_malformed_history_row_is_refused_on_open(review_path):
    score(review_path)
    tamper(review_path, "UPDATE history SET done = 7")
    refused(review_path, "undo step 1: it is neither done nor undone")
    tamper(review_path, "UPDATE history SET done = 1, label = x'00ff'")
    refused(review_path, "undo step 1: its label is not text")
    tamper(review_path, "UPDATE history SET label = 'x', changes = x'00ff'")
    refused(review_path, "undo step 1: its changes are not text")


def test_forged_redo_row_is_refused(review_path):
    score(review_path, value=1)
    with ReviewFile.open(review_path) as rf:
        rf.undo()
        tamper(review_path, "UPDATE history SET changes = ? WHERE seq = 1",
               params=(json.dumps([["info", "review", None, None]]),))
        before = review_path.read_bytes()
        with pytest.raises(ReviewFileError, match="would remove the review details"):
            rf.redo()
        assert review_path.read_bytes() == before


def test_benchmark_reader_goes_through_the_door(review_path):
    tamper(review_path, "CREATE TRIGGER t AFTER UPDATE ON meta BEGIN SELECT 1; END")
    with pytest.raises(_Unusable, match="contains a trigger 't'"):
        Reader().read(review_path)


def test_cli_refuses_an_altered_file_in_one_line(review_path):
    tamper(review_path, "CREATE VIEW v AS SELECT 1")
    out = subprocess.run([sys.executable, "-m", "maturity.cli", "info", str(review_path)],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 1
    assert "contains a view 'v'" in out.stderr and "Traceback" not in out.stderr


def test_rereview_and_compare_refuse_an_altered_previous_review(review_path, tmp_path,
                                                                 mini_framework):
    from maturity.rereview import start_rereview

    score(review_path)
    put(review_path, "kloe", "alpha.e1.k1", rating=99)
    with pytest.raises(ReviewFileError, match="score 99"):
        start_rereview(review_path, tmp_path / "next.sitreview", mini_framework)
    assert not (tmp_path / "next.sitreview").exists()
    other = tmp_path / "copy.sitreview"
    other.write_bytes(review_path.read_bytes())
    with pytest.raises(ReviewFileError, match="score 99"):
        compare_files([other, review_path])
