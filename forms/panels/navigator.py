"""The navigator: the review tree with scores, coverage bars, flags and filters."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.models.tree import (
    COVERAGE,
    COVERAGE_ROLE,
    FLAGS,
    ID_ROLE,
    KIND_ROLE,
    SCORE,
    TITLE,
    NavigatorFilter,
    ReviewTreeModel,
)
from forms.session import ReviewSession
from maturity.flags import FLAG_GLYPHS, FLAG_ORDER, FLAG_WORDS

FILTER_CHOICES = (("all", "All items"), ("unscored", "Unscored KLOEs"),
                  ("flagged", "Flagged KLOEs"))


class CoverageDelegate(QStyledItemDelegate):
    """A coverage bar with its percentage written beside it (the number, not just the bar)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        cov = index.data(COVERAGE_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        (widget.style() if widget else QStyle).drawControl(
            QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        r = option.rect.adjusted(4, 0, -4, 0)
        fm = option.fontMetrics
        text_w = fm.horizontalAdvance("100%") + 4
        bar = QRect(r.left(), r.center().y() - 4, max(10, r.width() - text_w), 9)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.NHS_PALE_GREY if not selected else "#4D8FD1"))
        painter.drawRect(bar)
        if cov:
            fill = QRect(bar)
            fill.setWidth(max(1, round(bar.width() * min(1.0, cov))))
            painter.setBrush(QColor(style.NHS_BLUE if not selected else style.NHS_WHITE))
            painter.drawRect(fill)
        painter.setPen(option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.drawText(QRect(bar.right() + 4, r.top(), text_w, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class TitleDelegate(QStyledItemDelegate):
    """Titles wrapped to the column's width, each row as tall as its title needs (up to three
    lines: a KLOE's full statement is on its panel)."""

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):  # noqa: N802
        hint = super().sizeHint(option, index)
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self._view.columnWidth(TITLE) - self._view.indentation() * depth - 10
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)  # a domain's title is bold: measure it so
        fm = QFontMetrics(styled.font)
        wrapped = fm.boundingRect(QRect(0, 0, max(width, 20), 10_000),
                                  Qt.TextFlag.TextWordWrap, text).height()
        hint.setHeight(max(hint.height(), min(wrapped, 3 * fm.lineSpacing()) + 6))
        return hint


class NavigatorPanel(QWidget):
    """Tree of domains, elements and KLOEs; tells the window which item is current."""

    current_changed = Signal(str)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = ReviewTreeModel(session, self)
        self.proxy = NavigatorFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_box = QComboBox()
        for key, text in FILTER_CHOICES:
            self.filter_box.addItem(text, key)
        self.filter_box.setAccessibleName("Show")
        self.filter_box.setAccessibleDescription("Show all items, only unscored KLOEs, or only "
                                                 "flagged KLOEs")
        self.filter_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter_box.setMinimumContentsLength(8)
        self.domain_box = QComboBox()
        self.domain_box.setAccessibleName("Domain filter")
        self.domain_box.setAccessibleDescription("Show every domain or just one")
        self.domain_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.domain_box.setMinimumContentsLength(8)

        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Review items")
        self.view.setAccessibleDescription(
            "Domains, elements and KLOEs with their scores. 0 to 4 scores the selected KLOE, "
            "N marks it not applicable, Delete clears it; Alt+Down and Alt+Up move between KLOEs.")
        # Titles wrap rather than end in "…", so a narrow navigator or large text still reads.
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setAlternatingRowColors(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setItemDelegateForColumn(COVERAGE, CoverageDelegate(self.view))
        self.view.setItemDelegateForColumn(TITLE, TitleDelegate(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (SCORE, COVERAGE, FLAGS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self._title_width = -1
        self._fit_columns()
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)

        legend = QLabel("  ".join(f"{FLAG_GLYPHS[f]} {FLAG_WORDS[f]}" for f in FLAG_ORDER))
        legend.setProperty("role", "secondary")
        legend.setWordWrap(True)
        legend.setAccessibleName("Flag legend")

        bar = QHBoxLayout()
        show = QLabel("&Show")
        show.setBuddy(self.filter_box)
        bar.addWidget(show)
        bar.addWidget(self.filter_box, 1)
        bar.addWidget(self.domain_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend)
        self.setTabOrder(self.filter_box, self.domain_box)
        self.setTabOrder(self.domain_box, self.view)

        self.filter_box.currentIndexChanged.connect(self._on_filter_changed)
        self.domain_box.currentIndexChanged.connect(self._on_filter_changed)
        session.file_changed.connect(self._on_file_changed)
        self._on_file_changed()

    def _fit_columns(self) -> None:
        """Score, coverage and flags sized to the text (it grows with zoom); on a narrow
        navigator the coverage bars give their room to the titles (each element's panel shows
        its coverage)."""
        fm = self.view.fontMetrics()
        header = self.view.header()
        header.resizeSection(SCORE, fm.horizontalAdvance("Score") + 18)
        header.resizeSection(FLAGS, fm.horizontalAdvance("≠1 ?4 !1") + 14)
        header.resizeSection(COVERAGE, fm.horizontalAdvance("100%") + 50)
        fixed = sum(header.sectionSize(c) for c in (SCORE, COVERAGE, FLAGS))
        title_room = self.view.viewport().width() - fixed
        self.view.setColumnHidden(COVERAGE, title_room < fm.averageCharWidth() * 22)
        if header.sectionSize(TITLE) != self._title_width:  # rows refit to the new wrapping
            self._title_width = header.sectionSize(TITLE)
            self.view.doItemsLayout()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (watched is self.view.viewport() and event.type() == QEvent.Type.Resize) or (
                watched is self.view and event.type() in (QEvent.Type.FontChange,
                                                          QEvent.Type.StyleChange)):
            self._fit_columns()
        return False

    # Public --------------------------------------------------------------------------------
    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select(self, item_id: str) -> bool:
        """Make an item current (clearing a filter that hides it); False if unknown."""
        source = self.model.index_of(item_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filter_box.setCurrentIndex(0)
            self.domain_box.setCurrentIndex(0)
            index = self.proxy.mapFromSource(source)
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def visible_kloe_ids(self) -> list[str]:
        out: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if index.data(KIND_ROLE) == "kloe":
                    out.append(index.data(ID_ROLE))
                else:
                    walk(index)

        walk(QModelIndex())
        return out

    def step_kloe(self, step: int) -> str | None:
        """Move to the next (+1) or previous (-1) KLOE shown; the id moved to, or None."""
        ids = self.visible_kloe_ids()
        if not ids:
            return None
        current = self.current_id()
        if current in ids:
            pos = ids.index(current) + step
        else:
            # From a domain, an element or a hidden KLOE: go by position in the full order.
            order = {k: i for i, k in enumerate(self.model.kloe_ids())}
            node = self.model.node_for(current or "")
            while node is not None and node.kind != "kloe":
                node = node.children[0] if node.children else None
            here = order.get(node.id, -1) if node is not None else -1
            if step > 0:
                pos = next((i for i, k in enumerate(ids) if order[k] >= here), len(ids))
            else:
                pos = max((i for i, k in enumerate(ids) if order[k] < here), default=-1)
        if not 0 <= pos < len(ids):
            return None
        self.select(ids[pos])
        return ids[pos]

    # Slots ---------------------------------------------------------------------------------
    def _on_file_changed(self) -> None:
        review = self.session.review
        self.domain_box.blockSignals(True)
        self.domain_box.clear()
        self.domain_box.addItem("All domains", "")
        if review is not None:
            for d in review.framework.domains:
                self.domain_box.addItem(f"{d.number}. {d.label}", d.id)
        self.domain_box.blockSignals(False)
        self.proxy.set_filter("all", None)
        self.filter_box.blockSignals(True)
        self.filter_box.setCurrentIndex(0)
        self.filter_box.blockSignals(False)
        if review is not None and review.framework.domains:
            self.select(review.framework.kloes()[0][2].id)

    def _on_filter_changed(self) -> None:
        current = self.current_id()
        self.proxy.set_filter(self.filter_box.currentData(), self.domain_box.currentData() or None)
        if self.proxy.mode != "all" or self.proxy.domain_id:
            self.view.expandAll()
        if current:
            source = self.model.index_of(current)
            index = self.proxy.mapFromSource(source)
            if index.isValid():
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self.current_changed.emit(current.data(ID_ROLE))
