import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from maturity.cli import new_review_info  # noqa: E402
from maturity.loader import load_framework  # noqa: E402
from maturity.reviewfile import ReviewFile  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "framework-mini"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def mini_framework():
    return load_framework(MINI)


@pytest.fixture
def review_path(tmp_path, mini_framework):
    path = tmp_path / "mini.sitreview"
    info = new_review_info("Testshire", dt.date(2026, 3, 1), "Fran Facilitator")
    ReviewFile.create(path, mini_framework, info).close()
    return path


@pytest.fixture
def rf(review_path):
    f = ReviewFile.open(review_path)
    yield f
    f.close()
