"""The comparison page flags the overall change when the latest review scored too few KLOEs,
instead of showing it as a green rise."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from forms.models.deltas import UP
from maturity import edits
from maturity.compare import RELIABLE_COVERAGE

from .history import build_history

CLEARED = ["alpha.e2.k1", "alpha.e2.k2", "alpha.e2.k3", "beta.e1.k1", "beta.e1.k2",
           "beta.e2.k1", "beta.e2.k2"]


@pytest.fixture
def history(tmp_path, mini_framework):
    folder = tmp_path / "h"
    folder.mkdir()
    return build_history(folder, mini_framework, 2)


def overall_change(view, role=Qt.ItemDataRole.DisplayRole):
    model = view.model
    row = next(i for i, r in enumerate(model.rows) if r.level == "overall")
    return model.data(model.index(row, model.columnCount() - 1), role)


def test_low_coverage_shows_a_caveat_not_a_green_change(qtbot, make_window, history, tmp_path):
    window = make_window(history[1])
    for kloe in CLEARED:
        assert window.session.edit(edits.score_kloe, kloe, None)
    view = window.comparison_page.view()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page(window.comparison_page)
    c = view.comparison
    assert c.overall.coverage[-1] < RELIABLE_COVERAGE and c.change_caveat
    assert overall_change(view).endswith("(not reliable)")
    assert overall_change(view, Qt.ItemDataRole.ToolTipRole) == c.change_caveat
    assert overall_change(view, Qt.ItemDataRole.BackgroundRole).name() != QColor(UP[0]).name()
    assert c.change_caveat in view.message.text() and view.message.isVisible()
    assert c.change_caveat in view.findings.toPlainText()
    window.resize(1440, 900)
    window.show()
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "comparison-caveat.png"))
    # scoring again lifts the caveat
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        for kloe in CLEARED:
            window.session.edit(edits.score_kloe, kloe, 3)
    qtbot.waitUntil(lambda: view.comparison.change_caveat == "" and
                    not view.message.isVisible(), timeout=10_000)
    assert "not reliable" not in overall_change(view)
