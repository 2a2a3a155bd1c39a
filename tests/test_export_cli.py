import json

import pytest
from openpyxl import load_workbook

from maturity.cli import main
from tests.reviews import populate


@pytest.fixture
def filled(rf, review_path):
    populate(rf)
    rf.close()
    return review_path


def test_export_named_outputs(filled, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    code = main(["export", str(filled), "--xlsx", str(out / "b.xlsx"), "--pdf",
                 str(out / "b.pdf"), "--summary", str(out / "s.pdf"), "--json",
                 str(out / "d.json"), "--csv", str(out / "csv")])
    assert code == 0
    printed = capsys.readouterr().out.split("\n")
    assert str(out / "b.xlsx") in printed and str(out / "csv" / "actions.csv") in printed
    assert load_workbook(out / "b.xlsx")["Dashboard"]["A1"].value == "Testshire"
    assert json.loads((out / "d.json").read_text(encoding="utf-8"))["system"] == "Testshire"
    for name in ("b.pdf", "s.pdf"):
        assert (out / name).read_bytes().startswith(b"%PDF")


def test_export_everything_beside_the_review(filled, capsys):
    assert main(["export", str(filled), "--quiet"]) == 0
    names = {p.name for p in filled.parent.iterdir()}
    assert "Testshire 2026-03-01 workbook.xlsx" in names
    assert "Testshire 2026-03-01 board report.pdf" in names
    assert "Testshire 2026-03-01 data (CSV)" in names


@pytest.mark.parametrize("args, message", [
    (["export", "{missing}"], "no such file"),
    (["export", "{review}", "--xlsx", "/no/such/folder/b.xlsx"], "no such folder"),
    (["export", "{review}", "--pdf", "{tmp}"], "is a folder"),
    (["export", "{review}", "--csv", "{review}"], "needs a folder"),
    (["export", "{notreview}"], "not a SIT Maturity review file"),
    (["recommend", "{missing}"], "no such file"),
])
def test_bad_inputs_get_one_line_and_exit_1(filled, tmp_path, capsys, args, message):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello " * 100)
    args = [a.format(missing=tmp_path / "gone.sitreview", review=filled, tmp=tmp_path,
                     notreview=bad) for a in args]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err


def test_recommend_lists_reasons(filled, capsys):
    assert main(["recommend", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "Why: Alpha Domain › Alpha element one scored 1.0, target 3" in out
    assert "Why: Missed appointments (DNA rate) 14%, threshold ≤ 10%" in out
    assert main(["recommend", str(filled), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    first = data["suggestions"][0]
    assert first["id"] == "alpha.r1" and first["priority"] == "high"
    assert first["status"] == "accepted"


def test_recommend_on_an_empty_review(review_path, capsys):
    assert main(["recommend", str(review_path)]) == 0
    assert "no recommendation is triggered" in capsys.readouterr().out
