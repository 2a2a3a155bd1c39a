import json
import shutil

import pytest

from maturity.loader import FrameworkError, framework_json_schema, load_framework

from .conftest import MINI, REPO


def copy_mini(tmp_path):
    dest = tmp_path / "fw"
    shutil.copytree(MINI, dest)
    return dest


def problems_of(folder):
    with pytest.raises(FrameworkError) as info:
        load_framework(folder)
    return info.value.problems


def test_mini_framework_loads(mini_framework):
    fw = mini_framework
    assert [d.number for d in fw.domains] == [1, 2]
    assert fw.kloe_count == 9
    assert fw.kloe("alpha.e2.k3").statement.startswith("Alpha two third")
    assert fw.parents("alpha.e2.k3")[1].id == "alpha.e2"
    assert fw.target_for(fw.element("alpha.e2")) == 4
    assert fw.target_for(fw.element("alpha.e1")) == 3


def test_unknown_key_names_file_and_place(tmp_path):
    fw = copy_mini(tmp_path)
    p = fw / "01-alpha.toml"
    text = p.read_text().replace('id = "alpha.e2.k1"\n  statement', 'id = "alpha.e2.k1"\n  statment')
    p.write_text(text)
    problems = problems_of(fw)
    assert "fw/01-alpha.toml: elements[1].kloes[0]: unknown key 'statment'" in problems
    assert "fw/01-alpha.toml: elements[1].kloes[0]: missing required key 'statement'" in problems


def test_duplicate_ids_reported(tmp_path):
    fw = copy_mini(tmp_path)
    p = fw / "02-beta.toml"
    p.write_text(p.read_text().replace('id = "beta.e1.k2"', 'id = "alpha.e1.k1"'))
    problems = problems_of(fw)
    assert any("ids used more than once: alpha.e1.k1" in x for x in problems)


def test_trigger_must_resolve_in_its_domain(tmp_path):
    fw = copy_mini(tmp_path)
    p = fw / "01-alpha.toml"
    p.write_text(p.read_text().replace('trigger = { below = 3, elements = ["alpha.e1"] }',
                                       'trigger = { below = 3, elements = ["beta.e1"] }')
                 .replace('trigger = { indicator = "alpha.dna" }',
                          'trigger = { indicator = "alpha.nope" }'))
    problems = problems_of(fw)
    assert "fw/01-alpha.toml: recommendation alpha.r1 names elements not in this domain: beta.e1" \
        in problems
    assert "fw/01-alpha.toml: recommendation alpha.r2 names indicator 'alpha.nope', not in this " \
           "domain" in problems


def test_domain_numbers_must_run_in_order(tmp_path):
    fw = copy_mini(tmp_path)
    p = fw / "02-beta.toml"
    p.write_text(p.read_text().replace("number = 2", "number = 3"))
    assert any("domain numbers must run 1..2 in order, got [1, 3]" in x for x in problems_of(fw))


def test_scale_must_ascend(tmp_path):
    fw = copy_mini(tmp_path)
    p = fw / "framework.toml"
    p.write_text(p.read_text().replace("{ value = 1,", "{ value = 5,"))
    assert any("scale" in x and "strictly ascending" in x for x in problems_of(fw))


def test_bad_toml_and_missing_files(tmp_path):
    fw = copy_mini(tmp_path)
    (fw / "02-beta.toml").write_text("id = \n")
    problems = problems_of(fw)
    assert problems[0].startswith("fw/02-beta.toml: not valid TOML")
    assert problems_of(tmp_path / "missing") == [f"{tmp_path / 'missing'}: no such folder"]
    (tmp_path / "empty").mkdir()
    assert "framework.toml: missing" in problems_of(tmp_path / "empty")[0]


def test_bad_url_rejected(tmp_path):
    fw = copy_mini(tmp_path)
    p = fw / "01-alpha.toml"
    p.write_text(p.read_text().replace("https://example.org/alpha", "example dot org"))
    assert any("resources[0].url" in x and "not a web address" in x for x in problems_of(fw))


def test_all_errors_reported_at_once(tmp_path):
    fw = copy_mini(tmp_path)
    for name in ("01-alpha.toml", "02-beta.toml"):
        p = fw / name
        p.write_text(p.read_text().replace("indicator_statement", "indicator_statment"))
    assert len(problems_of(fw)) >= 4


def test_json_schema_is_current():
    committed = (REPO / "domains" / "framework.schema.json").read_text(encoding="utf-8")
    assert committed == framework_json_schema(), "run `make schema` to regenerate it"
    schema = json.loads(committed)
    assert "DomainFile" in schema["$defs"]


def test_indicator_threshold_semantics(mini_framework):
    dna = mini_framework.indicator("alpha.dna")
    assert dna.meets(10) is True and dna.meets(10.1) is False
    eng = mini_framework.indicator("beta.engagement")
    assert eng.meets(4.0) is False and eng.meets(4.01) is True
    assert mini_framework.indicator("alpha.waitlist").meets(5) is None
    assert eng.threshold_text == "> 4 score"
    assert dna.threshold_text == "≤ 10%"
