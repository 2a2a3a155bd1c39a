"""Plain words and help for families, edited in the app."""

from __future__ import annotations

from forms.dialogs.family_help import FamilyHelpDialog, edit_family_help
from forms.pages.plan import ActionDialog
from forms.pages.recommendations import RecommendationsPage
from forms.panels.plain_words import PlainWordsDialog, grade_words
from maturity import edits, plan
from maturity.family import DEFAULT_HELP
from maturity.recommend import item_id, reevaluate


def test_action_dialog_round_trips_plain_words(qtbot, session):
    assert session.edit(plan.add_action, "Hold weekly PTL meetings",
                        plain="Check the waiting list every week.")
    action = session.review.actions[0]
    dialog = ActionDialog(session.review, action)
    qtbot.addWidget(dialog)
    assert dialog.value()["plain"] == "Check the waiting list every week."
    dialog.plain.setText("  Check   the list  weekly. ")
    assert session.edit(plan.update_action, action.id, **dialog.value())
    assert session.review.actions[0].plain == "Check the list weekly."
    dialog.plain.setText("")
    assert session.edit(plan.update_action, action.id, **dialog.value())
    assert session.review.actions[0].plain == ""


def test_recommendation_plain_words_through_the_page(qtbot, session):
    for kloe, value in (("alpha.e1.k1", 1), ("alpha.e1.k2", 1)):
        session.edit(edits.score_kloe, kloe, value)
    session.edit(reevaluate)
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    asked = []
    page.plain_button.clicked.disconnect()
    from forms.panels.plain_words import plain_words_button
    button = plain_words_button(page, ask=lambda *a: asked.append(a) or "Keep one list.")
    assert page.select(item_id("alpha.r1"))
    button.click()
    wording, plain, framework_plain = asked[0]
    assert wording == "Put a single tracking list in place."
    assert plain == "" and framework_plain == "Keep one list of everyone who is waiting."
    assert session.review.get("recommendation", item_id("alpha.r1")).plain == "Keep one list."


def test_plain_words_dialog_says_the_reading_age(qtbot):
    dialog = PlainWordsDialog("Institute multidisciplinary governance.", "", "Work together.")
    qtbot.addWidget(dialog)
    assert "use the framework's plain words" in dialog.grade.text()
    assert "counts this item" in grade_words("")
    dialog.field.setText("We will help you.")
    assert "good for ages 9 to 11" in dialog.grade.text()
    assert "shorter words" in grade_words("Institutionalise interdisciplinary multi-agency "
                                          "commissioning accountability frameworks.")


def test_family_help_dialog_keeps_the_national_default_and_saves_a_local_one(qtbot, session):
    dialog = FamilyHelpDialog("", "")
    qtbot.addWidget(dialog)
    assert dialog.help.toPlainText() == DEFAULT_HELP
    assert dialog.value() == ("", "")               # the national text is stored as the default
    assert edit_family_help(session, ask=lambda h, c: ("Call 0800 000 0000.", "hi@x.example"))
    info = session.review.info
    assert (info.help_text, info.contact) == ("Call 0800 000 0000.", "hi@x.example")
    assert not edit_family_help(session, ask=lambda h, c: None)     # cancelled: unchanged
    assert session.review.info.help_text == "Call 0800 000 0000."
    assert not edit_family_help(session, ask=lambda h, c: ("x" * 5000, ""))
    assert session.errors and "too long" in session.errors[-1][1]
    assert session.review.info.help_text == "Call 0800 000 0000."
