import json
import subprocess
import sys

import pytest

from maturity.cli import main

from .conftest import MINI, REPO


def run(*args):
    """Run the real console command in a child process: exit code, stdout, stderr."""
    proc = subprocess.run([sys.executable, "-m", "maturity.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=REPO)
    return proc.returncode, proc.stdout, proc.stderr


def test_new_score_info_undo_redo(tmp_path, capsys):
    f = tmp_path / "r.sitreview"
    assert main(["new", str(f), "--system", "Anyshire", "--date", "2026-04-01",
                 "--framework", str(MINI)]) == 0
    assert main(["score", str(f), "alpha.e1.k1", "2", "--evidence", "CAMHS data pack",
                 "--confidence", "medium"]) == 0
    assert main(["score", str(f), "alpha.e1.k2", "na"]) == 0
    assert main(["score", str(f), "beta.e1.k1", "4"]) == 0
    capsys.readouterr()
    assert main(["info", str(f), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["system"] == "Anyshire" and data["review_date"] == "2026-04-01"
    assert data["framework"] == {"id": "mini", "version": "1.0"}
    alpha, beta = data["domains"]
    e1 = alpha["elements"][0]
    assert e1["score"] == 2.0 and e1["gap"] == 1.0 and e1["coverage"] == 1.0
    assert e1["kloes"] == [{"id": "alpha.e1.k1", "score": 2, "confidence": "medium",
                            "groups": {}, "votes": {}},
                           {"id": "alpha.e1.k2", "score": "na", "confidence": None,
                            "groups": {}, "votes": {}}]
    assert alpha["elements"][1]["score"] is None
    assert beta["score"] == 4.0
    assert data["overall"]["score"] == 3.0
    assert data["overall"]["coverage"] == pytest.approx(2 / 8)
    assert main(["undo", str(f)]) == 0
    assert "Undo: Score 4: Beta element one › Beta one first statement holds." \
        in capsys.readouterr().out
    main(["info", str(f), "--json"])
    assert json.loads(capsys.readouterr().out)["domains"][1]["score"] is None
    assert main(["redo", str(f)]) == 0
    assert main(["score", str(f), "alpha.e1.k1", "clear"]) == 0
    capsys.readouterr()
    main(["info", str(f)])
    out = capsys.readouterr().out
    assert "Anyshire — review of 2026-04-01" in out and "Beta Domain" in out


def test_info_over_several_files_answers_each_and_names_the_bad_ones(tmp_path, capsys):
    files = []
    for i, system in enumerate(["Anyshire", "Bothshire"]):
        f = tmp_path / f"r{i}.sitreview"
        assert main(["new", str(f), "--system", system, "--framework", str(MINI)]) == 0
        assert main(["score", str(f), "alpha.e1.k1", str(i + 1)]) == 0
        files.append(f)
    not_a_review = tmp_path / "notes.sitreview"
    not_a_review.write_text("minutes of the meeting")
    capsys.readouterr()
    singles = []
    for f in files:
        assert main(["info", str(f), "--json"]) == 0
        singles.append(json.loads(capsys.readouterr().out))
    names = [str(files[0]), str(tmp_path / "gone.sitreview"), str(not_a_review), str(files[1])]
    for _ in range(2):  # the second time, the good ones come from the cache
        assert main(["info", *names, "--json"]) == 1
        out, err = capsys.readouterr()
        answers = json.loads(out)
        assert [a["file"] for a in answers] == names
        assert {k: v for k, v in answers[0].items() if k != "file"} == singles[0]
        assert {k: v for k, v in answers[3].items() if k != "file"} == singles[1]
        assert answers[1]["error"].endswith("gone.sitreview: no such file")
        assert "not a SIT Maturity review file" in answers[2]["error"]
        assert err.splitlines() == [f"sit-maturity: {answers[1]['error']}",
                                    f"sit-maturity: {answers[2]['error']}"]
    assert main(["info", str(files[0]), str(files[1])]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{files[0]}:\nAnyshire — review of")
    assert f"\n\n{files[1]}:\nBothshire — review of" in out


@pytest.mark.parametrize("args, message", [
    (["score", "{f}", "alpha.e1.k7", "2"], "unknown KLOE id 'alpha.e1.k7'"),
    (["score", "{f}", "alpha.e1.k1", "9"], "score 9 is outside the scale 0-4"),
    (["score", "{f}", "alpha.e1.k1", "two"], "score 'two' is not a number"),
    (["score", "{missing}", "alpha.e1.k1", "2"], "no such file"),
    (["info", "{dir}"], "is a folder"),
    (["info", "{pdf}"], "not a SIT Maturity review file"),
])
def test_bad_input_is_one_line_exit_1_file_unchanged(tmp_path, args, message):
    f = tmp_path / "r.sitreview"
    assert run("new", f, "--system", "S", "--framework", MINI)[0] == 0
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 200)
    before = f.read_bytes()
    subst = {"f": f, "missing": tmp_path / "missing.sitreview", "dir": tmp_path, "pdf": pdf}
    code, out, err = run(*[a.format(**subst) for a in args])
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f.read_bytes() == before


def test_read_only_file_refused_for_edit(tmp_path):
    f = tmp_path / "r.sitreview"
    run("new", f, "--system", "S", "--framework", MINI)
    f.chmod(0o444)
    before = f.read_bytes()
    code, _, err = run("score", f, "alpha.e1.k1", "2")
    assert code == 1 and "cannot be changed: the file is marked read-only" in err
    assert f.read_bytes() == before
    assert run("info", f)[0] == 0


def test_usage_errors_exit_2(tmp_path):
    assert run("score")[0] == 2
    assert run("new", tmp_path / "x.sitreview")[0] == 2  # --system missing
    assert run("new", tmp_path / "x.sitreview", "--system", "S", "--date", "1 April")[0] == 2


def test_evidence_with_control_characters_and_megabyte(tmp_path, capsys):
    f = tmp_path / "r.sitreview"
    main(["new", str(f), "--system", "S", "--framework", str(MINI)])
    assert main(["score", str(f), "alpha.e1.k1", "2", "--evidence", "a\x00b\x1fc"]) == 0
    big = "x" * 1_000_000
    assert main(["score", str(f), "alpha.e1.k2", "3", "--evidence", big]) == 0
    from maturity.reviewfile import ReviewFile

    with ReviewFile.open(f) as rf:
        assert rf.review.kloe("alpha.e1.k1").narrative == "abc"
        assert len(rf.review.kloe("alpha.e1.k2").narrative) == 1_000_000


def test_framework_commands(tmp_path, capsys):
    assert main(["check-framework", str(MINI)]) == 0
    assert capsys.readouterr().out.startswith("OK: Mini test framework")
    assert main(["framework", str(MINI), "--json"]) == 0
    dump = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in dump["domains"]] == ["alpha", "beta"]
    assert dump["domains"][0]["recommendations"][0]["trigger"]["elements"] == ["alpha.e1"]
    assert dump["domains"][0]["resources"][0]["url"] == "https://example.org/alpha"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "framework.toml").write_text((MINI / "framework.toml").read_text())
    (bad / "01-a.toml").write_text((MINI / "01-alpha.toml").read_text()
                                   .replace("title = \"Alpha Domain\"", "titel = 1"))
    code, out, err = run("check-framework", bad)
    assert code == 1
    assert "bad/01-a.toml: unknown key 'titel'" in err
    assert "bad/01-a.toml: missing required key 'title'" in err


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path):
    f = tmp_path / "r.sitreview"
    run("new", f, "--system", "S", "--framework", MINI)
    proc = subprocess.Popen([sys.executable, "-m", "maturity.cli", "framework", "--markdown"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0
    assert "Broken pipe" not in err and "Traceback" not in err
