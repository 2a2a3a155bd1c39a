import csv
import datetime as dt
import json

from exports.data import write_csv, write_json
from maturity.report import build_report
from tests.reviews import populate

TODAY = dt.date(2026, 6, 1)


def test_json_has_scores_indicators_recommendations_actions(rf, tmp_path):
    populate(rf)
    path = write_json(build_report(rf.review, TODAY), tmp_path / "d.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "sit-maturity-data" and data["system"] == "Testshire"
    alpha = data["domains"][0]
    assert alpha["score"] == 2.25
    kloes = {k["id"]: k for e in alpha["elements"] for k in e["kloes"]}
    assert kloes["alpha.e1.k1"]["rating"] == 1 and kloes["alpha.e2.k2"]["rating"] == "na"
    dna = next(i for i in data["indicators"] if i["id"] == "alpha.dna")
    assert dna["value"] == 14 and dna["rag"] == "R"
    assert {r["framework_id"] for r in data["recommendations"]} >= {"alpha.r1", "alpha.r2"}
    act = next(a for a in data["actions"] if a["description"].startswith("Set up"))
    assert act["due"] == "2026-04-30" and act["overdue"] is True
    assert act["owners"] == ["Anyshire ICB", "Anyshire NHS Trust"]


def test_csv_tables(rf, tmp_path):
    populate(rf)
    files = write_csv(build_report(rf.review, TODAY), tmp_path / "csv")
    assert [f.name for f in files] == ["scores.csv", "domains.csv", "indicators.csv",
                                       "recommendations.csv", "actions.csv"]
    with open(tmp_path / "csv" / "scores.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9
    row = next(r for r in rows if r["kloe_id"] == "beta.e2.k1")
    assert row["rating"] == "0" and row["gap"] == "2.0" and row["system"] == "Testshire"
    with open(tmp_path / "csv" / "domains.csv", encoding="utf-8-sig", newline="") as fh:
        doms = list(csv.DictReader(fh))
    assert [d["domain_id"] for d in doms] == ["alpha", "beta"]


def test_json_flags_each_kloe_by_the_same_rule_as_the_app(rf, tmp_path):
    from maturity import edits
    from maturity.flags import FLAG_ORDER, kloe_flags
    from maturity.scoring import rollup

    populate(rf)
    rf.execute(edits.score_kloe(rf.review, "beta.e1.k1", 4))
    rf.execute(edits.set_confidence(rf.review, "beta.e1.k1", "low"))
    path = write_json(build_report(rf.review, TODAY), tmp_path / "d.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    kloes = {k["id"]: k for d in data["domains"] for e in d["elements"] for k in e["kloes"]}
    roll = rollup(rf.review)
    for kloe_id, k in kloes.items():
        flags = kloe_flags(roll.kloe(kloe_id))
        assert k["flags"] == [f for f in FLAG_ORDER if f in flags], kloe_id
    assert "low" in kloes["beta.e1.k1"]["flags"]
    assert any(k["flags"] for k in kloes.values() if k["id"] != "beta.e1.k1")
