"""What the projector shows while the room votes: how to join, how many have voted, and on
reveal the votes by level and by group with the spread between groups.

Painted in the workshop's colours; sizes follow the workshop type (``WorkshopView.fit``).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from forms import style
from forms.widgets import accessible, role_label
from maturity.framework import Framework
from maturity.votes import NA, VoteSummary, fmt_median, vote_levels


class QrCode(QWidget):
    """A QR code drawn module by module: sharp at any size, dark on a white quiet zone."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.matrix: list[list[bool]] = []
        self.text = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_text(self, text: str) -> None:
        import segno

        self.text = text
        qr = segno.make_qr(text, error="m")
        self.matrix = [[bool(v) for v in row] for row in qr.matrix]
        self.setAccessibleName("QR code for the voting page")
        self.setAccessibleDescription(text)
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event) -> None:
        if not self.matrix:
            return
        side = min(self.width(), self.height())
        n = len(self.matrix) + 8  # four modules of quiet zone each side
        cell = side // n
        if cell < 1:
            return
        size = cell * n
        x0 = (self.width() - size) // 2
        y0 = (self.height() - size) // 2
        p = QPainter(self)
        p.fillRect(x0, y0, size, size, QColor("#ffffff"))
        dark = QColor("#000000")
        for r, row in enumerate(self.matrix):
            for c, on in enumerate(row):
                if on:
                    p.fillRect(x0 + (c + 4) * cell, y0 + (r + 4) * cell, cell, cell, dark)
        p.end()


