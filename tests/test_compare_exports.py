import re
import zipfile

import openpyxl
import pytest
from pypdf import PdfReader

from exports.pdf.benchmark import write_benchmark_pdf
from exports.workbook.benchmark import write_benchmark_workbook
from exports.workbook.comparison import write_comparison_workbook
from maturity.benchmark import benchmark
from maturity.cli import main
from maturity.compare import compare_files
from tests.pdfs import outline_entries

from .history import build_history
from .test_benchmark import ALPHA, BETA, make


@pytest.fixture
def three(tmp_path, mini_framework):
    return build_history(tmp_path, mini_framework, 3)


def outline_titles(reader):
    return [e.title for e in outline_entries(reader)]


def pdf_text(path):
    reader = PdfReader(path)
    return reader, " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def charts_in(path):
    """Chart XML of an xlsx, by the sheet each chart is drawn on (openpyxl drops charts when
    it reads a workbook, so the package is read directly)."""
    import posixpath
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    with zipfile.ZipFile(path) as z:
        def rels(part):
            folder, name = posixpath.split(part)
            rel_part = posixpath.join(folder, "_rels", name + ".rels")
            if rel_part not in z.namelist():
                return {}
            out = {}
            for rel in ET.fromstring(z.read(rel_part)).findall("p:Relationship", ns):
                target = rel.get("Target")
                target = (target.lstrip("/") if target.startswith("/")
                          else posixpath.normpath(posixpath.join(folder, target)))
                out[rel.get("Id")] = target
            return out

        book = rels("xl/workbook.xml")
        found = {}
        for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter(f"{{{ns['m']}}}sheet"):
            part = book[sheet.get(f"{{{ns['r']}}}id")]
            charts = []
            for drawing in rels(part).values():
                if "drawings/" in drawing:
                    charts += [z.read(c).decode() for c in rels(drawing).values()
                               if "charts/" in c]
            found[sheet.get("name")] = charts
        return found


def has(chart_xml, kind):
    return re.search(rf"<(?:\w+:)?{kind}[ >]", chart_xml) is not None


def test_export_with_earlier_reviews_adds_comparison_and_trend(three, tmp_path, capsys):
    xlsx, pdf = tmp_path / "book.xlsx", tmp_path / "board.pdf"
    assert main(["export", str(three[2]), "--xlsx", str(xlsx), "--pdf", str(pdf),
                 "--compare", str(three[1]), str(three[0])]) == 0
    wb = openpyxl.load_workbook(xlsx)
    assert "Comparison" in wb.sheetnames and "Trend" in wb.sheetnames
    assert "Dashboard" in wb.sheetnames
    trend = wb["Trend"]
    assert [trend.cell(4, c).value for c in range(1, 5)] == [
        "Domain", "1 Mar 2025", "1 Mar 2026", "1 Mar 2027"]
    rows = {trend.cell(r, 1).value: [trend.cell(r, c).value for c in (2, 3, 4)]
            for r in range(5, 8)}
    assert rows["Alpha Domain"] == [2.0, 2.25, pytest.approx((3.5 + 8 / 3) / 2, abs=0.005)]
    assert rows["Beta Domain"] == [2.0, 2.25, 2.5]
    assert "Overall" in rows
    charts = charts_in(xlsx)
    assert len(charts["Trend"]) == 1 and has(charts["Trend"][0], "lineChart")
    assert len(re.findall(r"<(?:\w+:)?ser>", charts["Trend"][0])) == 2
    assert not charts["Comparison"]
    comp = wb["Comparison"]
    cells = {comp.cell(r, 1).value: [comp.cell(r, c).value for c in range(3, 7)]
             for r in range(5, comp.max_row + 1)}
    assert cells["Overall"][:3] == [2.0, 2.25, pytest.approx(2.79, abs=0.005)]
    assert cells["      Alpha one first statement holds."] == [1, 3, 4, 3]
    assert cells["      Beta one second statement holds."][:2] == ["N/A", 1]
    assert any(str(k).startswith("Done: Job plans with a complexity scale") for k in cells)

    reader, text = pdf_text(pdf)
    titles = outline_titles(reader)
    assert "Since the last review" in titles and "Trend across reviews" in titles
    assert titles.index("Since the last review") > titles.index("Action plan")
    assert "This review (1 Mar 2027) compared with the previous one (1 Mar 2026)" in text
    assert "Domain scores at each review (1 Mar 2025, 1 Mar 2026, 1 Mar 2027)" in text
    assert "Actions marked done whose linked KLOEs did not move up" in text
    assert "Job plans with a complexity scale" in text


def test_export_refuses_a_later_review_as_earlier(three, tmp_path, capsys):
    assert main(["export", str(three[1]), "--xlsx", str(tmp_path / "b.xlsx"),
                 "--compare", str(three[2])]) == 1
    err = capsys.readouterr().err
    assert "anyshire-2027.sitreview: its review date 2027-03-01 is not earlier" in err
    assert not (tmp_path / "b.xlsx").exists()


