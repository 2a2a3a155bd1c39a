"""Response packs: written for a group, filled in by a partner, checked and imported as one edit."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from openpyxl import load_workbook

from exports.packs import MAX_UNPACKED, write_pack
from maturity.reviewfile import ReviewFile


def run(*args):
    return subprocess.run([sys.executable, "-m", "maturity.cli", *map(str, args)],
                           capture_output=True, text=True, timeout=120)


def make_pack(review_path, out, group="VCSE", **cells):
    with ReviewFile.open(review_path, readonly=True) as rf:
        write_pack(rf.review, out, group=group, organisation="Mind")
    wb = load_workbook(out)
    ws = wb["Responses"]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(out)
    return out


def first_kloes(review_path, n=2):
    with ReviewFile.open(review_path, readonly=True) as rf:
        return [k.id for _, _, k in rf.review.framework.kloes()[:n]]


def test_pack_holds_questions_only_with_answer_cells_unlocked(review_path, tmp_path):
    out = make_pack(review_path, tmp_path / "p.xlsx")
    wb = load_workbook(out)
    assert wb["Pack"].sheet_state == "veryHidden"
    ws = wb["Responses"]
    assert ws.protection.sheet
    assert ws["A2"].protection.locked and ws["D2"].protection.locked
    assert not ws["F2"].protection.locked and not ws["G2"].protection.locked
    assert "3 – " in " ".join(str(c.value) for c in wb["Levels"]["A"])
    assert ws.data_validations.dataValidation


def test_round_trip_records_group_scores_and_evidence_and_undo_restores(review_path, tmp_path):
    k1, k2 = first_kloes(review_path)
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2="3 – Established", G2="Good links",
                     F3=2, H3="Annual report")
    result = run("import-responses", review_path, pack)
    assert result.returncode == 0, result.stderr
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe(k1).group_scores == {"VCSE": 3}
        assert rf.review.kloe(k2).group_scores == {"VCSE": 2}
        notes = [e.note for e in rf.review.evidence_for(k1)]
        assert notes == ["Good links"]
        assert "Annual report" in rf.review.evidence_for(k2)[0].note
        assert len(rf.review.info.imported_packs) == 1
        rf.undo()
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe(k1).group_scores == {}
        assert rf.review.evidence_for(k1) == []
        assert rf.review.info.imported_packs == ()


def test_dry_run_changes_nothing(review_path, tmp_path):
    k1 = first_kloes(review_path)[0]
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2=3)
    result = run("import-responses", review_path, pack, "--dry-run")
    assert "VCSE score 3" in result.stdout and "nothing recorded" in result.stdout
    with ReviewFile.open(review_path) as rf:
        assert rf.review.kloe(k1).group_scores == {}


def test_pack_imported_twice_is_refused(review_path, tmp_path):
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2=3)
    assert run("import-responses", review_path, pack).returncode == 0
    again = run("import-responses", review_path, pack)
    assert again.returncode == 1 and "imported already" in again.stdout


def test_conflict_with_recorded_group_score_is_shown(review_path, tmp_path):
    k1 = first_kloes(review_path)[0]
    with ReviewFile.open(review_path) as rf:
        from maturity.edits import set_group_score
        rf.execute(set_group_score(rf.review, k1, "VCSE", 1))
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2=4)
    result = run("import-responses", review_path, pack, "--dry-run")
    assert "VCSE score 1 → 4 (conflicts" in result.stdout


def test_bad_rows_named_and_nothing_imported_unless_good_rows_only(review_path, tmp_path):
    k1, k2 = first_kloes(review_path)
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2="=1+1", F3=9, F4=True)
    ws_fix = load_workbook(pack)
    ws_fix["Responses"]["F5"] = 2
    ws_fix["Responses"]["A6"] = "moved"
    ws_fix.save(pack)
    result = run("import-responses", review_path, pack)
    assert result.returncode == 1
    out = result.stdout
    assert "p.xlsx, sheet 'Responses', row 2: the answer is a formula" in out
    assert "row 3: the answer '9' is not one of" in out
    assert "row 4: the answer True" in out
    assert "row 6: this row was moved" in out
    with ReviewFile.open(review_path) as rf:
        assert all(not rf.review.kloe(k).group_scores for k in (k1, k2))
    result = run("import-responses", review_path, pack, "--good-rows-only")
    with ReviewFile.open(review_path) as rf:
        scored = {k.kloe_id for k in rf.review.all("kloe") if k.group_scores}
    assert len(scored) == 1


def test_pack_for_another_review_is_refused(review_path, tmp_path):
    other = tmp_path / "other.sitreview"
    other.write_bytes(review_path.read_bytes())
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2=3)
    with ReviewFile.open(review_path) as rf:
        mini = rf.review.framework
    from maturity.edits import new_review_info
    other.unlink()
    ReviewFile.create(other, mini, new_review_info("Elsewhere", rf.review.info.review_date)
                      ).close()
    result = run("import-responses", other, pack)
    assert result.returncode == 1 and "made for another review" in result.stdout


def test_edited_question_is_refused(review_path, tmp_path):
    pack = make_pack(review_path, tmp_path / "p.xlsx", F2=3)
    wb = load_workbook(pack)
    wb["Pack"]["B5"] = "0" * 64
    wb.save(pack)
    result = run("import-responses", review_path, pack)
    assert result.returncode == 1 and "questions were edited" in result.stdout


def test_zip_bomb_and_non_workbook_refused(review_path, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/big.xml", b"\0" * (MAX_UNPACKED + 1))
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a zip")
    result = run("import-responses", review_path, bomb, junk)
    assert result.returncode == 1
    assert "bomb.xlsx: unpacks to" in result.stdout
    assert "junk.xlsx: not an .xlsx workbook" in result.stdout
    assert "Traceback" not in result.stderr


def test_huge_sheet_refused(review_path, tmp_path):
    pack = make_pack(review_path, tmp_path / "p.xlsx")
    wb = load_workbook(pack)
    ws = wb["Responses"]
    for r in range(2, 2_100):
        ws.cell(r, 7, "x")
    wb.save(pack)
    result = run("import-responses", review_path, pack)
    assert result.returncode == 1 and "more than 2,000 rows" in result.stdout


def test_pack_command_refuses_unknown_group(review_path, tmp_path):
    result = run("pack", review_path, "--group", "Martians", "--out", tmp_path / "p.xlsx")
    assert result.returncode != 0 and "Martians" in result.stderr
    assert not (tmp_path / "p.xlsx").exists()


def test_room_votes_appear_in_workbook_and_board_report(review_path, tmp_path):
    from exports.room_votes import vote_lines
    from maturity.report import build_report
    from maturity.votes import record_room_vote

    k1 = first_kloes(review_path)[0]
    with ReviewFile.open(review_path) as rf:
        rf.execute(record_room_vote(rf.review, k1, {"VCSE": {"3": 2, "na": 1},
                                                    "Education": {"1": 1}}))
        report = build_report(rf.review)
    [line] = vote_lines(report)
    assert (line.kloe_id, line.total, line.by_level["3"], line.by_level["na"]) == (k1, 4, 2, 1)
    assert line.by_group == "Education: 1×1; VCSE: 3×2, N/A×1"
    out = tmp_path / "r.xlsx"
    result = run("export", review_path, "--xlsx", out)
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out)["Room's votes"]
    assert [c.value for c in ws[2]][1:4] == [k1, ws["C2"].value, 4]
