"""Projector-sized prompts over workshop mode: the stakeholder groups' scores (G), a line of
evidence (E), the confidence (C) and a parked issue (P).

Each one covers the workshop view in the same large type, so the room sees what is being
recorded and the facilitator never leaves workshop mode. Keyboard first: Esc closes without
saving, Enter saves (Ctrl+Enter in the multi-line evidence box, where Enter starts a new line),
and the focus goes back to the workshop view. Every save is one undoable edit of the session.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.widgets import accessible, role_label
from maturity import edits
from maturity.review import CONFIDENCES, SECTORS
from maturity.wording import shorten

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
CONFIDENCE_KEYS = {Qt.Key.Key_L: "low", Qt.Key.Key_M: "medium", Qt.Key.Key_H: "high"}
VALUE_ROLE = Qt.ItemDataRole.UserRole


class WorkshopOverlay(QFrame):
    """A card over the whole workshop view; subclasses give the body and ``save``."""

    title = ""
    keys = ""

    def __init__(self, view: QWidget):
        super().__init__(view)
        self.view = view
        self.session = view.session
        self.kloe_id: str | None = None
        self.setObjectName("wsOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card = QFrame()
        self.card.setObjectName("wsCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.heading = role_label(self.title, "ws-domain")
        self.about = role_label("", "ws-crumb")
        self.about.setAccessibleName("KLOE")
        self.message = role_label("", "ws-warn")
        self.message.setAccessibleName("Problem")
        self.message.hide()
        self.key_strip = role_label(self.keys, "ws-keys")
        self.body = QVBoxLayout()
        card = QVBoxLayout(self.card)
        card.setContentsMargins(36, 28, 36, 24)
        card.setSpacing(14)
        card.addWidget(self.heading)
        card.addWidget(self.about)
        card.addLayout(self.body, 1)
        card.addWidget(self.message)
        card.addWidget(self.key_strip)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        outer.addWidget(self.card, 10)
        outer.addStretch(1)
        self.hide()
        view.installEventFilter(self)

    # Opening and closing -------------------------------------------------------------------
    def open_for(self, kloe_id: str) -> bool:
        review = self.session.review
        if review is None:
            return False
        self.kloe_id = kloe_id
        self.about.setText(review.framework.name_of(kloe_id, 90))
        self.message.hide()
        self.fill()
        self.setGeometry(self.view.rect())
        margin = max(24, self.view.height() // 12)
        self.layout().setContentsMargins(0, margin, 0, margin)
        self.show()
        self.raise_()
        self.focus_target().setFocus()
        accessible(self, self.title, f"{self.about.text()}. {self.keys}")
        return True

    def close_overlay(self) -> None:
        self.hide()
        self.view.setFocus()

    def fill(self) -> None:
        """Show the current values of the KLOE in the body."""

    def focus_target(self) -> QWidget:
        return self

    def save(self) -> bool:
        raise NotImplementedError

    def _save_and_close(self) -> None:
        if self.save():
            self.close_overlay()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # Keys ----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.view.rect())
        return False

    def keyPressEvent(self, event) -> None:
        """Every key stops here: nothing typed in a prompt may score the KLOE behind it."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_overlay()
        elif event.key() in ENTER_KEYS:
            self._save_and_close()
        event.accept()


class _Choices(QListWidget):
    """The list of a choosing overlay: the overlay sees each key before the list does."""

    def __init__(self, overlay: WorkshopOverlay, name: str):
        super().__init__()
        self.overlay = overlay
        self.setObjectName("wsChoices")
        self.setAccessibleName(name)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def keyPressEvent(self, event) -> None:
        if not self.overlay.choice_key(event):
            super().keyPressEvent(event)


