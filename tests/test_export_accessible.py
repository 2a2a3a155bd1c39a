"""The accessible board report: the Word report converted by LibreOffice to a tagged PDF."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from pypdf import PdfReader

from exports.docx import accessible
from exports.docx.soffice import available
from maturity.cli import main
from maturity.report import build_report
from tests.reviews import populate

TODAY = dt.date(2026, 6, 1)
needs_libreoffice = pytest.mark.skipif(not available(), reason="LibreOffice Writer (soffice) is not "
                                       "installed; CI installs libreoffice-writer")


@needs_libreoffice
def test_tagged_pdf_has_a_structure_tree_and_language(rf, review_path, tmp_path):
    populate(rf)
    rf.close()
    out = tmp_path / "a.pdf"
    assert main(["export", str(review_path), "--accessible-pdf", str(out), "--quiet"]) == 0
    root = PdfReader(out).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("en")
    assert root.get("/MarkInfo", {}).get("/Marked")


def test_without_libreoffice_the_export_says_how_to_get_it(rf, review_path, tmp_path, capsys,
                                                            monkeypatch):
    populate(rf)
    rf.close()
    monkeypatch.setattr(accessible, "available", lambda: False)
    out = tmp_path / "a.pdf"
    assert main(["export", str(review_path), "--accessible-pdf", str(out)]) != 0
    err = capsys.readouterr().err
    assert str(out) in err and "LibreOffice" in err and "libreoffice.org" in err
    assert "Traceback" not in err and not out.exists()


def test_a_converter_that_hangs_is_stopped_and_named(rf, tmp_path, monkeypatch):
    """A LibreOffice that never returns (a stuck profile lock, a dialog) is stopped in time."""
    populate(rf)
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(slow.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(accessible, "available", lambda: True)
    monkeypatch.setattr(accessible, "find_soffice", lambda: str(slow))
    monkeypatch.setattr(accessible, "TIMEOUT", 1)
    out = tmp_path / "a.pdf"
    with pytest.raises(OSError, match="took over 1 seconds"):
        accessible.write_accessible_pdf(build_report(rf.review, TODAY), out)
    assert not out.exists()


def test_a_converter_that_fails_says_so(rf, tmp_path, monkeypatch):
    populate(rf)
    bad = tmp_path / "soffice"
    bad.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    bad.chmod(bad.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(accessible, "available", lambda: True)
    monkeypatch.setattr(accessible, "find_soffice", lambda: str(bad))
    out = tmp_path / "a.pdf"
    with pytest.raises(OSError, match="could not convert the report .Error: source file"):
        accessible.write_accessible_pdf(build_report(rf.review, TODAY), out)
    assert not out.exists()
