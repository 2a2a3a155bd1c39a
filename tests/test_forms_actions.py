"""The window's commands are declared once (forms/actions.py): menus, shortcuts and the F1
list all come from that table."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from forms.actions import COMMANDS, MENUS


def test_every_declared_command_is_in_exactly_one_menu_and_nothing_else_is():
    placed = [item for _attr, _title, items in MENUS for item in items
              if item not in (None, "recent", "pages")]
    assert sorted(placed) == sorted(c.id for c in COMMANDS)


def test_menus_hold_the_declared_actions_in_order(make_window):
    window = make_window()
    for attribute, _title, items in MENUS:
        menu = getattr(window, attribute)
        shown = [a for a in menu.actions() if not a.isSeparator() and a.menu() is None
                 and a not in window._page_actions]
        assert shown == [window.action(i) for i in items if i not in (None, "recent", "pages")]


def test_no_two_commands_or_pages_share_a_key(make_window):
    window = make_window()
    keys = [k.toString() for a in [*window._actions.values(), *window._page_actions]
            for k in a.shortcuts()]
    assert keys and len(keys) == len(set(keys)), sorted(keys)


def test_the_f1_list_names_every_command_and_page_that_has_a_key(make_window):
    window = make_window()
    text = window.shortcuts_text()
    for action in [*window._actions.values(), *window._page_actions]:
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in text, action.text()
    assert "Comparison" in text and "Ctrl+7" in text


def test_commands_follow_the_review_being_open_and_writable(make_window, review_path):
    window = make_window()
    assert not window.action("export").isEnabled() and not window.action("merge").isEnabled()
    window.open_path(review_path)
    assert window.action("export").isEnabled() and window.action("merge").isEnabled()
    assert window.action("park").isEnabled()
    window.close_review()
    assert not window.action("park").isEnabled()


def test_no_module_patches_the_window():
    import inspect

    import forms.dialogs.merge
    import forms.livevoting
    import forms.rereview

    for module in (forms.rereview, forms.dialogs.merge, forms.livevoting):
        assert "window.act_" not in inspect.getsource(module)
        assert not any(name.startswith("install_") for name in dir(module))
