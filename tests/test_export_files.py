"""Output files as an attacker or a slip of the keyboard would aim them.

An export may never replace a review (this one or another, however it is reached), never write
into a FIFO or a device, never write through a link, and never leave half a file or a stray
temporary file; what it writes carries the user's normal permissions.
"""

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exports.files import OutputError
from exports.outputs import OUTPUTS, write_outputs
from maturity.cli import main
from maturity.report import build_report
from maturity.reviewfile import ReviewFile
from tests.reviews import populate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def filled(rf, review_path):
    populate(rf)
    rf.close()
    return review_path


@pytest.fixture
def other_review(filled, tmp_path):
    """A second review in another folder: a colleague's copy."""
    folder = tmp_path / "colleague"
    folder.mkdir()
    other = folder / "their.sitreview"
    shutil.copyfile(filled, other)
    return other


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(capsys, *args) -> tuple[int, str]:
    code = main(["export", *map(str, args)])
    return code, capsys.readouterr().err.strip()


def export_through_link(capsys, review: Path, flag: str, link: Path,
                        target: Path) -> tuple[int, str]:
    link.symlink_to(target)
    return export(capsys, review, flag, link)


def assert_refused(code: int, err: str, named: Path, *words: str) -> None:
    assert code == 1
    assert "\n" not in err and "Traceback" not in err
    assert str(named) in err
    for word in words:
        assert word in err


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".part")]


def test_export_refuses_to_replace_the_review_with_its_own_json(filled, capsys):
    before = digest(filled)
    code, err = export(capsys, filled, "--json", filled)
    assert_refused(code, err, filled, "review")
    assert digest(filled) == before
    with ReviewFile.open(filled, readonly=True) as rf:
        assert rf.review.info.system == "Testshire"


@pytest.mark.parametrize("flag", ["--xlsx", "--pdf", "--summary", "--json"])
def test_another_review_is_never_an_output(filled, other_review, capsys, flag):
    before = digest(other_review)
    code, err = export(capsys, filled, flag, other_review)
    assert_refused(code, err, other_review, "review")
    assert digest(other_review) == before


def test_a_review_under_another_name_is_recognised_by_its_content(filled, other_review,
                                                                  tmp_path, capsys):
    disguised = tmp_path / "last year.xlsx"
    other_review.rename(disguised)
    before = digest(disguised)
    code, err = export(capsys, filled, "--xlsx", disguised)
    assert_refused(code, err, disguised, "is a review file")
    assert digest(disguised) == before


def test_a_symlink_or_hard_link_to_the_review_is_refused(filled, tmp_path, capsys):
    before = digest(filled)
    link = tmp_path / "board.pdf"
    code, err = export_through_link(capsys, filled, "--pdf", link, filled)
    assert_refused(code, err, link, "review")
    assert link.is_symlink() and digest(filled) == before

    hard = tmp_path / "data.json"
    os.link(filled, hard)
    code, err = export(capsys, filled, "--json", hard)
    assert_refused(code, err, hard, "review")
    assert digest(filled) == before


def test_a_link_to_the_review_with_a_review_name_is_refused_even_when_unreadable(
        filled, tmp_path, capsys):
    link = tmp_path / "summary.pdf"  # dangling, but to a review's name
    code, err = export_through_link(capsys, filled, "--summary", link,
                                    tmp_path / "gone" / "old.sitreview")
    assert_refused(code, err, link, "review")


@pytest.mark.parametrize("name", ["mini.sitreview-journal", "mini.sitreview-wal",
                                  ".~lock.mini.sitreview#", "MINI.SITREVIEW"])
def test_a_review_journal_or_lock_name_is_never_an_output(filled, capsys, name):
    target = filled.parent / name
    code, err = export(capsys, filled, "--json", target)
    assert_refused(code, err, target)
    assert not target.exists()


def test_a_symlink_at_the_output_name_is_replaced_never_written_through(filled, tmp_path,
                                                                        capsys):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("someone else's file")
    link = tmp_path / "data.json"
    link.symlink_to(elsewhere)
    assert export(capsys, filled, "--json", link)[0] == 0
    assert not link.is_symlink()
    assert json.loads(link.read_text(encoding="utf-8"))["system"] == "Testshire"
    assert elsewhere.read_text() == "someone else's file"


