"""Workshop mode's agenda: which domains this session covers and the minutes for each, set
from the keyboard before the first KLOE is shown."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.widgets import accessible, role_label
from maturity.scoring import rollup
from maturity.wording import fmt_coverage

DEFAULT_MINUTES = 40
MINUTE_STEP = 5
MAX_MINUTES = 240
DOMAIN_ROLE = Qt.ItemDataRole.UserRole
MINUTES_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class AgendaSlot:
    domain_id: str
    minutes: int


def format_clock(seconds: int) -> str:
    seconds = abs(int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{m} min"


class AgendaList(QListWidget):
    """Domains to tick for this session; Left/Right (or -/+) change the minutes."""

    start_requested = Signal()
    minutes_changed = Signal()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        item = self.currentItem()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.start_requested.emit()
            return
        if item is not None and key in (Qt.Key.Key_Right, Qt.Key.Key_Plus, Qt.Key.Key_Equal,
                                        Qt.Key.Key_Left, Qt.Key.Key_Minus):
            step = MINUTE_STEP if key in (Qt.Key.Key_Right, Qt.Key.Key_Plus,
                                          Qt.Key.Key_Equal) else -MINUTE_STEP
            minutes = int(item.data(MINUTES_ROLE)) + step
            item.setData(MINUTES_ROLE, max(MINUTE_STEP, min(MAX_MINUTES, minutes)))
            if item.checkState() != Qt.CheckState.Checked:
                item.setCheckState(Qt.CheckState.Checked)
            self.minutes_changed.emit()
            return
        super().keyPressEvent(event)


class AgendaPage:
    """The agenda page of ``WorkshopView`` (a mixin: it uses the view's session and widgets)."""

    def _build_agenda_page(self) -> None:
        page = QWidget()
        self.agenda_title = role_label("Workshop agenda", "ws-statement")
        self.agenda_sub = role_label("", "ws-crumb")
        self.agenda_list = AgendaList()
        self.agenda_list.setObjectName("agenda")
        accessible(self.agenda_list, "Agenda",
                   "Up and Down choose a domain, Space includes or skips it, Left and Right "
                   "change its minutes, Enter starts the workshop")
        self.agenda_list.itemChanged.connect(lambda _item: self._update_agenda_texts())
        self.agenda_list.minutes_changed.connect(self._update_agenda_texts)
        self.agenda_list.start_requested.connect(lambda: self.start())
        self.agenda_total = role_label("", "ws-agreed")
        keys = role_label("↑ ↓ choose domain   ·   Space include / skip   ·   ← → minutes   ·   "
                          "Enter start   ·   Esc leave workshop mode", "ws-keys")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(60, 40, 60, 30)
        layout.setSpacing(14)
        layout.addWidget(self.agenda_title)
        layout.addWidget(self.agenda_sub)
        layout.addWidget(self.agenda_list, 1)
        layout.addWidget(self.agenda_total)
        layout.addWidget(keys)
        self.agenda_page = page

    def default_agenda(self) -> list[AgendaSlot]:
        """Up to three domains that still have unscored KLOEs (a half-day's work)."""
        review = self.session.review
        if review is None:
            return []
        roll = rollup(review)
        todo = [d.id for d in roll.domains if d.scored < d.applicable]
        chosen = (todo or [d.id for d in roll.domains])[:3]
        return [AgendaSlot(d, DEFAULT_MINUTES) for d in chosen]

    def show_agenda(self, slots: list[AgendaSlot] | None = None) -> None:
        """Show the agenda page, pre-filled with ``slots`` (or the current or default agenda)."""
        self.timer.stop()
        review = self.session.review
        if review is None:
            return
        slots = slots if slots is not None else (self.slots or self.default_agenda())
        chosen = {s.domain_id: s.minutes for s in slots}
        roll = rollup(review)
        self.agenda_sub.setText(f"{review.info.system} · choose the domains for this session "
                                f"and the minutes for each")
        with_signals = self.agenda_list.blockSignals(True)
        self.agenda_list.clear()
        for d in review.framework.domains:
            item = QListWidgetItem()
            item.setData(DOMAIN_ROLE, d.id)
            item.setData(MINUTES_ROLE, chosen.get(d.id, DEFAULT_MINUTES))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if d.id in chosen
                               else Qt.CheckState.Unchecked)
            dr = roll.domain(d.id)
            item.setData(Qt.ItemDataRole.UserRole + 2,
                         f"{dr.applicable} KLOEs, {fmt_coverage(dr.coverage)} scored")
            self.agenda_list.addItem(item)
        self.agenda_list.blockSignals(with_signals)
        self._update_agenda_texts()
        self.agenda_list.setCurrentRow(0)
        self._stack.setCurrentWidget(self.agenda_page)
        self.agenda_list.setFocus()

    def _update_agenda_texts(self) -> None:
        review = self.session.review
        if review is None:
            return
        blocked = self.agenda_list.blockSignals(True)
        total = count = 0
        for row in range(self.agenda_list.count()):
            item = self.agenda_list.item(row)
            d = review.framework.domain(item.data(DOMAIN_ROLE))
            minutes = int(item.data(MINUTES_ROLE))
            included = item.checkState() == Qt.CheckState.Checked
            info = item.data(Qt.ItemDataRole.UserRole + 2)
            if included:
                total += minutes
                count += 1
                item.setText(f"☑  {d.number}. {d.title}  —  {minutes} min   ({info})")
            else:
                item.setText(f"☐  {d.number}. {d.title}  —  not in this session   ({info})")
        self.agenda_list.blockSignals(blocked)
        self.agenda_total.setText(f"{count} domain{'s' if count != 1 else ''} · "
                                  f"{format_duration(total)} in all" if count
                                  else "Tick at least one domain with Space")

    def agenda_from_page(self) -> list[AgendaSlot]:
        slots = []
        for row in range(self.agenda_list.count()):
            item = self.agenda_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                slots.append(AgendaSlot(item.data(DOMAIN_ROLE), int(item.data(MINUTES_ROLE))))
        return slots

    # Running -------------------------------------------------------------------------------
