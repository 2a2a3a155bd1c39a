"""The regional benchmark discloses nobody: small groups, copies, and what the outputs name."""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import openpyxl
import pytest

from exports.pdf.benchmark import write_benchmark_pdf
from exports.workbook.benchmark import write_benchmark_workbook
from maturity.benchmark import TOO_FEW, BenchmarkError, benchmark, report_lines
from maturity.cli import main
from maturity.review import PreviousReview

from .conftest import REPO
from .test_benchmark import make
from .test_compare_exports import pdf_text


def rename(path, system):
    """A copy whose system name was edited afterwards (outside the app)."""
    con = sqlite3.connect(path)
    data = json.loads(con.execute("SELECT data FROM record WHERE kind = 'info'").fetchone()[0])
    data["system"] = system
    con.execute("UPDATE record SET data = ? WHERE kind = 'info'", (json.dumps(data),))
    con.commit()
    con.close()


def region(folder, framework, count):
    folder.mkdir(exist_ok=True)
    return [make(folder / f"secret-{i}.sitreview", framework, f"Hiddenshire {i}", i % 5,
                 4 - i % 5) for i in range(count)]


def everything_written(b, tmp_path):
    """The benchmark as every output renders it: text, JSON, workbook and PDF."""
    xlsx = write_benchmark_workbook(b, tmp_path / "out.xlsx")
    cells = " ".join(str(c.value) for ws in openpyxl.load_workbook(xlsx)
                     for row in ws.iter_rows() for c in row if c.value is not None)
    _, pdf = pdf_text(write_benchmark_pdf(b, tmp_path / "out.pdf"))
    return "\n".join(report_lines(b)), json.dumps(b.to_json()), cells, pdf


def test_four_systems_show_no_figure(tmp_path, mini_framework):
    region(tmp_path / "r", mini_framework, 4)
    b = benchmark([tmp_path / "r"])
    assert b.systems == 4
    for s in (b.overall, *b.domains, *b.elements):
        assert s.n == 4 and not s.shown and s.values == ()
        assert s.median is s.q1 is s.q3 is s.minimum is s.maximum is None
    text, data, cells, pdf = everything_written(b, tmp_path)
    assert text.count(TOO_FEW) == 1 + 2 + 4
    rows = json.loads(data)["domains"] + json.loads(data)["elements"]
    assert all(r["withheld"] == TOO_FEW and r["median"] is None and r["min"] is None
               for r in rows)
    assert cells.count(TOO_FEW) == 7
    assert pdf.count(TOO_FEW) == 7


def test_five_systems_show_figures_but_not_an_element_only_four_scored(tmp_path,
                                                                         mini_framework):
    files = region(tmp_path / "r", mini_framework, 5)
    con = sqlite3.connect(files[0])  # system 0 leaves beta.e2 unscored
    con.execute("DELETE FROM record WHERE kind = 'kloe' AND key LIKE 'beta.e2.%'")
    con.commit()
    con.close()
    b = benchmark([tmp_path / "r"])
    stats = {s.id: s for s in (*b.domains, *b.elements)}
    assert stats["alpha"].shown and stats["alpha"].median == 2
    assert stats["beta"].shown and stats["beta"].n == 5
    assert not stats["beta.e2"].shown and stats["beta.e2"].n == 4
    line = next(x for x in report_lines(b) if "Beta element two" in x)
    assert TOO_FEW in line


