"""The score scale across workshop mode's screen: number, name and descriptor of each level,
in type sized for the back of the room."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy


class ScaleTile(QLabel):
    """One level of the scale: its number and name on one line where the tile is wide enough,
    the name under the number where it is not (a 1024-wide projector), never cut off."""

    def __init__(self):
        super().__init__()
        self.setProperty("role", "ws-score")
        self.setWordWrap(True)
        self._sizes = (20.0, 14.0)

    def set_sizes(self, big: float, small: float) -> None:
        self._sizes = (big, small)
        self._render()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._render()

    def _render(self) -> None:
        parts = self.property("parts")
        if not parts:
            return
        key, label, descriptor = parts
        big, small = self._sizes
        font = QFont(self.font())
        font.setPointSizeF(big)
        font.setBold(True)
        one_line = QFontMetrics(font).horizontalAdvance(f"{key}  {label}") \
            <= self.contentsRect().width()
        text = (f"<div style='font-size:{big:.1f}pt; font-weight:700'>{escape(key)}"
                f"{'&nbsp;&nbsp;' if one_line else '<br>'}{escape(label)}</div>"
                f"<div style='font-size:{small:.1f}pt'>{escape(descriptor)}</div>")
        if text != self.text():
            self.setText(text)


class ScaleRow:
    """The scale row of ``WorkshopView`` (a mixin: it uses the view's session and layout)."""

    def _build_scale(self) -> None:
        while self.scale_row.count():
            item = self.scale_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.scale_labels = {}
        review = self.session.review
        if review is None:
            return
        entries = [(lvl.value, str(lvl.value), lvl.label) for lvl in review.framework.scale.levels]
        entries.append(("na", "N", "Not applicable"))
        descriptors = {lvl.value: lvl.descriptor for lvl in review.framework.scale.levels}
        descriptors["na"] = "Does not apply here"
        for value, key, label in entries:
            lab = ScaleTile()
            lab.setTextFormat(Qt.TextFormat.RichText)
            # Share the row's width rather than widening the window to the longest word.
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            lab.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            lab.setAccessibleName(f"Score {key}: {label}")
            lab.setAccessibleDescription(descriptors.get(value, ""))
            lab.setProperty("parts", (key, label if value != "na" else "N/A",
                                      descriptors.get(value, "")))
            self.scale_labels[value] = lab
            self.scale_row.addWidget(lab, 5 if value != "na" else 3)
        self._fill_scale_texts()

    def _fill_scale_texts(self) -> None:
        """Number, name and descriptor of each level, sized for the back of the room."""
        scale = self.zoom * self.fit
        big, small = 20 * scale, 14 * scale
        for lab in self.scale_labels.values():
            lab.set_sizes(big, small)
