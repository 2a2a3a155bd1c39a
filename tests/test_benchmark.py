import datetime as dt
import hashlib
import json
import shutil
import sqlite3

import pytest

from maturity.benchmark import BenchmarkError, benchmark, report_lines
from maturity.cli import main
from maturity.review import KloeAssessment, ReviewInfo
from maturity.reviewfile import ReviewFile

AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# Every alpha KLOE of system i scores ALPHA[i], every beta KLOE BETA[i] (None: not assessed).
ALPHA = [0, 1, 1, 2, 3, 4, 4]
BETA = [4, 3, 3, 2, 2, 1, None]
HIGHLIGHT = 4  # alpha 3, beta 2


def make(path, framework, system, alpha, beta, date=dt.date(2026, 1, 15)):
    info = ReviewInfo(review_id=f"id-{path.stem}", system=system, review_date=date,
                      created_at=AT)
    records = []
    for d, _, k in framework.kloes():
        value = alpha if d.id == "alpha" else beta
        records.append(KloeAssessment(kloe_id=k.id, rating=value))
    # One N/A per system, which must not count as a score.
    records[1] = KloeAssessment(kloe_id=records[1].kloe_id, rating="na")
    ReviewFile.create(path, framework, info, records).close()
    return path


@pytest.fixture
def region(tmp_path, mini_framework):
    root = tmp_path / "region"
    nested = root / "north" / "deeper"
    nested.mkdir(parents=True)
    files = []
    for i, (a, b) in enumerate(zip(ALPHA, BETA)):
        folder = nested if i % 2 else root
        files.append(make(folder / f"r{i}.sitreview", mini_framework, f"Benchtown {i}", a, b))
    # An earlier review of system 0 with other scores: superseded by its latest review.
    make(root / "r0-old.sitreview", mini_framework, "Benchtown 0", 1, 1, dt.date(2024, 1, 1))
    # Damaged and foreign files mixed in.
    (root / "notes.sitreview").write_text("these are meeting notes")
    (root / "readme.txt").write_text("not looked at: not a .sitreview name")
    truncated = root / "truncated.sitreview"
    data = files[0].read_bytes()
    truncated.write_bytes(data[:len(data) // 3])
    broken = make(root / "broken.sitreview", mini_framework, "Brokenville", 2, 2)
    con = sqlite3.connect(broken)
    con.execute("UPDATE record SET data = '{\"kloe_id\": ' WHERE kind = 'kloe' "
                "AND key = 'beta.e1.k1'")
    con.commit()
    con.close()
    adult = mini_framework.model_copy(update={"id": "adult", "title": "Adult MH"})
    make(nested / "adult.sitreview", adult, "Adultshire", 1, 1)
    return root, files


def test_figures_and_skips(region):
    root, files = region
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
              if p.is_file()}
    b = benchmark([root, root / "missing-folder"], highlight=files[HIGHLIGHT])
    assert b.systems == 7
    assert (b.framework_id, b.framework_version) == ("mini", "1.0")
    alpha = next(s for s in b.domains if s.id == "alpha")
    assert alpha.values == (0, 1, 1, 2, 3, 4, 4)
    assert (alpha.n, alpha.median, alpha.q1, alpha.q3) == (7, 2, 1.0, 3.5)
    assert (alpha.minimum, alpha.maximum) == (0, 4)
    assert alpha.highlight == 3 and alpha.position == "above the median"
    assert alpha.percentile == pytest.approx(100 * 4.5 / 7)
    beta = next(s for s in b.domains if s.id == "beta")
    assert (beta.n, beta.median, beta.q1, beta.q3) == (6, 2.5, 2.0, 3.0)
    assert beta.highlight == 2 and beta.position == "bottom quartile"
    elements = {s.id: s for s in b.elements}
    assert set(elements) == {"alpha.e1", "alpha.e2", "beta.e1", "beta.e2"}
    assert elements["alpha.e2"].values == alpha.values
    assert elements["beta.e2"].n == 6 and elements["beta.e2"].median == 2.5
    # Overall = mean of the two domains per system; system 6 has beta unscored.
    assert b.overall.values == tuple(sorted([2, 2, 2, 2, 2.5, 2.5, 4]))
    reasons = {p.split("/")[-1]: r for p, r in ((s.file, s.reason) for s in b.skipped)}
    assert set(reasons) == {"missing-folder", "notes.sitreview", "truncated.sitreview",
                            "broken.sitreview", "adult.sitreview"}
    assert reasons["missing-folder"] == "no such file or folder"
    assert "not a SIT Maturity review file" in reasons["notes.sitreview"]
    assert reasons["truncated.sitreview"].startswith("damaged")
    assert reasons["broken.sitreview"].startswith("damaged: the kloe record 'beta.e1.k1'")
    assert reasons["adult.sitreview"] == "uses framework “adult” (Adult MH), not “mini”"
    kinds = {p.split("/")[-1]: s.kind for p, s in ((s.file, s) for s in b.skipped)}
    assert kinds == {"missing-folder": "no such file or folder",
                     "notes.sitreview": "not a review file", "truncated.sitreview": "damaged",
                     "broken.sitreview": "damaged", "adult.sitreview": "another framework"}
    assert [s.file.split("/")[-1] for s in b.superseded] == ["r0-old.sitreview"]
    assert b.superseded[0].kind == "an earlier review of a counted system"
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
             if p.is_file()}
    assert after == before


