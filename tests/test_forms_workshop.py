"""Workshop mode, driven by the keyboard alone as a facilitator would at the front of a room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms import style
from forms.pages.workshop_agenda import AgendaSlot, format_clock
from maturity import edits

NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot, key, modifier=NONE):
    """Send a key to whatever has the focus, as a keyboard would."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def test_keyboard_only_workshop_scores_a_domain_parks_an_issue_and_leaves(
        qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    window.review_page.navigator.view.setFocus()
    review = window.session.review
    alpha = [k.id for e in review.framework.domain("alpha").elements for k in e.kloes]

    # F11: full screen, menus hidden, the agenda first.
    press(qtbot, Qt.Key.Key_F11)
    assert window.in_workshop()
    assert window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    workshop = window.workshop
    assert QApplication.focusWidget() is workshop.agenda_list
    assert [s.domain_id for s in workshop.agenda_from_page()] == ["alpha", "beta"]

    # Today: alpha only, 45 minutes.
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Right)
    assert workshop.agenda_from_page() == [AgendaSlot("alpha", 45)]
    assert "1 domain · 45 min in all" == workshop.agenda_total.text()
    press(qtbot, Qt.Key.Key_Return)
    assert workshop.is_running()
    assert QApplication.focusWidget() is workshop
    assert workshop.current_kloe() == "alpha.e1.k1"
    assert workshop.timer.isActive()
    assert workshop.timer_label.text() == "45:00"
    assert workshop.statement.text() == "Alpha one first statement holds."
    assert "Domain 1 · Alpha Domain" in workshop.domain_label.text()

    # Score the whole domain: 3, next, 2, next, N/A, next, 4, next, 1.
    for key in (Qt.Key.Key_3, Qt.Key.Key_Right, Qt.Key.Key_2, Qt.Key.Key_PageDown,
                Qt.Key.Key_N, Qt.Key.Key_Space, Qt.Key.Key_4, Qt.Key.Key_Right, Qt.Key.Key_1):
        press(qtbot, key)
    ratings = [review.kloe(k).rating for k in alpha]
    assert ratings == [3, 2, "na", 4, 1]
    assert workshop.current_kloe() == "alpha.e2.k3"
    assert workshop.scale_labels[1].property("role") == "ws-score-chosen"
    assert workshop.agreed.text() == "Agreed: 1 Emerging"
    assert workshop.progress_label.text() == "KLOE 5 of 5 · 5 scored"
    # The end of the agenda stays put.
    press(qtbot, Qt.Key.Key_Right)
    assert workshop.current_kloe() == "alpha.e2.k3"
    # Back one and correct it; Delete clears.
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_Delete)
    assert review.kloe("alpha.e2.k2").rating is None
    press(qtbot, Qt.Key.Key_2)
    assert review.kloe("alpha.e2.k2").rating == 2

    # Park an issue (P); it is linked to the KLOE on screen.
    press(qtbot, Qt.Key.Key_P)
    qtbot.keyClicks(QApplication.focusWidget(), "Check DNA figures with the trust")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is workshop
    [parked] = review.parking
    assert (parked.text, parked.item_id) == ("Check DNA figures with the trust", "alpha.e2.k2")
    assert workshop.parking.text() == "Parking lot: 1 open item"

    # Undo works in workshop mode too (Ctrl+Z): the parked item goes, then the last score.
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.parking == []
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.kloe("alpha.e2.k2").rating is None
    assert workshop.agreed.text().startswith("Agreed score: not yet scored")

    # Esc leaves: window back as it was, the timer stopped, the navigator on the same KLOE.
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.in_workshop()
    assert not window.isFullScreen()
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    assert not workshop.timer.isActive()
    assert window.review_page.current_id() == "alpha.e2.k2"
    assert QApplication.focusWidget() is window.review_page.navigator.view


