"""The heatmap: every element's score in its domain's row, coloured by score band, with the
number always written in the cell so colour is never the only signal."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from forms import style
from forms.widgets import accessible
from maturity.wording import fmt_score


class Heatmap(QWidget):
    """Elements (columns) by domain (rows); each cell shows its score as a number."""

    element_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, float | None, list[tuple[str, str, float | None]]]] = []
        self.focus_cell = (0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        accessible(self, "Heatmap of element scores by domain",
                   "Arrow keys move between elements; Enter opens one")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows) -> None:
        """rows: (domain label, domain score, [(element id, element title, score), ...])."""
        self.rows = rows
        parts = []
        for label, score, cells in rows:
            inner = ", ".join(f"{t} {fmt_score(s)}" for _, t, s in cells)
            parts.append(f"{label} {fmt_score(score)}: {inner}")
        self.setAccessibleDescription("Element scores. " + "; ".join(parts))
        self.updateGeometry()
        self.update()

    def _geometry(self) -> tuple[int, int, int, int, int]:
        fm = QFontMetrics(self.font())
        name_w = max((fm.horizontalAdvance(r[0]) for r in self.rows), default=100) + 16
        score_w = fm.horizontalAdvance("Domain") + 16
        cols = max((len(r[2]) for r in self.rows), default=1)
        cell_h = fm.height() + 16
        # On a narrow page the domain names give way (shortened, whole in the description and
        # tooltip) so that every element's column stays in sight.
        need = score_w + cols * (fm.horizontalAdvance("0.0") + 22) + 12
        name_w = min(name_w, max(self.width() - need, self._shortest_name(fm)))
        cell_w = max(fm.horizontalAdvance("0.0") + 22,
                     (self.width() - name_w - score_w - 12) // max(cols, 1))
        cell_w = min(cell_w, 90)
        return name_w, score_w, cols, cell_w, cell_h

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        name_w = max((fm.horizontalAdvance(r[0]) for r in self.rows), default=100) + 16
        cols = max((len(r[2]) for r in self.rows), default=1)
        cell_h = fm.height() + 16
        return QSize(name_w + fm.horizontalAdvance("Domain") + 16 + cols * 66 + 12,
                     (len(self.rows) + 1) * cell_h + 2 * fm.height() + 16)

    def _shortest_name(self, fm: QFontMetrics) -> int:
        return fm.horizontalAdvance("10. Cultur…") + 16

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        cols = max((len(r[2]) for r in self.rows), default=1)
        width = (self._shortest_name(fm) + fm.horizontalAdvance("Domain") + 16
                 + cols * (fm.horizontalAdvance("0.0") + 22) + 12)
        return QSize(max(300, width), self.sizeHint().height())

    def _cell_rect(self, row: int, col: int) -> QRect:
        name_w, score_w, _, cell_w, cell_h = self._geometry()
        return QRect(name_w + score_w + col * cell_w, (row + 1) * cell_h, cell_w - 3, cell_h - 3)

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        for r, (_, _, cells) in enumerate(self.rows):
            for c in range(len(cells)):
                if self._cell_rect(r, c).contains(x, y):
                    return r, c
        return None

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        name_w, score_w, cols, cell_w, cell_h = self._geometry()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        p.setPen(QColor(style.NHS_DARK_GREY))
        p.drawText(QRect(0, 0, name_w, cell_h), Qt.AlignmentFlag.AlignVCenter, "Domain")
        p.drawText(QRect(name_w, 0, score_w, cell_h), Qt.AlignmentFlag.AlignCenter, "Score")
        for c in range(cols):
            p.drawText(QRect(name_w + score_w + c * cell_w, 0, cell_w, cell_h),
                       Qt.AlignmentFlag.AlignCenter, f"E{c + 1}")
        for r, (label, score, cells) in enumerate(self.rows):
            y = (r + 1) * cell_h
            p.setPen(QColor(style.NHS_BLACK))
            p.setFont(self.font())
            p.drawText(QRect(0, y, name_w - 8, cell_h - 3),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, name_w - 8))
            box = QRect(name_w, y, score_w - 6, cell_h - 3)
            p.fillRect(box, QColor(style.score_fill(score)))
            p.setFont(bold)
            p.setPen(QColor(style.score_text_colour(score)))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, fmt_score(score))
            p.setFont(self.font())
            for c, (_, _, s) in enumerate(cells):
                rect = self._cell_rect(r, c)
                p.fillRect(rect, QColor(style.score_fill(s)))
                p.setPen(QColor(style.score_text_colour(s)))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, fmt_score(s))
                if self.hasFocus() and (r, c) == self.focus_cell:
                    p.setPen(QPen(QColor(style.NHS_BLACK), 3))
                    p.drawRect(rect.adjusted(1, 1, -1, -1))
        # Key: what the fills mean (the numbers carry it too).
        y = (len(self.rows) + 1) * cell_h + 8
        x = 0
        p.setPen(QColor(style.NHS_DARK_GREY))
        p.drawText(QRect(x, y, 60, fm.height() + 6), Qt.AlignmentFlag.AlignVCenter, "Key:")
        x += fm.horizontalAdvance("Key:") + 10
        for level, fill in enumerate(style.SCORE_FILLS):
            text = f"{level}–{level}.9" if level < len(style.SCORE_FILLS) - 1 else f"{level}"
            w = fm.horizontalAdvance(text) + 14
            p.fillRect(QRect(x, y, w, fm.height() + 6), QColor(fill))
            p.setPen(QColor(style.SCORE_TEXT))
            p.drawText(QRect(x, y, w, fm.height() + 6), Qt.AlignmentFlag.AlignCenter, text)
            x += w + 4
        text = "— not scored"
        w = fm.horizontalAdvance(text) + 14
        p.fillRect(QRect(x, y, w, fm.height() + 6), QColor(style.NO_SCORE_FILL))
        p.setPen(QColor(style.NO_SCORE_TEXT))
        p.drawText(QRect(x, y, w, fm.height() + 6), Qt.AlignmentFlag.AlignCenter, text)
        p.end()

    def mouseMoveEvent(self, event) -> None:
        hit = self.cell_at(int(event.position().x()), int(event.position().y()))
        if hit:
            _, title, s = self.rows[hit[0]][2][hit[1]]
            self.setToolTip(f"{title}: {fmt_score(s)}")
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.setToolTip("")
            self.unsetCursor()

    def mousePressEvent(self, event) -> None:
        hit = self.cell_at(int(event.position().x()), int(event.position().y()))
        if hit:
            self.focus_cell = hit
            self.update()
            self.element_activated.emit(self.rows[hit[0]][2][hit[1]][0])

    def keyPressEvent(self, event) -> None:
        if not self.rows:
            return super().keyPressEvent(event)
        r, c = self.focus_cell
        key = event.key()
        if key == Qt.Key.Key_Up:
            r = max(0, r - 1)
        elif key == Qt.Key.Key_Down:
            r = min(len(self.rows) - 1, r + 1)
        elif key == Qt.Key.Key_Left:
            c = max(0, c - 1)
        elif key == Qt.Key.Key_Right:
            c += 1
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.element_activated.emit(self.rows[r][2][min(c, len(self.rows[r][2]) - 1)][0])
            return
        else:
            return super().keyPressEvent(event)
        c = min(c, len(self.rows[r][2]) - 1)
        self.focus_cell = (r, c)
        _, title, s = self.rows[r][2][c]
        self.setAccessibleDescription(f"{self.rows[r][0]}, {title}: {fmt_score(s)}")
        self.update()