def test_names_hidden_except_highlight(region):
    root, files = region
    b = benchmark([root], highlight=files[HIGHLIGHT])
    text = json.dumps(b.to_json()) + "\n".join(report_lines(b))
    assert "Benchtown 4" in text
    for i in (0, 1, 2, 3, 5, 6):
        assert f"Benchtown {i}" not in text
    plain = benchmark([root])
    text = json.dumps(plain.to_json()) + "\n".join(report_lines(plain))
    assert "Benchtown" not in text and plain.highlight is None
    assert next(s for s in plain.domains if s.id == "alpha").position is None


def test_highlight_outside_the_folders_is_counted_once(region, tmp_path, mini_framework):
    root, files = region
    extra = make(tmp_path / "mine.sitreview", mini_framework, "Myshire", 4, 4)
    b = benchmark([root], highlight=extra)
    assert b.systems == 8 and b.highlight.system == "Myshire"
    again = benchmark([root, extra], highlight=extra)
    assert again.systems == 8


def test_nothing_usable(tmp_path):
    (tmp_path / "a.sitreview").write_text("x")
    with pytest.raises(BenchmarkError, match=r"no usable review files were found in .* "
                                             r"\(1 file skipped: 1 not a review file\)"):
        benchmark([tmp_path])
    with pytest.raises(BenchmarkError, match="a.sitreview: cannot be highlighted"):
        benchmark([tmp_path], highlight=tmp_path / "a.sitreview")


def test_cli_benchmark(region, capsys):
    root, files = region
    assert main(["benchmark", str(root), "--highlight", str(files[HIGHLIGHT]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["systems"] == 7 and data["highlight"]["system"] == "Benchtown 4"
    alpha = data["domains"][0]
    assert (alpha["id"], alpha["median"], alpha["q1"], alpha["q3"]) == ("alpha", 2, 1.0, 3.5)
    assert data["skipped"] == {"files": 4, "reasons": {"damaged": 2, "not a review file": 1,
                                                       "another framework": 1}}
    assert data["superseded"] == {"files": 1,
                                  "reasons": {"an earlier review of a counted system": 1}}
    assert main(["benchmark", str(root)]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "Benchmark of 7 systems on Mini test framework" in out
    assert "4 files skipped: 2 damaged, 1 not a review file, 1 another framework" in out
    assert "1 file not counted: 1 an earlier review of a counted system" in out
    assert ".sitreview" not in out
    # The operator learns which files, on stderr only.
    assert f"skipped {root / 'truncated.sitreview'}: damaged" in captured.err
    assert f"not counted {root / 'r0-old.sitreview'}: an earlier review" in captured.err
    assert main(["benchmark", str(root / "nothing-here")]) == 1
    assert "no usable review files" in capsys.readouterr().err
    shutil.rmtree(root)