class GroupScoresOverlay(WorkshopOverlay):
    """Each stakeholder group's own score for the KLOE, all saved as one edit."""

    title = "Stakeholder groups' scores"
    keys = ("↑ ↓ choose group  ·  0–4 its score  ·  Del clear  ·  Enter save all  ·  "
            "Esc cancel")

    def __init__(self, view: QWidget):
        super().__init__(view)
        self.choices = _Choices(self, "Stakeholder groups")
        self.body.addWidget(self.choices, 1)
        self.pending: dict[str, int | None] = {}

    def focus_target(self) -> QWidget:
        return self.choices

    def fill(self) -> None:
        review = self.session.review
        scores = review.kloe(self.kloe_id).group_scores
        groups = list(SECTORS) + sorted((g for g in scores if g not in SECTORS), key=str.casefold)
        self.pending = {g: scores.get(g) for g in groups}
        self.choices.clear()
        for group in groups:
            item = QListWidgetItem()
            item.setData(VALUE_ROLE, group)
            self.choices.addItem(item)
        self._show()
        self.choices.setCurrentRow(0)

    def _show(self) -> None:
        scale = self.session.review.framework.scale
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            value = self.pending[item.data(VALUE_ROLE)]
            shown = "—" if value is None else f"{value}  {scale.label(value)}"
            item.setText(f"{item.data(VALUE_ROLE)}:   {shown}")

    def choice_key(self, event) -> bool:
        item = self.choices.currentItem()
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if item is None or mods not in (Qt.KeyboardModifier.NoModifier,):
            return False
        values = self.session.review.framework.scale.values
        if key in DIGITS:
            if DIGITS[key] not in values:
                self._say(f"{DIGITS[key]} is not on the scale "
                          f"({values[0]}–{values[-1]})")
            else:
                self.pending[item.data(VALUE_ROLE)] = DIGITS[key]
                self.message.hide()
                self._show()
                self.choices.setCurrentRow(min(self.choices.currentRow() + 1,
                                               self.choices.count() - 1))
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.pending[item.data(VALUE_ROLE)] = None
            self._show()
            return True
        return False

    def save(self) -> bool:
        review = self.session.review
        before = review.kloe(self.kloe_id).group_scores
        changed = {g: v for g, v in self.pending.items() if before.get(g) != v}
        if not changed:
            return True
        return bool(self.session.edit(edits.set_group_scores, self.kloe_id, changed))


class ConfidenceOverlay(WorkshopOverlay):
    """How sure the group is of the agreed score."""

    title = "Confidence in the score"
    keys = "↑ ↓ or L M H choose  ·  Del not set  ·  Enter save  ·  Esc cancel"

    def __init__(self, view: QWidget):
        super().__init__(view)
        self.choices = _Choices(self, "Confidence")
        for value in (*CONFIDENCES, None):
            item = QListWidgetItem("Not set" if value is None else value.capitalize())
            item.setData(VALUE_ROLE, value)
            self.choices.addItem(item)
        self.body.addWidget(self.choices, 1)

    def focus_target(self) -> QWidget:
        return self.choices

    def fill(self) -> None:
        current = self.session.review.kloe(self.kloe_id).confidence
        for row in range(self.choices.count()):
            if self.choices.item(row).data(VALUE_ROLE) == current:
                self.choices.setCurrentRow(row)

    def choice_key(self, event) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        wanted = CONFIDENCE_KEYS.get(event.key(), ...)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            wanted = None
        if wanted is ...:
            return False
        for row in range(self.choices.count()):
            if self.choices.item(row).data(VALUE_ROLE) == wanted:
                self.choices.setCurrentRow(row)
        return True

    def save(self) -> bool:
        item = self.choices.currentItem()
        value = item.data(VALUE_ROLE) if item is not None else None
        if self.session.review.kloe(self.kloe_id).confidence == value:
            return True
        return bool(self.session.edit(edits.set_confidence, self.kloe_id, value))


class _TextBox(QPlainTextEdit):
    """Multi-line text where Enter starts a new line and Ctrl+Enter saves."""

    def __init__(self, overlay: WorkshopOverlay, name: str):
        super().__init__()
        self.overlay = overlay
        self.setObjectName("wsText")
        self.setTabChangesFocus(True)
        accessible(self, name, "Enter starts a new line, Ctrl+Enter saves, Esc cancels")

    def keyPressEvent(self, event) -> None:
        if event.key() in ENTER_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.overlay._save_and_close()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.overlay.close_overlay()
            return
        super().keyPressEvent(event)