def test_timer_counts_down_per_domain_and_shows_overtime(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.enter_workshop([AgendaSlot("alpha", 1), AgendaSlot("beta", 2)], start=True)
    workshop = window.workshop
    assert workshop.timer_label.text() == "1:00"
    for _ in range(59):
        workshop._tick()
    assert workshop.timer_label.text() == "0:01"
    workshop._tick()
    workshop._tick()
    assert workshop.timer_label.text() == "+0:01"
    assert workshop.timer_label.property("role") == "ws-timer-over"
    assert "over time for Alpha" in workshop.timer_note.text()
    # T pauses: ticks do not count.
    workshop.setFocus()
    press(qtbot, Qt.Key.Key_T)
    workshop._tick()
    assert workshop.timer_label.text() == "+0:01"
    assert "PAUSED" in workshop.timer_note.text()
    press(qtbot, Qt.Key.Key_T)
    # D jumps to the next domain on the agenda, whose clock is its own.
    press(qtbot, Qt.Key.Key_D)
    assert workshop.current_domain() == "beta"
    assert workshop.timer_label.text() == "2:00"
    workshop._tick()
    assert workshop.timer_label.text() == "1:59"
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert workshop.current_domain() == "alpha"
    assert workshop.timer_label.text() == "+0:01"
    press(qtbot, Qt.Key.Key_Escape)
    assert not workshop.timer.isActive()


def test_agenda_key_returns_to_the_agenda_and_enter_resumes(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.enter_workshop([AgendaSlot("beta", 30)], start=True)
    workshop = window.workshop
    assert workshop.current_kloe() == "beta.e1.k1"
    press(qtbot, Qt.Key.Key_A)
    assert not workshop.is_running()
    assert not workshop.timer.isActive()
    assert workshop.agenda_from_page() == [AgendaSlot("beta", 30)]
    press(qtbot, Qt.Key.Key_Return)
    assert workshop.is_running() and workshop.current_kloe() == "beta.e1.k1"
    # Nothing ticked: Enter explains instead of starting.
    press(qtbot, Qt.Key.Key_A)
    row = next(r for r in range(workshop.agenda_list.count())
               if workshop.agenda_list.item(r).data(Qt.ItemDataRole.UserRole) == "beta")
    workshop.agenda_list.setCurrentRow(row)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    assert not workshop.is_running()
    assert "Tick at least one domain" in workshop.agenda_total.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.in_workshop()


def test_workshop_starts_at_the_navigator_kloe_and_follows_core_changes(qtbot, make_window,
                                                                        review_path):
    window = make_window(review_path)
    window.go_to_item("alpha.e2.k2")
    window.enter_workshop([AgendaSlot("alpha", 30)], start=True)
    workshop = window.workshop
    assert workshop.current_kloe() == "alpha.e2.k2"
    window.session.edit(edits.set_group_score, "alpha.e2.k2", "Commissioner", 4)
    window.session.edit(edits.set_group_score, "alpha.e2.k2", "VCSE", 1)
    assert "Commissioner 4" in workshop.spread.text() and "VCSE 1" in workshop.spread.text()
    assert "spread 3  ≠ disagree" in workshop.spread.text()
    assert workshop.spread.property("role") == "ws-warn"
    window.session.edit(edits.score_kloe, "alpha.e2.k2", 2)
    assert workshop.scale_labels[2].property("role") == "ws-score-chosen"
    # Alt+Down (the window's next-KLOE shortcut) moves the workshop, not the hidden tree.
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert workshop.current_kloe() == "alpha.e2.k3"
    window.leave_workshop()
    assert window.review_page.current_id() == "alpha.e2.k3"


def test_read_only_review_in_workshop_mode_explains_instead_of_scoring(qtbot, make_window,
                                                                       review_path, answers):
    from maturity.reviewfile import ReviewFile

    window = make_window()
    window.session.set_file(ReviewFile.open(review_path, readonly=True))
    window.enter_workshop([AgendaSlot("alpha", 30)], start=True)
    press(qtbot, Qt.Key.Key_3)
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    assert answers.errors[-1][0] == "This review is read-only"
    press(qtbot, Qt.Key.Key_Escape)


def test_default_agenda_picks_unfinished_domains(make_window, rich_path):
    window = make_window(rich_path)
    slots = window.workshop.default_agenda()
    assert 1 <= len(slots) <= 3
    roll_ids = [d.id for d in window.session.review.framework.domains]
    assert [s.domain_id for s in slots] == sorted((s.domain_id for s in slots),
                                                  key=roll_ids.index)


def test_zoom_enlarges_projector_type(make_window, review_path):
    window = make_window(review_path)
    window.apply_zoom(1.4)
    assert f"{style.WORKSHOP_STATEMENT_PT * 1.4:.1f}pt" in window.workshop.styleSheet()


def test_format_clock():
    assert format_clock(0) == "0:00"
    assert format_clock(61) == "1:01"
    assert format_clock(3725) == "1:02:05"


def test_projector_type_follows_the_screen_and_the_statement_is_never_cut(qtbot, make_window,
                                                                          review_path):
    window = make_window(review_path)
    window.session.edit(edits.add_organisation, "Anyshire and Northvale NHS Foundation Trust "
                        "(Child and Adolescent Mental Health Services)", "NHS provider")
    view = window.workshop
    window.show()
    window.enter_workshop(start=True)
    window.showNormal()  # a fixed size rather than whatever the test screen is
    sizes = {}
    for width, height in ((1024, 768), (1280, 720), (1920, 1080), (3840, 2160)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: view.width() == w)
        QApplication.processEvents()
        sizes[width] = view.fit
        if width == 1024:
            assert view.fit == 0.55  # 1024/1920, to the nearest 5 %
            assert f"{style.WORKSHOP_STATEMENT_PT * view.fit:.1f}pt" in view.styleSheet()
        label = view.statement
        assert label.height() >= label.heightForWidth(label.width()), (width, view.fit)
    assert sizes[1920] == 1.0
    assert sizes[1024] < sizes[1280] < 1.0 < sizes[3840]


def test_window_fits_a_1024_pixel_screen_with_long_names(qtbot, make_window, tmp_path):
    from maturity.samples import build_samples

    window = make_window(build_samples(tmp_path)[-1])  # long names, a full action plan
    for page in (window.recommendations, window.action_plan, window._dashboard_page,
                 window._details_page, window._parking_page, window.review_page):
        window.show_page(page)
        QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1024
    # long organisation names show in the drop-down, not by widening the filter row
    assert window.action_plan.owner_box.sizeHint().width() <= 300
