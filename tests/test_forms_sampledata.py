"""The app's copy of the sample reviews: built once, kept while current, rebuilt on upgrade."""

from forms import sampledata
from maturity import edits
from maturity.reviewfile import ReviewFile


def test_samples_are_reused_while_current_and_rebuilt_when_stale(tmp_path, monkeypatch):
    first = sampledata.sample_paths(tmp_path)
    assert [p.name for p in first] == ["anyshire-2025-first-review.sitreview",
                                       "anyshire-2026-re-review.sitreview"]
    assert sampledata.newest_sample(tmp_path) == first[-1]
    with ReviewFile.open(first[-1]) as rf:  # someone tries the app on the sample
        rf.execute(edits.set_details(rf.review, facilitator="Trying it out"))
    assert sampledata.sample_paths(tmp_path) == first
    with ReviewFile.open(first[-1]) as rf:
        assert rf.review.info.facilitator == "Trying it out"  # kept: still current
    monkeypatch.setattr(sampledata, "fingerprint", lambda: "a-newer-version")
    assert sampledata.sample_paths(tmp_path) == first
    with ReviewFile.open(first[-1]) as rf:
        assert rf.review.info.facilitator != "Trying it out"  # rebuilt from the new data
    assert (tmp_path / sampledata.MANIFEST).read_text().startswith("# a-newer-version\n")


def test_fingerprint_follows_the_sample_data(monkeypatch):
    before = sampledata.fingerprint()
    assert before == sampledata.fingerprint()
    monkeypatch.setattr("maturity.reviewfile.FORMAT_VERSION", 99)
    assert sampledata.fingerprint() != before