class VoteChart(QWidget):
    """One bar per level, longest bar the full width, with its count written beside it."""

    def __init__(self, framework: Framework, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = [(str(v.value), f"{v.value} {v.label}") for v in framework.scale.levels]
        self.rows.append((NA, "N/A"))
        self.counts: dict[str, int] = {}
        self.point_size = 18.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, counts: dict[str, int], point_size: float) -> None:
        self.counts = dict(counts)
        self.point_size = point_size
        self.setFixedHeight(int(len(self.rows) * point_size * 2.3))
        self.setAccessibleDescription(", ".join(f"{label}: {self.counts.get(key, 0)}"
                                                for key, label in self.rows))
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(self.point_size)
        p.setFont(font)
        metrics = p.fontMetrics()
        row_h = self.height() / max(1, len(self.rows))
        label_w = max(metrics.horizontalAdvance(label) for _, label in self.rows) + 16
        count_w = metrics.horizontalAdvance("000") + 12
        bar_w = max(10.0, self.width() - label_w - count_w)
        most = max(self.counts.values(), default=0) or 1
        for i, (key, label) in enumerate(self.rows):
            y = i * row_h
            p.setPen(QColor(style.WORKSHOP_TEXT))
            p.drawText(QRectF(0, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter, label)
            n = self.counts.get(key, 0)
            w = bar_w * n / most
            p.fillRect(QRectF(label_w, y + row_h * 0.18, w, row_h * 0.64),
                       QColor(style.WORKSHOP_ACCENT if n == most and n else style.WORKSHOP_MUTED))
            p.drawText(QRectF(label_w + w + 8, y, count_w + bar_w - w, row_h),
                       Qt.AlignmentFlag.AlignVCenter, str(n))
        p.end()


SHARE = 0.25
"""The panel's share of the projector's width: the KLOE keeps three quarters."""


class LivePanel(QWidget):
    """The live-voting column beside the KLOE: join details, the count, and the reveal."""

    def __init__(self, framework: Framework, parent: QWidget | None = None):
        super().__init__(parent)
        self.framework = framework
        self.fit = 0.0
        self.revealed = False
        self.title = role_label("Vote on your phone", "ws-agreed")
        self.qr = QrCode()
        self.address = role_label("", "ws-domain")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setAccessibleName("Voting address")
        self.code = role_label("", "ws-crumb")
        self.code.setAccessibleName("Session code")
        self.count = role_label("", "ws-statement", wrap=False)
        self.count.setAccessibleName("Votes so far")
        self.note = role_label("", "ws-muted")
        self.chart = VoteChart(framework)
        self.groups = role_label("", "ws-crumb")
        self.groups_title = role_label("Typical score by group", "ws-muted")
        self.groups.setTextFormat(Qt.TextFormat.PlainText)
        self.groups.setAccessibleName("Votes by group")
        self.flag = role_label("", "ws-warn")
        self.flag.setAccessibleName("Spread between groups")
        self.keys = role_label("V stop voting · R reveal", "ws-keys")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 36, 48, 24)
        layout.setSpacing(10)
        for w in (self.title, self.qr, self.address, self.code, self.count, self.note,
                  self.chart, self.groups_title, self.groups, self.flag):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(self.keys)
        accessible(self, "Live voting", "The room votes from its phones; R reveals the votes")
        self.set_reveal(False)

    def fit_to(self, width: int, height: int, fit: float) -> None:
        """Take a share of the projector's width; ``fit`` is the workshop's type scale."""
        self.fit = fit
        self.setFixedWidth(int(width * SHARE))
        side = max(120, min(int(width * SHARE) - 60, int(height * 0.36)))
        self.qr.setFixedSize(side, side)

    def set_address(self, url: str, code: str) -> None:
        self.qr.set_text(url)
        self.address.setText(url)
        self.code.setText(f"Session code  {code}")

    def set_reveal(self, revealed: bool) -> None:
        self.revealed = revealed
        for w in (self.chart, self.groups_title, self.groups, self.flag):
            w.setVisible(revealed)
        self.qr.setVisible(not revealed)
        self.title.setText("The room's vote" if revealed else "Vote on your phone")
        self.keys.setText("R hide votes · V stop voting" if revealed
                          else "R reveal votes · V stop voting")

    def show_state(self, summary: VoteSummary, open_: bool, problem: str = "") -> None:
        n = summary.total
        self.count.setText(f"{n} voted" if n != 1 else "1 voted")
        if problem:
            self.note.setText(f"⚠ {problem}")
            self.note.setProperty("role", "ws-warn")
        else:
            self.note.setText("" if open_ else "Voting is closed")
            self.note.setProperty("role", "ws-muted")
        self.note.style().unpolish(self.note)
        self.note.style().polish(self.note)
        self.note.setVisible(bool(self.note.text()))
        if not self.revealed:
            return
        self.chart.set_counts(summary.by_level, 21 * self.fit)
        levels = vote_levels(self.framework)
        lines = []
        for group in sorted(summary.by_group, key=str.casefold):
            counts = summary.by_group[group]
            n = sum(counts.values())
            scored = [lvl for lvl in levels if lvl != NA and counts.get(lvl)]
            median = summary.group_medians.get(group)
            if median is None:
                lines.append(f"{group}: N/A  ({n} vote{'s' if n != 1 else ''})")
                continue
            span = scored[0] if len(scored) == 1 else f"{scored[0]}–{scored[-1]}"
            lines.append(f"{group}: {fmt_median(median)}  ({n} vote{'s' if n != 1 else ''}, "
                         f"{span})")
        self.groups.setText("\n".join(lines) or "No votes yet")
        self.groups.setStyleSheet(f"font-size: {22 * self.fit:.1f}pt")
        if summary.spread is None:
            self.flag.setText("Spread between groups: needs two groups")
            self.flag.setProperty("role", "ws-crumb")
        else:
            gap = fmt_median(summary.spread)
            self.flag.setText(f"Spread between groups {gap}  ≠ groups disagree"
                              if summary.disagreement else f"Spread between groups {gap}")
            self.flag.setProperty("role", "ws-warn" if summary.disagreement else "ws-crumb")
        self.flag.style().unpolish(self.flag)
        self.flag.style().polish(self.flag)