class EvidenceOverlay(WorkshopOverlay):
    """A line (or a few) of evidence, added to the end of the KLOE's evidence narrative."""

    title = "Add a line of evidence"
    keys = "Type the evidence  ·  Enter new line  ·  Ctrl+Enter save  ·  Esc cancel"

    def __init__(self, view: QWidget):
        super().__init__(view)
        self.recorded = role_label("", "ws-muted")
        self.recorded.setAccessibleName("Evidence already recorded")
        self.text = _TextBox(self, "Line of evidence")
        self.body.addWidget(self.recorded)
        self.body.addWidget(self.text, 1)

    def focus_target(self) -> QWidget:
        return self.text

    def fill(self) -> None:
        narrative = self.session.review.kloe(self.kloe_id).narrative.strip()
        lines = [ln for ln in narrative.splitlines() if ln.strip()]
        if lines:
            shown = "  ·  ".join(shorten(ln, 80) for ln in lines[-3:])
            more = f"{len(lines) - 3} earlier line(s) and: " if len(lines) > 3 else ""
            self.recorded.setText(f"Already recorded: {more}{shown}")
        else:
            self.recorded.setText("No evidence recorded yet for this KLOE.")
        self.text.clear()

    def save(self) -> bool:
        text = self.text.toPlainText()
        if not text.strip():
            self._say("Type the evidence first, or press Esc to cancel.")
            return False
        return bool(self.session.edit(edits.add_evidence_line, self.kloe_id, text))


class _LineBox(QLineEdit):
    def __init__(self, overlay: WorkshopOverlay, name: str):
        super().__init__()
        self.overlay = overlay
        self.setObjectName("wsText")
        accessible(self, name, "Enter saves, Esc cancels")

    def keyPressEvent(self, event) -> None:
        if event.key() in ENTER_KEYS:
            self.overlay._save_and_close()
        elif event.key() == Qt.Key.Key_Escape:
            self.overlay.close_overlay()
        else:
            super().keyPressEvent(event)


class ParkOverlay(WorkshopOverlay):
    """An issue to come back to, linked to the KLOE on screen."""

    title = "Park an issue"
    keys = "Type the issue  ·  Enter park it  ·  Esc cancel"

    def __init__(self, view: QWidget):
        super().__init__(view)
        self.text = _LineBox(self, "Issue to come back to")
        self.text.setPlaceholderText("Issue to come back to")
        self.body.addWidget(self.text)
        self.body.addStretch(1)

    def focus_target(self) -> QWidget:
        return self.text

    def fill(self) -> None:
        self.about.setText("Raised at " + self.about.text())
        self.text.clear()

    def save(self) -> bool:
        text = self.text.text()
        if not text.strip():
            self._say("Type the issue first, or press Esc to cancel.")
            return False
        return bool(self.session.edit(edits.add_parking, text, self.kloe_id))


class OverlayHost:
    """The prompts of ``WorkshopView`` (a mixin: it uses the view's session and position)."""

    def open_overlay(self, name: str) -> bool:
        """Groups' scores, evidence, confidence or a parked issue for the KLOE on screen."""
        kloe_id = self.current_kloe()
        if kloe_id is None or not self.is_running():
            return False
        if self.session.readonly:
            self.session.report_error("This review is read-only",
                                      f"Nothing can be recorded: {self.session.readonly_reason}.")
            return False
        self._advance.stop()
        if name not in self.overlays:
            self.overlays[name] = OVERLAYS[name](self)
        return self.overlays[name].open_for(kloe_id)

    def overlay_open(self) -> WorkshopOverlay | None:
        return next((o for o in self.overlays.values() if o.isVisible()), None)

    def close_overlays(self) -> None:
        for overlay in self.overlays.values():
            if overlay.isVisible():
                overlay.close_overlay()


OVERLAYS = {"groups": GroupScoresOverlay, "evidence": EvidenceOverlay,
            "confidence": ConfidenceOverlay, "park": ParkOverlay}
