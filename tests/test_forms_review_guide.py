"""Help → How a review is run: the facilitator's guide opens from the menu, readable and safe."""

from __future__ import annotations

from forms.dialogs.review_guide import ReviewGuideDialog, guide_html


def _help_action(window, text):
    return next(a for a in window.help_menu.actions() if a.text().replace("&", "") == text)


def test_help_menu_opens_the_guide_from_the_bundled_framework(qtbot, make_window):
    window = make_window()  # no review open: the bundled framework supplies the guide
    _help_action(window, "How a review is run").trigger()
    dialog = window.findChild(ReviewGuideDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for fact in ("two to three days", "not an assurance exercise", "Bromley",
                 "Key areas for improvement across the reviews", "youtube"):
        assert fact.lower() in text.lower(), fact
    # a second click brings the same window forward rather than stacking copies
    _help_action(window, "How a review is run").trigger()
    assert len(window.findChildren(ReviewGuideDialog)) == 1


def test_a_review_on_a_framework_without_a_guide_falls_back(qtbot, make_window, mini_rich_path,
                                                            answers):
    # review files made before the guide existed store a framework copy without one
    window = make_window(mini_rich_path)
    assert window.session.review.framework.review_guide is None
    _help_action(window, "How a review is run").trigger()
    dialog = window.findChild(ReviewGuideDialog)
    assert dialog is not None and "two to three days" in dialog.browser.toPlainText()
    assert not answers.errors


def test_guide_text_is_escaped(full_framework):
    # framework files are untrusted: markup in a guide point is shown, never interpreted
    guide = full_framework.review_guide
    section = guide.sections[0].model_copy(update={"points": ("<b>bold</b> & <a href=x>y</a>",)})
    hostile = full_framework.model_copy(update={"review_guide": guide.model_copy(
        update={"sections": (section,)})})
    html = guide_html(hostile)
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp;" in html