FIFO_EXPORT = [sys.executable, "-m", "maturity.cli", "export"]


def run_cli(*args, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*FIFO_EXPORT, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, **kwargs)


@pytest.mark.parametrize("through_link", [False, True])
def test_a_fifo_at_the_output_name_is_refused_at_once(filled, tmp_path, through_link):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link.json"
        target.symlink_to(fifo)
    # Opening the FIFO to write would block for ever; the timeout turns a hang into a failure.
    result = run_cli(filled, "--json", target)
    assert result.returncode == 1
    err = result.stderr.strip()
    assert_refused(1, err, target, "FIFO")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_inside_the_csv_folder_is_refused(filled, tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    os.mkfifo(folder / "scores.csv")
    result = run_cli(filled, "--csv", folder)
    assert_refused(result.returncode, result.stderr.strip(), folder / "scores.csv", "FIFO")
    assert stat.S_ISFIFO(os.stat(folder / "scores.csv").st_mode)
    assert list(folder.iterdir()) == [folder / "scores.csv"]  # nothing written before refusing


def a_device(tmp_path: Path) -> Path:
    """A character device: one made here when this user may, else the system's null device."""
    made = tmp_path / "null-device"
    try:
        os.mknod(made, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return made
    except (PermissionError, AttributeError):
        pass
    if stat.S_ISCHR(os.stat(os.devnull).st_mode):
        return Path(os.devnull)
    pytest.skip("no character device to aim the export at")


def test_a_device_is_never_an_output(filled, tmp_path, capsys):
    device = a_device(tmp_path)
    link = tmp_path / "data.json"
    code, err = export_through_link(capsys, filled, "--json", link, device)
    assert_refused(code, err, link, "device")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(device).st_mode)
    if device.parent == tmp_path:  # only a device made here is aimed at directly
        code, err = export(capsys, filled, "--json", device)
        assert_refused(code, err, device, "device")
        assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_one_file_given_for_two_outputs_is_refused_before_anything_is_written(
        filled, tmp_path, capsys):
    same = tmp_path / "report.pdf"
    code, err = export(capsys, filled, "--pdf", same, "--summary", same)
    assert_refused(code, err, same, "--pdf", "--summary")
    assert not same.exists()

    folder = tmp_path / "out"
    folder.mkdir()
    code, err = export(capsys, filled, "--json", folder / "scores.csv", "--csv", folder)
    assert_refused(code, err, folder / "scores.csv", "--json", "--csv")
    assert list(folder.iterdir()) == []


def test_the_same_file_by_two_routes_is_one_output(filled, tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir()
    alias = tmp_path / "alias"
    alias.symlink_to(real, target_is_directory=True)
    code, err = export(capsys, filled, "--xlsx", real / "b.xlsx", "--pdf", alias / "b.xlsx")
    assert_refused(code, err, alias / "b.xlsx", "--xlsx", "--pdf")
    assert list(real.iterdir()) == []


@pytest.fixture
def umask():
    """Set the process umask for one test, and put it back."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(saved)


@pytest.mark.parametrize("mask, file_mode, folder_mode", [(0o022, 0o644, 0o755),
                                                          (0o027, 0o640, 0o750)],
                         ids=["umask 022", "umask 027"])
def test_exported_files_get_the_users_normal_permissions(filled, tmp_path, capsys, umask,
                                                         mask, file_mode, folder_mode):
    umask(mask)
    out = tmp_path / "out"
    out.mkdir()
    targets = {key: out / f"{key}{o.suffix}" for key, o in OUTPUTS.items() if not o.optional}
    args = [a for key, path in targets.items() for a in (f"--{key}", path)]
    assert export(capsys, filled, *args)[0] == 0
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) == 5 + 5  # xlsx, pdf, docx, summary, json + five CSVs
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == file_mode, path
    assert stat.S_IMODE((out / "csv").stat().st_mode) == folder_mode


def read_only_folder(tmp_path: Path) -> Path:
    """A folder this user cannot create files in: a chmod'ed one, or for root (whom file
    modes do not stop) a system folder no one may create files in."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    else:
        folder = Path("/sys")
    try:
        (folder / "probe").touch()
    except OSError:
        return folder
    (folder / "probe").unlink()
    pytest.skip(f"no folder here refuses new files to this user ({folder})")


@pytest.mark.parametrize("key", [k for k, o in OUTPUTS.items() if not o.optional])
def test_a_read_only_folder_names_the_file_that_could_not_be_written(filled, tmp_path,
                                                                     capsys, key):
    folder = read_only_folder(tmp_path)
    suffix = OUTPUTS[key].suffix
    target = folder / f"export{suffix}" if suffix else folder / "csv"
    code, err = export(capsys, filled, f"--{key}", target)
    assert code == 1 and "\n" not in err and "Traceback" not in err
    assert str(target) in err
    assert not target.exists()


FULL_DISK = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from exports.outputs import write_outputs
    from maturity.report import build_report
    from maturity.reviewfile import ReviewFile

    review, key, target = sys.argv[1:]
    with ReviewFile.open(review, readonly=True) as rf:
        report = build_report(rf.review)
    # Any write past 512 bytes fails, as on a full disk (EFBIG rather than ENOSPC).
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, resource.RLIM_INFINITY))
    try:
        write_outputs(report, {key: Path(target)})
    except OSError as exc:
        print(exc)
        sys.exit(1)