def test_min_systems_never_below_three(tmp_path, mini_framework, capsys):
    region(tmp_path / "r", mini_framework, 4)
    with pytest.raises(BenchmarkError, match="at least 3 systems"):
        benchmark([tmp_path / "r"], min_systems=2)
    assert main(["benchmark", str(tmp_path / "r"), "--min-systems", "2"]) == 1
    err = capsys.readouterr().err
    assert "--min-systems 2: a figure needs at least 3 systems" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["benchmark", str(tmp_path / "r"), "--min-systems", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["min_systems"] == 3 and data["domains"][0]["median"] is not None


def test_copies_of_one_review_count_once(tmp_path, mini_framework):
    files = region(tmp_path / "r", mini_framework, 5)
    for n in range(3):
        shutil.copyfile(files[1], tmp_path / "r" / f"copy-{n}.sitreview")
    rename(tmp_path / "r" / "copy-2.sitreview", "Renamed after copying")
    b = benchmark([tmp_path / "r"])
    assert b.systems == 5 and b.overall.n == 5
    assert sorted(s.kind for s in b.superseded) == ["a copy of a review already counted"] * 3
    assert "3 files not counted: 3 a copy of a review already counted" in report_lines(b)


def test_highlighted_review_counts_once_even_when_copied_into_the_folder(tmp_path,
                                                                          mini_framework):
    files = region(tmp_path / "r", mini_framework, 5)
    mine = make(tmp_path / "mine.sitreview", mini_framework, "Myshire", 4, 4)
    shutil.copyfile(mine, tmp_path / "r" / "mine-copy.sitreview")
    shutil.copyfile(mine, tmp_path / "r" / "mine-renamed.sitreview")
    rename(tmp_path / "r" / "mine-renamed.sitreview", "Someone else entirely")
    os.link(mine, tmp_path / "r" / "mine-hardlink.sitreview")
    b = benchmark([tmp_path / "r"], highlight=mine)
    assert b.systems == 6 and b.overall.n == 6
    assert b.overall.values.count(4.0) == 1
    b = benchmark([tmp_path / "r"], highlight=files[0])
    assert b.systems == 6 and b.highlight.system == "Hiddenshire 0"


def test_a_renamed_system_counts_by_its_latest_review(tmp_path, mini_framework):
    files = region(tmp_path / "r", mini_framework, 5)
    later = make(tmp_path / "r" / "later.sitreview", mini_framework, "Hiddenshire & Borough",
                 4, 4, dt.date(2027, 1, 15))
    con = sqlite3.connect(later)
    data = json.loads(con.execute("SELECT data FROM record WHERE kind = 'info'").fetchone()[0])
    data["previous"] = PreviousReview(file_name="secret-2.sitreview", system="Hiddenshire 2",
                                      review_date=dt.date(2026, 1, 15),
                                      review_id="id-secret-2").model_dump(mode="json")
    data["review_type"] = "re-review"
    con.execute("UPDATE record SET data = ? WHERE kind = 'info'", (json.dumps(data),))
    con.commit()
    con.close()
    b = benchmark([tmp_path / "r"])
    assert b.systems == 5
    assert [s.file for s in b.superseded] == [str(files[2])]
    assert 4.0 in b.overall.values


def test_no_output_names_another_system_or_file(tmp_path, mini_framework, capsys):
    files = region(tmp_path / "r", mini_framework, 6)
    (tmp_path / "r" / "secret-damaged.sitreview").write_text("not a review")
    adult = mini_framework.model_copy(update={"id": "adult", "title": "Secret Adult MH"})
    make(tmp_path / "r" / "secret-adult.sitreview", adult, "Hiddenshire Adults", 1, 1)
    shutil.copyfile(files[3], tmp_path / "r" / "secret-copy.sitreview")
    b = benchmark([tmp_path / "r"], highlight=files[0])
    for output in everything_written(b, tmp_path):
        assert "Hiddenshire 0" in output
        for i in range(1, 6):
            assert f"Hiddenshire {i}" not in output
        assert "Hiddenshire Adults" not in output and "Secret Adult" not in output
        for name in ("secret-1", "secret-3", "secret-damaged", "secret-adult", "secret-copy"):
            assert name not in output
    assert main(["benchmark", str(tmp_path / "r"), "--highlight", str(files[0]),
                 "--json"]) == 0
    captured = capsys.readouterr()
    assert "secret-1" not in captured.out and "Hiddenshire 1" not in captured.out
    assert json.loads(captured.out)["skipped"] == {
        "files": 2, "reasons": {"not a review file": 1, "another framework": 1}}
    for name in ("secret-damaged", "secret-adult", "secret-copy"):
        assert name in captured.err


def test_fifo_device_and_link_loop_never_hang(tmp_path, mini_framework):
    folder = tmp_path / "r"
    region(folder, mini_framework, 5)
    os.mkfifo(folder / "pipe.sitreview")
    (folder / "zero.sitreview").symlink_to("/dev/zero")
    (folder / "loop").symlink_to(folder)
    os.mkfifo(tmp_path / "given.sitreview")
    proc = subprocess.run([sys.executable, "-m", "maturity.cli", "benchmark", str(folder),
                           str(tmp_path / "given.sitreview"), "--json"],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["systems"] == 5
    assert data["skipped"] == {"files": 3, "reasons": {"not a review file": 3}}
    assert "pipe.sitreview: is a named pipe (FIFO), not a review file" in proc.stderr
    assert "zero.sitreview: is a device, not a review file" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "maturity.cli", "benchmark", str(folder),
                           "--highlight", str(tmp_path / "given.sitreview")],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"sit-maturity: {tmp_path / 'given.sitreview'}: cannot be "
                                   f"highlighted: is a named pipe (FIFO), not a review file; "
                                   f"it was not read")
