"""The domain → element → KLOE tree as one item model over the open review.

The tree's shape comes from the framework (immutable for a review), so it is built once per file.
Scores, coverage and flags are read from a roll-up recomputed after each edit; only the rows an
edit touched (and their parents) are announced with ``dataChanged`` — the tree is never rebuilt
on an edit, so the selection and expansion survive scoring.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from forms import style
from forms.session import ReviewSession
from maturity.commands import Command
from maturity.flags import FLAG_GLYPHS, FLAG_ORDER, FLAG_WORDS, flag_counts, kloe_flags, kloes_of
from maturity.review import Review
from maturity.scoring import Rollup, rollup
from maturity.wording import NO_VALUE, fmt_coverage, fmt_score, rating_text

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SCORE_ROLE = Qt.ItemDataRole.UserRole + 3
COVERAGE_ROLE = Qt.ItemDataRole.UserRole + 4
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 5
RATING_ROLE = Qt.ItemDataRole.UserRole + 6

TITLE, SCORE, COVERAGE, FLAGS = range(4)
HEADERS = ("Item", "Score", "Coverage", "Flags")



@dataclass(eq=False)
class Node:
    kind: str  # "domain" | "element" | "kloe"
    id: str
    row: int
    parent: Node | None
    children: list[Node] = field(default_factory=list)


class ReviewTreeModel(QAbstractItemModel):
    """Domains, their elements and their KLOEs, with score, coverage and flags columns."""

    def __init__(self, session: ReviewSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._roots: list[Node] = []
        self._by_id: dict[str, Node] = {}
        self._roll: Rollup | None = None
        self._bold: QFont | None = None
        session.file_changed.connect(self._on_file_changed)
        session.changed.connect(self._on_review_changed)
        self._build()

    # Structure -----------------------------------------------------------------------------
    @property
    def review(self) -> Review | None:
        return self.session.review

    @property
    def roll(self) -> Rollup | None:
        return self._roll

    def _build(self) -> None:
        self._roots, self._by_id = [], {}
        review = self.review
        if review is None:
            self._roll = None
            return
        for i, d in enumerate(review.framework.domains):
            dn = Node("domain", d.id, i, None)
            for j, e in enumerate(d.elements):
                en = Node("element", e.id, j, dn)
                en.children = [Node("kloe", k.id, n, en) for n, k in enumerate(e.kloes)]
                dn.children.append(en)
            self._roots.append(dn)
        for dn in self._roots:
            self._by_id[dn.id] = dn
            for en in dn.children:
                self._by_id[en.id] = en
                for kn in en.children:
                    self._by_id[kn.id] = kn
        self._roll = rollup(review)

    def _on_file_changed(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _on_review_changed(self, command: Command) -> None:
        review = self.review
        if review is None:
            return
        self._roll = rollup(review)
        touched: set[str] = set(command.keys("kloe")) | set(command.keys("element"))
        for c in command.changes:
            if c.kind == "evidence":
                for side in (c.before, c.after):
                    if side and side.get("kloe_id"):
                        touched.add(side["kloe_id"])
        rows: set[Node] = set()
        for item_id in touched:
            node = self._by_id.get(item_id)
            while node is not None:
                rows.add(node)
                node = node.parent
        last = len(HEADERS) - 1
        for node in sorted(rows, key=lambda n: (n.kind != "kloe", n.id)):
            self.dataChanged.emit(self.createIndex(node.row, 0, node),
                                  self.createIndex(node.row, last, node))

    # Look-ups for views --------------------------------------------------------------------
    def index_of(self, item_id: str, column: int = 0) -> QModelIndex:
        node = self._by_id.get(item_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def node_for(self, item_id: str) -> Node | None:
        return self._by_id.get(item_id)

    def node(self, index: QModelIndex) -> Node | None:
        if not index.isValid():
            return None
        return index.internalPointer()

    def kloe_ids(self) -> list[str]:
        return [k.id for d in self._roots for e in d.children for k in e.children]

    def flags_of(self, node: Node) -> set[str]:
        """The markers for a KLOE, or the union over a domain's or element's KLOEs."""
        if self._roll is None:
            return set()
        return set().union(*(kloe_flags(k) for k in kloes_of(self._result(node))))

    def flag_counts(self, node: Node) -> dict[str, int]:
        return {} if self._roll is None else flag_counts(kloes_of(self._result(node)))

    # QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008,E501
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._roots):
                return self.createIndex(row, column, self._roots[row])
            return QModelIndex()
        if parent.column() != 0:
            return QModelIndex()
        node: Node = parent.internalPointer()
        if row < len(node.children):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008,E501
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        node: Node = parent.internalPointer()
        return len(node.children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == FLAGS:
                return "; ".join(f"{FLAG_GLYPHS[f]} {FLAG_WORDS[f]}" for f in FLAG_ORDER)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.review is None or self._roll is None:
            return None
        node: Node = index.internalPointer()
        col = index.column()
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.id
        if role == SCORE_ROLE:
            return self._score(node)
        if role == COVERAGE_ROLE:
            return None if node.kind == "kloe" else self._result(node).coverage
        if role == RATING_ROLE:
            return self._roll.kloe(node.id).rating if node.kind == "kloe" else None
        if role == FLAGS_ROLE:
            return self.flags_of(node)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, col)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(node, col, full=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (SCORE, COVERAGE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == SCORE:
            score = self._score(node)
            if node.kind == "kloe" and self._roll.kloe(node.id).rating == "na":
                return QColor(style.NO_SCORE_FILL)
            return QColor(style.score_fill(score))
        if role == Qt.ItemDataRole.ForegroundRole and col == SCORE:
            return QColor(style.score_text_colour(self._score(node)))
        if role == Qt.ItemDataRole.FontRole and node.kind == "domain" and col == TITLE:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return None

    def _result(self, node: Node):
        roll = self._roll
        if node.kind == "domain":
            return roll.domain(node.id)
        if node.kind == "element":
            return roll.element(node.id)
        return roll.kloe(node.id)

    def _score(self, node: Node) -> float | None:
        return self._result(node).score

    def _title(self, node: Node) -> str:
        fw = self.review.framework
        if node.kind == "domain":
            d = fw.domain(node.id)
            return f"{d.number}. {d.title}"
        if node.kind == "element":
            return fw.element(node.id).title
        return fw.kloe(node.id).statement

    def _display(self, node: Node, col: int) -> str | None:
        if col == TITLE:
            return self._title(node)
        if col == SCORE:
            if node.kind == "kloe":
                return rating_text(self._roll.kloe(node.id).rating, none=NO_VALUE)
            return fmt_score(self._score(node))
        if col == COVERAGE:
            if node.kind == "kloe":
                return None
            return fmt_coverage(self._result(node).coverage)
        if col == FLAGS:
            flags = self.flags_of(node)
            if node.kind == "kloe":
                return " ".join(FLAG_GLYPHS[f] for f in FLAG_ORDER if f in flags) or None
            counts = self.flag_counts(node)
            return " ".join(f"{FLAG_GLYPHS[f]}{counts[f]}" for f in FLAG_ORDER if f in counts) \
                or None
        return None

    def _describe(self, node: Node, col: int, full: bool) -> str | None:
        if col == TITLE:
            text = self._title(node)
            if node.kind == "kloe":
                return text if full else f"KLOE {text}"
            return text
        if col == SCORE:
            if node.kind == "kloe":
                rating = self._roll.kloe(node.id).rating
                if rating is None:
                    return "Not assessed"
                if rating == "na":
                    return "Not applicable"
                return f"Score {rating}: {self.review.framework.scale.label(rating)}"
            score = self._score(node)
            return "No score yet" if score is None else f"Score {fmt_score(score)} of " \
                f"{self.review.framework.scale.maximum}"
        if col == COVERAGE and node.kind != "kloe":
            r = self._result(node)
            return f"Coverage {fmt_coverage(r.coverage)}: {r.scored} of {r.applicable} " \
                   f"applicable KLOEs scored"
        if col == FLAGS:
            counts = self.flag_counts(node)
            if not counts:
                return "No flags"
            if node.kind == "kloe":
                return "; ".join(FLAG_WORDS[f].capitalize() for f in FLAG_ORDER if f in counts)
            return "; ".join(f"{counts[f]} {FLAG_WORDS[f]}" for f in FLAG_ORDER if f in counts)
        return None


class NavigatorFilter(QSortFilterProxyModel):
    """Shows all items, only unscored KLOEs, or only flagged KLOEs; optionally one domain.

    Rows do not vanish as they are scored (no dynamic re-filtering): a facilitator scoring
    through the unscored list keeps their place until they change the filter.
    """

    MODES = ("all", "unscored", "flagged")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.mode = "all"
        self.domain_id: str | None = None
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)

    def set_filter(self, mode: str | None = None, domain_id: str | None | bool = False) -> None:
        if mode is not None:
            if mode not in self.MODES:
                raise ValueError(mode)
            self.mode = mode
        if domain_id is not False:
            self.domain_id = domain_id or None
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model: ReviewTreeModel = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        node = model.node(index)
        if node is None:
            return False
        if self.domain_id is not None:
            top = node
            while top.parent is not None:
                top = top.parent
            if top.id != self.domain_id:
                return False
        if self.mode == "all":
            return True
        if node.kind != "kloe":
            return False  # shown when a KLOE under it is (recursive filtering)
        if self.mode == "unscored":
            return model.roll.kloe(node.id).rating is None
        return bool(model.flags_of(node))
