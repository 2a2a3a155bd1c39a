"""Workshop mode: the projector view a facilitator drives from the keyboard.

First the agenda (which domains this session covers, minutes for each), then one KLOE at a time
in large type with the scale, the agreed score, the stakeholder spread and the time left for the
current domain. Every action is a single key; nothing needs the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.pages.workshop_agenda import (
    AgendaPage,
    AgendaSlot,
    format_clock,
)
from forms.pages.workshop_scale import ScaleRow
from forms.panels.workshop_overlays import OverlayHost, WorkshopOverlay
from forms.session import ReviewSession
from forms.widgets import accessible, role_label
from maturity import edits
from maturity.commands import Command
from maturity.rereview import previous_score_text
from maturity.responses import partners_answered
from maturity.scoring import group_scores_in_order, spread

SCORE_KEYS = {Qt.Key.Key_0: 0, Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3,
              Qt.Key.Key_4: 4, Qt.Key.Key_5: 5, Qt.Key.Key_6: 6, Qt.Key.Key_7: 7,
              Qt.Key.Key_8: 8, Qt.Key.Key_9: 9}
NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_J,
             Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_K, Qt.Key.Key_Up}
OVERLAY_KEYS = {Qt.Key.Key_G: "groups", Qt.Key.Key_E: "evidence", Qt.Key.Key_C: "confidence",
                Qt.Key.Key_P: "park"}
AUTO_ADVANCE_SETTING = "workshop/auto_advance"
AUTO_ADVANCE_MS = 900  # long enough for the room to see the score land
KEY_STRIP = ("0–4 score · N n/a · Del clear · → / PgDn next · ← / PgUp back · D next domain · "
             "G groups' scores · E evidence · C confidence · P park · Ctrl+Z undo · "
             "T pause timer · A agenda · Shift+A auto-advance {auto} · Esc leave")


class WorkshopView(AgendaPage, ScaleRow, OverlayHost, QWidget):
    """Agenda page, then the running page; emits requests the window acts on."""

    leave_requested = Signal()
    park_requested = Signal()
    current_changed = Signal(str)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None, *,
                 zoom: float = 1.0, settings: QSettings | None = None):
        super().__init__(parent)
        self.setObjectName("workshop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(480, 360)  # it is full screen when used; never widen the window
        accessible(self, "Workshop mode",
                   "Projector view. 0 to 4 score, N not applicable, Delete clears, Right or "
                   "Page Down next KLOE, Left or Page Up previous, D next domain, G the "
                   "stakeholder groups' scores, E a line of evidence, C the confidence, P parks "
                   "an issue, Ctrl+Z undoes, T pauses the timer, A shows the agenda, Shift+A "
                   "turns auto-advance on or off, Escape leaves.")
        self.session = session
        self.zoom = 1.0  # the window's text zoom (Ctrl+= / Ctrl+-)
        self.fit = 1.0  # how the screen compares with the 1080p the type was chosen for
        self.slots: list[AgendaSlot] = []
        self.kloe_ids: list[str] = []
        self.position = 0
        self.elapsed: dict[str, int] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.paused = False
        self.settings = settings
        self.auto_advance = _setting_on(settings, AUTO_ADVANCE_SETTING)
        self._advance = QTimer(self)
        self._advance.setSingleShot(True)
        self._advance.setInterval(AUTO_ADVANCE_MS)
        self._advance.timeout.connect(self._on_advance)
        self._advance_from: str | None = None
        self.overlays: dict[str, WorkshopOverlay] = {}

        self._stack = QStackedLayout(self)
        self._build_agenda_page()
        self._build_run_page()
        self._stack.addWidget(self.agenda_page)
        self._stack.addWidget(self.run_page)
        self.apply_zoom(zoom)

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(self._on_file_changed)

    # Building ------------------------------------------------------------------------------
    def _build_run_page(self) -> None:
        page = QWidget()
        self.domain_label = role_label("", "ws-domain")
        self.domain_label.setAccessibleName("Domain")
        self.element_label = role_label("", "ws-crumb")
        self.element_label.setAccessibleName("Element")
        self.timer_label = role_label("", "ws-timer", wrap=False)
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.timer_label.setAccessibleName("Time left for this domain")
        self.timer_note = role_label("", "ws-muted", wrap=False)
        self.timer_note.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.progress_label = role_label("", "ws-muted", wrap=False)
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.statement = role_label("", "ws-statement")
        self.statement.setAccessibleName("KLOE statement")
        self.statement.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.prompts = role_label("", "ws-muted")
        self.scale_row = QHBoxLayout()
        self.scale_row.setSpacing(10)
        self.scale_labels: dict[object, QLabel] = {}
        self.agreed = role_label("", "ws-agreed")
        self.agreed.setAccessibleName("Agreed score")
        self.spread = role_label("", "ws-crumb")
        self.spread.setAccessibleName("Stakeholder spread")
        self.answered = role_label("", "ws-crumb")
        self.answered.setAccessibleName("Partners' answers")
        self.previous = role_label("", "ws-crumb")
        self.previous.setAccessibleName("Last review's score")
        self.undo_hint = role_label("", "ws-muted", wrap=False)
        self.undo_hint.setAccessibleName("What Ctrl+Z undoes")
        self.parking = role_label("", "ws-muted", wrap=False)
        self.parking.setAccessibleName("Parking lot")
        self.keys = role_label("", "ws-keys")
        self._show_keys()

        top = QGridLayout()
        top.addWidget(self.domain_label, 0, 0)
        top.addWidget(self.timer_label, 0, 1)
        top.addWidget(self.element_label, 1, 0)
        top.addWidget(self.timer_note, 1, 1)
        top.addWidget(self.progress_label, 2, 1)
        top.setColumnStretch(0, 1)
        layout = QVBoxLayout()
        layout.setContentsMargins(60, 36, 60, 24)
        layout.setSpacing(12)
        self.side = QVBoxLayout()  # a column beside the KLOE for live voting
        outer = QHBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout, 1)
        outer.addLayout(self.side)
        layout.addLayout(top)
        layout.addSpacing(28)
        layout.addWidget(self.statement)
        layout.addSpacing(10)
        layout.addWidget(self.prompts)
        layout.addStretch(1)
        layout.addLayout(self.scale_row)
        layout.addWidget(self.agreed)
        layout.addWidget(self.previous)
        layout.addWidget(self.spread)
        layout.addWidget(self.answered)
        bottom = QHBoxLayout()
        bottom.addWidget(self.parking)
        bottom.addStretch(1)
        bottom.addWidget(self.undo_hint)
        layout.addLayout(bottom)
        layout.addWidget(self.keys)
        self.run_page = page

    def apply_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._apply_type()

    def _apply_type(self) -> None:
        self.setStyleSheet(style.workshop_stylesheet(self.zoom * self.fit))
        if self.scale_labels:
            self._fill_scale_texts()

    def resizeEvent(self, event) -> None:
        """Projectors range from 1024×768 to 4K: the type follows the screen, so a statement
        is never cut off on a small one nor lost in the middle of a large one."""
        super().resizeEvent(event)
        size = event.size()
        side = self.side.sizeHint().width()  # the live-voting column takes its share
        fit = min((size.width() - side) / style.WORKSHOP_DESIGN_SIZE[0],
                  size.height() / style.WORKSHOP_DESIGN_SIZE[1])
        fit = round(min(max(fit, 0.5), 2.0) * 20) / 20  # steps of 5%: no restyle per pixel
        if fit != self.fit:
            self.fit = fit
            self._apply_type()

    # Agenda --------------------------------------------------------------------------------
    def start(self, slots: list[AgendaSlot] | None = None, kloe_id: str | None = None) -> bool:
        """Run the agenda (from the page unless given), at ``kloe_id`` if it is on it."""
        review = self.session.review
        if review is None:
            return False
        if slots is None:
            slots = self.agenda_from_page() if self._stack.currentWidget() is self.agenda_page \
                else self.slots
        if not slots:
            self.agenda_total.setText("Tick at least one domain with Space, then press Enter")
            return False
        fw = review.framework
        if [s.domain_id for s in slots] != [s.domain_id for s in self.slots]:
            self.position = 0
        self.slots = list(slots)
        self.kloe_ids = [k.id for s in self.slots for e in fw.domain(s.domain_id).elements
                         for k in e.kloes]
        current = kloe_id or (self.kloe_ids[self.position]
                              if self.position < len(self.kloe_ids) else None)
        if current in self.kloe_ids:
            self.position = self.kloe_ids.index(current)
        else:
            self.position = next((i for i, k in enumerate(self.kloe_ids)
                                  if review.kloe(k).rating is None), 0)
        if not self.scale_labels:
            self._build_scale()
        self._stack.setCurrentWidget(self.run_page)
        self.paused = False
        self.timer.start()
        self.refresh()
        self.setFocus()
        self.current_changed.emit(self.current_kloe())
        return True

    def stop(self) -> None:
        self.timer.stop()

    def is_running(self) -> bool:
        return self._stack.currentWidget() is self.run_page

    def current_kloe(self) -> str | None:
        if not self.kloe_ids:
            return None
        return self.kloe_ids[self.position]

    def current_domain(self) -> str | None:
        kloe_id = self.current_kloe()
        if kloe_id is None or self.session.review is None:
            return None
        return self.session.review.framework.parents(kloe_id)[0].id

    def step(self, delta: int) -> bool:
        if not self.kloe_ids:
            return False
        new = max(0, min(len(self.kloe_ids) - 1, self.position + delta))
        if new == self.position:
            return False
        self.position = new
        self.refresh()
        self.current_changed.emit(self.current_kloe())
        return True

    def jump_domain(self, delta: int) -> bool:
        """The first KLOE of the next (or previous) domain on the agenda."""
        domains = [s.domain_id for s in self.slots]
        current = self.current_domain()
        if current not in domains:
            return False
        target = domains.index(current) + delta
        if not 0 <= target < len(domains):
            return False
        fw = self.session.review.framework
        first = fw.domain(domains[target]).elements[0].kloes[0].id
        self.position = self.kloe_ids.index(first)
        self.refresh()
        self.current_changed.emit(self.current_kloe())
        return True

    def score(self, value: object) -> bool:
        kloe_id = self.current_kloe()
        if kloe_id is None:
            return False
        if self.session.readonly:
            self.session.report_error("This review is read-only",
                                      f"Scores cannot be changed: {self.session.readonly_reason}.")
            return False
        if self.session.review.kloe(kloe_id).rating == value:
            done = True
        else:
            done = bool(self.session.edit(edits.score_kloe, kloe_id, value))
        if done and value is not None and self.auto_advance \
                and self.position < len(self.kloe_ids) - 1:
            self._advance_from = kloe_id
            self._advance.start()
            self.refresh()
        return done

    def _on_advance(self) -> None:
        if self.is_running() and self.current_kloe() == self._advance_from \
                and not self.overlay_open():
            self.step(+1)
        self._advance_from = None

    def toggle_auto_advance(self) -> None:
        """After a score, move on to the next KLOE by itself (remembered between sessions)."""
        self.auto_advance = not self.auto_advance
        self._advance.stop()
        if self.settings is not None:
            self.settings.setValue(AUTO_ADVANCE_SETTING, self.auto_advance)
        self._show_keys()
        self.refresh()

    def _show_keys(self) -> None:
        old = getattr(self, "_keys_base", "")
        base = KEY_STRIP.format(auto="on" if self.auto_advance else "off")
        current = self.keys.text()
        extra = current[len(old):] if old and current.startswith(old) else ""
        self._keys_base = base
        self.keys.setText(base + extra)

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._update_timer()

    def remaining_seconds(self) -> int | None:
        domain = self.current_domain()
        slot = next((s for s in self.slots if s.domain_id == domain), None)
        if slot is None:
            return None
        return slot.minutes * 60 - self.elapsed.get(domain, 0)

    def _tick(self) -> None:
        if self.paused or not self.is_running():
            return
        domain = self.current_domain()
        if domain is not None:
            self.elapsed[domain] = self.elapsed.get(domain, 0) + 1
        self._update_timer()

    def _update_timer(self) -> None:
        left = self.remaining_seconds()
        review = self.session.review
        if left is None or review is None:
            self.timer_label.setText("")
            self.timer_note.setText("")
            return
        title = review.framework.domain(self.current_domain()).label
        if left >= 0:
            self.timer_label.setText(format_clock(left))
            self.timer_label.setProperty("role", "ws-timer")
            note = f"left for {title}"
        else:
            self.timer_label.setText(f"+{format_clock(-left)}")
            self.timer_label.setProperty("role", "ws-timer-over")
            note = f"over time for {title}"
        if self.paused:
            note += " · PAUSED (T resumes)"
        self.timer_note.setText(note)
        self.timer_label.setAccessibleDescription(f"{self.timer_label.text()} {note}")
        self.timer_label.style().unpolish(self.timer_label)
        self.timer_label.style().polish(self.timer_label)

    def refresh(self) -> None:
        review = self.session.review
        kloe_id = self.current_kloe()
        if review is None or kloe_id is None:
            return
        fw = review.framework
        domain, element = fw.parents(kloe_id)
        kloe = fw.kloe(kloe_id)
        a = review.kloe(kloe_id)
        domain_ids = [s.domain_id for s in self.slots]
        self.domain_label.setText(f"Domain {domain.number} · {domain.title}   "
                                  f"({domain_ids.index(domain.id) + 1} of {len(domain_ids)} "
                                  f"today)")
        self.element_label.setText(f"{element.title}")
        in_domain = [k for k in self.kloe_ids if fw.parents(k)[0].id == domain.id]
        scored = sum(1 for k in in_domain if review.kloe(k).rating is not None)
        self.progress_label.setText(f"KLOE {in_domain.index(kloe_id) + 1} of {len(in_domain)} · "
                                    f"{scored} scored")
        self.statement.setText(kloe.statement)
        self.prompts.setText("Prompts: " + "   ·   ".join(kloe.prompts) if kloe.prompts else "")
        self.prompts.setVisible(bool(kloe.prompts))
        for value, label in self.scale_labels.items():
            chosen = a.rating == value
            label.setProperty("role", "ws-score-chosen" if chosen else "ws-score")
            label.setAccessibleDescription("agreed" if chosen else "")
            label.style().unpolish(label)
            label.style().polish(label)
        if a.rating is None:
            self.agreed.setText("Agreed score: not yet scored — press 0 to 4, or N")
        elif a.rating == "na":
            self.agreed.setText("Agreed: N/A — not applicable here")
        else:
            self.agreed.setText(f"Agreed: {a.rating} {fw.scale.label(a.rating)}")
        if self._advance.isActive() and self._advance_from == kloe_id:
            self.agreed.setText(self.agreed.text() + "   → moving on to the next KLOE")
        previous = previous_score_text(review, kloe_id)
        self.previous.setText(previous)
        self.previous.setVisible(bool(previous))
        answered = partners_answered(review, kloe_id)
        self.answered.setText(answered)
        self.answered.setVisible(bool(answered))
        undo = self.session.undo_label()
        self.undo_hint.setText(f"Ctrl+Z undoes: {undo}" if undo else "")
        if a.group_scores:
            groups = "  ·  ".join(f"{g} {v}" for g, v in group_scores_in_order(a.group_scores))
            s = spread(a.group_scores)
            tail = ""
            if s is not None:
                tail = f"   →   spread {s}" + ("  ≠ disagree" if s >= 2 else "")
            self.spread.setText(f"Groups:  {groups}{tail}")
            self.spread.setProperty("role", "ws-warn" if s is not None and s >= 2
                                    else "ws-crumb")
        else:
            self.spread.setText("Stakeholder groups: no separate scores recorded")
            self.spread.setProperty("role", "ws-crumb")
        self.spread.style().unpolish(self.spread)
        self.spread.style().polish(self.spread)
        n_open = sum(1 for p in review.parking if p.status == "open")
        self.parking.setText(f"Parking lot: {n_open} open item{'s' if n_open != 1 else ''}")
        self.setAccessibleDescription(f"{domain.title}, {element.title}. {kloe.statement}. "
                                      f"{self.agreed.text()}")
        self._update_timer()

    # Session reactions ---------------------------------------------------------------------
    def _on_review_changed(self, command: Command) -> None:
        if self.is_running() and self.isVisible():
            self.refresh()

    def _on_file_changed(self) -> None:
        self.stop()
        self.close_overlays()
        self.slots, self.kloe_ids, self.position, self.elapsed = [], [], 0, {}
        self._build_scale()
        self._stack.setCurrentWidget(self.agenda_page)

    def hideEvent(self, event) -> None:
        self.timer.stop()
        self._advance.stop()
        super().hideEvent(event)

    # Keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        self._advance.stop()  # any key takes over from a pending auto-advance
        if key == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        if not self.is_running():
            super().keyPressEvent(event)
            return
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.AltModifier)
        review = self.session.review
        if plain and key in SCORE_KEYS and review is not None \
                and SCORE_KEYS[key] in review.framework.scale.values \
                and mods == Qt.KeyboardModifier.NoModifier:
            self.score(SCORE_KEYS[key])
        elif key == Qt.Key.Key_N and mods == Qt.KeyboardModifier.NoModifier:
            self.score("na")
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.score(None)
        elif key in NEXT_KEYS and plain:
            self.step(+1)
        elif key in PREVIOUS_KEYS and plain:
            self.step(-1)
        elif key == Qt.Key.Key_D and mods == Qt.KeyboardModifier.NoModifier:
            self.jump_domain(+1)
        elif key == Qt.Key.Key_D and mods == Qt.KeyboardModifier.ShiftModifier:
            self.jump_domain(-1)
        elif key in OVERLAY_KEYS and mods == Qt.KeyboardModifier.NoModifier:
            self.open_overlay(OVERLAY_KEYS[key])
        elif key == Qt.Key.Key_A and mods == Qt.KeyboardModifier.ShiftModifier:
            self.toggle_auto_advance()
        elif key == Qt.Key.Key_T and mods == Qt.KeyboardModifier.NoModifier:
            self.toggle_pause()
        elif key == Qt.Key.Key_A and mods == Qt.KeyboardModifier.NoModifier:
            self.show_agenda()
        else:
            super().keyPressEvent(event)


def _setting_on(settings: QSettings | None, key: str) -> bool:
    """A yes/no setting, off unless it was clearly turned on (settings files are edited)."""
    if settings is None:
        return False
    value = settings.value(key, False)
    return value is True or str(value).strip().lower() in ("true", "1", "yes")