def test_export_without_compare_has_no_comparison(three, tmp_path):
    xlsx, pdf = tmp_path / "book.xlsx", tmp_path / "board.pdf"
    assert main(["export", str(three[2]), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert "Comparison" not in openpyxl.load_workbook(xlsx).sheetnames
    assert "Since the last review" not in outline_titles(PdfReader(pdf))


def test_standalone_comparison_outputs(three, tmp_path, capsys):
    xlsx, pdf = tmp_path / "c.xlsx", tmp_path / "c.pdf"
    assert main(["compare", *map(str, three), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Comparison", "Trend"]
    reader, text = pdf_text(pdf)
    assert outline_titles(reader)[:3] == ["Comparison of reviews", "Since the last review",
                                          "Trend across reviews"]
    assert "Comparison of 3 maturity self-reviews" in text
    capsys.readouterr()
    assert main(["compare", str(three[0]), str(three[1]), "--xlsx",
                 str(tmp_path / "x.txt")]) == 1
    assert "--xlsx" in (err := capsys.readouterr().err) and "must end in .xlsx" in err


def test_comparison_workbook_lists_framework_changes(tmp_path, mini_framework):
    from maturity.loader import load_framework

    from .conftest import MINI
    from .history import build_first, build_second, changed_framework_dir

    newer = load_framework(changed_framework_dir(tmp_path, MINI))
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    second = build_second(first, tmp_path / "b.sitreview", newer)
    c = compare_files([first, second])
    path = write_comparison_workbook(c, tmp_path / "fw.xlsx")
    ws = openpyxl.load_workbook(path)["Comparison"]
    values = [[ws.cell(r, col).value for col in range(1, 4)] for r in range(1, ws.max_row + 1)]
    found = {row[0]: row[1:] for row in values if row[1] in ("Added", "Retired", "Reworded")}
    assert found == {
        "Alpha one third statement, new this year, holds.": ["Added", "1.0 → 1.1"],
        "Beta two second statement holds.": ["Retired", "1.0 → 1.1"],
        "now “Alpha two first statement holds across every provider.”, was “Alpha two "
        "first statement holds.”": ["Reworded", "1.0 → 1.1"]}


def test_benchmark_outputs(tmp_path, mini_framework):
    root = tmp_path / "region"
    root.mkdir()
    files = [make(root / f"r{i}.sitreview", mini_framework, f"Benchtown {i}", a, b)
             for i, (a, b) in enumerate(zip(ALPHA, BETA))]
    (root / "junk.sitreview").write_text("junk")
    b = benchmark([root], highlight=files[4])
    xlsx = write_benchmark_workbook(b, tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Benchmark", "Files not counted"]
    ws = wb["Benchmark"]
    header = [ws.cell(4, c).value for c in range(1, 12)]
    assert header == ["Item", "Level", "Systems", "Lowest", "Lower quartile", "Median",
                      "Upper quartile", "Highest", "Benchtown 4", "Percentile", "Position"]
    alpha = [ws.cell(6, c).value for c in range(1, 12)]
    assert alpha[:9] == ["Alpha Domain", "Domain", 7, 0, 1, 2, 3.5, 4, 3]
    assert alpha[10] == "above the median"
    everything = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Benchtown 0" not in everything and "Benchtown 1" not in everything
    assert has(charts_in(xlsx)["Benchmark"][0], "barChart")
    skipped = wb["Files not counted"]
    assert [[c.value for c in row] for row in skipped.iter_rows()] == [
        ["Why it was not counted", "Files"], ["not a review file", 1]]
    assert "junk" not in " ".join(str(c.value) for ws in wb for row in ws.iter_rows()
                                  for c in row if c.value)
    pdf = write_benchmark_pdf(b, tmp_path / "b.pdf")
    reader, text = pdf_text(pdf)
    assert outline_titles(reader) == ["Benchmark", "Domains and elements", "Files not counted"]
    assert "Benchmark of 7 systems" in text and "Benchtown 4" in text
    assert "Benchtown 0" not in text
    assert "junk.sitreview" not in text and "not a review file" in text


def test_comparison_indicators_are_numbers_with_their_units(three, tmp_path):
    xlsx = tmp_path / "c.xlsx"
    assert main(["compare", *map(str, three), "--xlsx", str(xlsx)]) == 0
    ws = openpyxl.load_workbook(xlsx)["Comparison"]
    rows = [row for row in ws.iter_rows() if row[1].value == "Indicator"]
    assert rows
    for row in rows:
        values = [c for c in row[2:5] if c.value is not None]
        assert values
        for c in values:
            assert isinstance(c.value, (int, float)), (c.coordinate, c.value)
        if "(DNA rate)" in row[0].value or "%" in row[0].value:
            assert all('"%' in c.number_format for c in values), \
                [c.number_format for c in values]