""")


@pytest.mark.parametrize("key", [k for k, o in OUTPUTS.items() if not o.optional])
def test_a_write_that_fails_part_way_names_the_file_and_leaves_the_old_one(filled, tmp_path,
                                                                           key):
    out = tmp_path / "out"
    out.mkdir()
    suffix = OUTPUTS[key].suffix
    target = out / f"export{suffix}" if suffix else out / "csv"
    old = (target / "scores.csv") if not suffix else target
    old.parent.mkdir(exist_ok=True)
    old.write_text("the previous export")
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(filled), key, str(target)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    message = result.stdout.strip()
    assert "could not be written" in message and str(target) in message
    assert old.read_text() == "the previous export"
    assert no_temp_files(out)


def test_the_export_api_used_by_the_app_refuses_a_review_in_the_folder(filled, other_review,
                                                                       tmp_path):
    with ReviewFile.open(filled, readonly=True) as rf:
        report = build_report(rf.review)
    name = OUTPUTS["pdf"].default_name(report.system, report.review_date.isoformat())
    planted = other_review.parent / name
    planted.symlink_to(other_review)
    before = digest(other_review)
    with pytest.raises(OutputError) as caught:
        write_outputs(report, {"json": other_review.parent / "d.json", "pdf": planted})
    assert str(planted) in str(caught.value)
    assert digest(other_review) == before
    assert not (other_review.parent / "d.json").exists()  # refused before anything is written


OPENPYXL_FREE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from exports.outputs import write_outputs
    from maturity.report import build_report
    from maturity.reviewfile import ReviewFile
    import exports.data, exports.pdf.board, exports.pdf.summary

    review, out = Path(sys.argv[1]), Path(sys.argv[2])
    assert "openpyxl" not in sys.modules, "loaded by an import"
    with ReviewFile.open(review, readonly=True) as rf:
        report = build_report(rf.review)
    write_outputs(report, {"json": out / "d.json", "csv": out / "csv", "pdf": out / "b.pdf",
                           "summary": out / "s.pdf"})
    print("json, csv, pdf:", "openpyxl" in sys.modules)
    write_outputs(report, {"xlsx": out / "b.xlsx"})
    print("xlsx:", "openpyxl" in sys.modules)
""")


def test_writing_json_csv_and_pdfs_loads_no_openpyxl(filled, tmp_path):
    result = subprocess.run([sys.executable, "-c", OPENPYXL_FREE, str(filled), str(tmp_path)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    # The workbook does load it: the check can tell the two apart.
    assert result.stdout.split("\n")[:2] == ["json, csv, pdf: False", "xlsx: True"]
