"""A framework folder from elsewhere: pipes, devices, huge or absurdly nested files, odd names.

The commands run in a child process with a timeout, so a regression that reads a FIFO or
/dev/zero fails the test instead of hanging the suite or exhausting memory.
"""

import os
import shutil
import subprocess
import sys

import pytest

from maturity.loader import MAX_FILE_BYTES, FrameworkError, load_framework

from .conftest import MINI, REPO


@pytest.fixture
def fw(tmp_path):
    folder = tmp_path / "fw"
    shutil.copytree(MINI, folder)
    return folder


def check(folder, *command):
    proc = subprocess.run([sys.executable, "-m", "maturity.cli", *(command or
                                                                    ("check-framework",)),
                           str(folder)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "Traceback" not in proc.stderr
    return proc.returncode, proc.stderr


def test_domain_file_linked_to_dev_zero_is_not_read(fw):
    (fw / "01-alpha.toml").unlink()
    (fw / "01-alpha.toml").symlink_to("/dev/zero")
    code, err = check(fw)
    assert code == 1
    assert ("fw/01-alpha.toml: is a device (through a symbolic link), not a framework file; "
            "it was not read") in err


@pytest.mark.parametrize("name", ["01-alpha.toml", "framework.toml"])
def test_fifo_in_the_folder_does_not_hang(fw, name):
    (fw / name).unlink()
    os.mkfifo(fw / name)
    code, err = check(fw)
    assert code == 1
    assert f"fw/{name}: is a named pipe (FIFO), not a framework file; it was not read" in err
    code, err = check(fw, "framework")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_folder_that_is_a_fifo_or_device(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    for target in (tmp_path / "pipe", "/dev/zero"):
        code, err = check(target)
        assert code == 1 and "not a folder" in err


def test_nested_100000_deep_names_the_file(fw):
    (fw / "02-beta.toml").write_text("a = " + "[" * 100_000)
    with pytest.raises(FrameworkError) as caught:
        load_framework(fw)
    assert caught.value.problems == [
        "fw/02-beta.toml: not valid TOML: its arrays or tables are nested too deeply to read"]
    (fw / "02-beta.toml").write_text("a = " + "{b = " * 100_000)
    with pytest.raises(FrameworkError, match="fw/02-beta.toml: not valid TOML"):
        load_framework(fw)


def test_oversized_file_refused_with_the_limit(fw):
    with open(fw / "02-beta.toml", "w") as fh:
        fh.write("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(FrameworkError) as caught:
        load_framework(fw)
    assert caught.value.problems == [
        "fw/02-beta.toml: too large for a framework file (2.0 MB; the limit is 2 MB per file)"]


def test_folder_named_like_a_domain_file_and_a_broken_link(fw):
    (fw / "03-gamma.toml").mkdir()
    (fw / "04-delta.toml").symlink_to(fw / "nowhere.toml")
    with pytest.raises(FrameworkError) as caught:
        load_framework(fw)
    assert "fw/03-gamma.toml: is a folder, not a framework file; it was not read" in \
        caught.value.problems
    assert "fw/04-delta.toml: cannot be read: No such file or directory" in \
        caught.value.problems


def test_undecodable_file_name_is_named_not_crashed_on(fw):
    odd = os.fsencode(fw) + b"/03-caf\xe9.toml"
    with open(odd, "wb") as fh:
        fh.write(b"\xff\xfe not text")
    with pytest.raises(FrameworkError) as caught:
        load_framework(fw)
    assert caught.value.problems == ["fw/03-caf\udce9.toml: not UTF-8 text"]
    code, err = check(fw)
    assert code == 1 and "fw/03-caf\\xe9.toml: not UTF-8 text" in err


def test_empty_folder_name_is_not_the_current_folder():
    with pytest.raises(FrameworkError, match="given as an empty name"):
        load_framework("")
