"""Colours, type sizes and the style sheet: one NHS-style look, readable on a projector.

Every text colour here is paired with the background it is drawn on, and ``contrast`` lets the
tests prove each pair meets WCAG's 4.5:1. Scores always carry their number and RAG its letter,
so colour is never the only signal.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from maturity.wording import NO_SCORE_BAND, SCORE_BANDS, score_band

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_BLACK = "#212B32"
NHS_DARK_GREY = "#425563"
NHS_MID_GREY = "#768692"
NHS_PALE_GREY = "#E8EDEE"
NHS_WHITE = "#FFFFFF"
NHS_LIGHT_BLUE_BG = "#E3EEF8"
NHS_RED = "#D5281B"
NHS_DARK_RED = "#8A1538"
NHS_GREEN = "#007F3B"
NHS_WARM_YELLOW = "#FFB81C"
NHS_AMBER_TEXT = "#7A4A00"
FOCUS_YELLOW = "#FFEB3B"

# Non-text cues meet WCAG's 3:1 against what they sit on; instructions typed as placeholder
# text are text, so they meet 4.5:1.
PLACEHOLDER_TEXT = NHS_DARK_GREY
FOCUS_CUE = NHS_DARK_BLUE
CONTROL_EDGE = NHS_MID_GREY

# Score bands come from the core, so the app, the workbook and the reports colour alike.
SCORE_FILLS = tuple(band.fill for band in SCORE_BANDS)
SCORE_TEXT = SCORE_BANDS[0].ink
NO_SCORE_FILL = NO_SCORE_BAND.fill
NO_SCORE_TEXT = NO_SCORE_BAND.ink

RAG_COLOURS = {  # fill, text
    "R": ("#F7C8C3", "#8A1538"),
    "A": ("#FFE3A6", "#5C3B00"),
    "G": ("#CDE8C5", "#00401E"),
    None: (NHS_PALE_GREY, NHS_DARK_GREY),
}
RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green", None: "not rated"}

# Projector (workshop) colours: white on near-black blue, with a yellow accent.
WORKSHOP_BG = "#00205B"
WORKSHOP_TEXT = NHS_WHITE
WORKSHOP_MUTED = "#C8D7EA"
WORKSHOP_ACCENT = FOCUS_YELLOW
WORKSHOP_PANEL = "#0B3A80"
WORKSHOP_TILE_EDGE = "#6F8FC8"
"""The score tiles' edge: the panel colour alone is too close to the background to see."""

# Lines on charts, each at least 3:1 on white; the review in front of the user is NHS blue.
CHART_LINES = ("#005EB8", "#DA291C", "#007F3B", "#B35F00", "#7C2855", "#007A70", "#330072",
               "#AE2573", "#425563", "#8A1538")
COMPARISON_LINES = ("#AE2573", "#B35F00", "#007A70", "#425563", "#7C2855", "#330072")

BASE_POINT_SIZE = 10.0
ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    q = QColor(colour)
    return 0.2126 * _channel(q.red()) + 0.7152 * _channel(q.green()) + 0.0722 * _channel(q.blue())


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two colours."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


TEXT_PAIRS: dict[str, tuple[str, str]] = {
    "body": (NHS_BLACK, NHS_WHITE),
    "secondary": (NHS_DARK_GREY, NHS_WHITE),
    "secondary on grey": (NHS_DARK_GREY, NHS_PALE_GREY),
    "header": (NHS_WHITE, NHS_BLUE),
    "banner": (NHS_WHITE, NHS_DARK_BLUE),
    "link": (NHS_BLUE, NHS_WHITE),
    "selected": (NHS_WHITE, NHS_BLUE),
    "score button": (NHS_DARK_BLUE, NHS_WHITE),
    "score chosen": (NHS_WHITE, NHS_DARK_BLUE),
    "warning": (NHS_DARK_RED, NHS_WHITE),
    "amber note": (NHS_AMBER_TEXT, NHS_WHITE),
    "hint on light blue": (NHS_DARK_BLUE, NHS_LIGHT_BLUE_BG),
    "workshop": (WORKSHOP_TEXT, WORKSHOP_BG),
    "workshop muted": (WORKSHOP_MUTED, WORKSHOP_BG),
    "workshop accent": (WORKSHOP_ACCENT, WORKSHOP_BG),
    "workshop panel": (WORKSHOP_TEXT, WORKSHOP_PANEL),
    "workshop chosen": (WORKSHOP_BG, WORKSHOP_ACCENT),
    **{f"score {i}": (SCORE_TEXT, fill) for i, fill in enumerate(SCORE_FILLS)},
    "no score": (NO_SCORE_TEXT, NO_SCORE_FILL),
    **{f"RAG {k}": (text, fill) for k, (fill, text) in RAG_COLOURS.items() if k},
}


NON_TEXT_PAIRS: dict[str, tuple[str, str]] = {
    "focus cue": (FOCUS_CUE, NHS_WHITE),
    "focus cue on light blue": (FOCUS_CUE, NHS_LIGHT_BLUE_BG),
    "control edge": (CONTROL_EDGE, NHS_WHITE),
    "workshop tile edge": (WORKSHOP_TILE_EDGE, WORKSHOP_BG),
    "workshop chosen tile edge": (WORKSHOP_TEXT, WORKSHOP_BG),
    **{f"chart line {c}": (c, NHS_WHITE) for c in CHART_LINES + COMPARISON_LINES},
}
"""Cues that are not text (focus, edges, chart lines): WCAG asks 3:1."""


def light_palette() -> QPalette:
    """The app's one palette: light, whatever the system's, so no text is drawn in the
    system's dark-mode colours on the app's white (menus, tick boxes, placeholders)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: NHS_WHITE, roles.WindowText: NHS_BLACK, roles.Base: NHS_WHITE,
        roles.AlternateBase: "#F5F8FA", roles.Text: NHS_BLACK, roles.Button: NHS_PALE_GREY,
        roles.ButtonText: NHS_BLACK, roles.BrightText: NHS_WHITE, roles.Highlight: NHS_BLUE,
        roles.HighlightedText: NHS_WHITE, roles.ToolTipBase: "#FFF4CC",
        roles.ToolTipText: NHS_BLACK, roles.PlaceholderText: PLACEHOLDER_TEXT,
        roles.Link: NHS_BLUE, roles.LinkVisited: NHS_DARK_BLUE, roles.Light: NHS_WHITE,
        roles.Midlight: NHS_PALE_GREY, roles.Mid: NHS_MID_GREY, roles.Dark: NHS_DARK_GREY,
        roles.Shadow: NHS_BLACK,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor(NHS_DARK_GREY))
    palette.setColor(disabled, roles.Base, QColor(NHS_PALE_GREY))
    return palette


def pin_light_look(app) -> None:
    """Fusion with the light palette for the whole app (menus and dialogs included)."""
    app.setStyle("Fusion")
    app.setPalette(light_palette())


def score_fill(score: float | None) -> str:
    """The fill for a (possibly fractional) score: the band it has reached."""
    return score_band(score).fill


def score_text_colour(score: float | None) -> str:
    return score_band(score).ink


def stylesheet(zoom: float = 1.0) -> str:
    """The main window's style sheet at a text zoom (type sizes in points scale with it)."""
    def pt(size: float) -> str:
        return f"{size * zoom:.1f}pt"

    base = BASE_POINT_SIZE
    return f"""
QWidget {{ font-size: {pt(base)}; color: {NHS_BLACK}; }}
QMainWindow, QDialog {{ background: {NHS_WHITE}; }}
QLabel[role="page-title"] {{ font-size: {pt(base * 1.6)}; font-weight: 600; color: {NHS_DARK_BLUE}; }}
QLabel[role="kloe-statement"] {{ font-size: {pt(base * 1.55)}; font-weight: 600; color: {NHS_BLACK}; }}
QLabel[role="section"] {{ font-size: {pt(base * 1.15)}; font-weight: 600; color: {NHS_DARK_BLUE};
    margin-top: 6px; }}
QLabel[role="crumb"] {{ font-size: {pt(base * 0.95)}; color: {NHS_DARK_GREY}; }}
QLabel[role="secondary"] {{ color: {NHS_DARK_GREY}; }}
QLabel[role="warning"] {{ color: {NHS_DARK_RED}; font-weight: 600; }}
QLabel[role="big-number"] {{ font-size: {pt(base * 2.4)}; font-weight: 700; color: {NHS_DARK_BLUE}; }}
QLabel[role="readonly-banner"] {{ background: #FFF4CC; color: {NHS_BLACK}; padding: 6px 10px;
    border: 1px solid {NHS_WARM_YELLOW}; }}
QLabel[role="hint"] {{ background: {NHS_LIGHT_BLUE_BG}; color: {NHS_DARK_BLUE}; padding: 6px 10px; }}
QPushButton {{ padding: 5px 12px; border: 1px solid {NHS_MID_GREY}; border-radius: 3px;
    background: {NHS_WHITE}; color: {NHS_BLUE}; font-weight: 600; }}
QPushButton:hover {{ background: {NHS_LIGHT_BLUE_BG}; }}
QPushButton:focus {{ border: 2px solid {FOCUS_CUE}; }}
QPushButton:disabled {{ color: {NHS_DARK_GREY}; background: {NHS_PALE_GREY}; }}
QPushButton[role="score"] {{ text-align: left; padding: 6px 10px; color: {NHS_DARK_BLUE};
    font-weight: 400; }}
QPushButton[role="score"]:checked {{ background: {NHS_DARK_BLUE}; color: {NHS_WHITE};
    border: 2px solid {NHS_DARK_BLUE}; }}
QPushButton[role="score"]:checked:focus {{ border: 3px solid {NHS_WARM_YELLOW}; }}
QPushButton[role="primary"] {{ background: {NHS_BLUE}; color: {NHS_WHITE}; border-color: {NHS_BLUE}; }}
QPushButton[role="primary"]:hover {{ background: {NHS_DARK_BLUE}; }}
QPushButton[role="link"] {{ border: none; background: transparent; color: {NHS_BLUE};
    text-decoration: underline; font-weight: 400; text-align: left; padding: 2px 0; }}
QTabWidget::pane {{ border-top: 1px solid {NHS_PALE_GREY}; }}
QTabBar::tab {{ padding: 7px 16px; color: {NHS_DARK_GREY}; border: 2px solid transparent;
    border-bottom: 3px solid transparent; }}
QTabBar::tab:selected {{ color: {NHS_DARK_BLUE}; border-bottom: 3px solid {NHS_BLUE}; font-weight: 600; }}
QTabBar::tab:focus {{ background: {NHS_LIGHT_BLUE_BG}; border: 2px solid {FOCUS_CUE};
    border-bottom: 3px solid {FOCUS_CUE}; }}
QTreeView, QTableView, QListView, QTableWidget, QListWidget {{ background: {NHS_WHITE};
    alternate-background-color: #F5F8FA; selection-background-color: {NHS_BLUE};
    selection-color: {NHS_WHITE}; border: 1px solid {NHS_PALE_GREY}; }}
QHeaderView::section {{ background: {NHS_PALE_GREY}; color: {NHS_BLACK}; padding: 4px 6px;
    border: none; border-right: 1px solid {NHS_WHITE}; font-weight: 600; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{
    border: 1px solid {CONTROL_EDGE}; border-radius: 2px; padding: 3px 5px; background: {NHS_WHITE}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QDateEdit:focus {{ border: 2px solid {FOCUS_CUE}; }}
QTreeView:focus, QTableView:focus, QListView:focus, QScrollArea:focus {{
    border: 2px solid {FOCUS_CUE}; }}
QCheckBox, QRadioButton {{ border: 2px solid transparent; padding: 1px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {FOCUS_CUE}; }}
QLineEdit:read-only, QPlainTextEdit[readOnly="true"] {{ background: #F5F8FA; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox {{ placeholder-text-color: {PLACEHOLDER_TEXT}; }}
QGroupBox {{ border: 1px solid {NHS_PALE_GREY}; border-radius: 3px; margin-top: 14px;
    padding: 8px 8px 6px 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {NHS_DARK_BLUE};
    font-weight: 600; }}
QStatusBar {{ background: {NHS_PALE_GREY}; color: {NHS_BLACK}; }}
QStatusBar QLabel {{ color: {NHS_BLACK}; padding: 0 6px; }}
QToolButton[role="disclosure"] {{ border: 2px solid transparent; color: {NHS_DARK_BLUE};
    font-weight: 600; }}
QToolButton[role="disclosure"]:focus {{ border: 2px solid {FOCUS_CUE}; }}
QScrollArea {{ border: 2px solid transparent; background: {NHS_WHITE}; }}
QFrame#card {{ background: {NHS_WHITE}; border: 1px solid {NHS_PALE_GREY};
    border-left: 4px solid {NHS_BLUE}; }}
QScrollArea > QWidget > QWidget {{ background: {NHS_WHITE}; }}
"""


WORKSHOP_DESIGN_SIZE = (1920, 1080)
WORKSHOP_STATEMENT_PT = 38.0
"""The KLOE statement's size on a 1080p projector at 100 % zoom."""


def workshop_stylesheet(zoom: float = 1.0) -> str:
    """Projector type: sizes chosen for the back of a meeting room at 1080p."""
    def pt(size: float) -> str:
        return f"{size * zoom:.1f}pt"

    return f"""
QWidget#workshop {{ background: {WORKSHOP_BG}; }}
QWidget#workshop QLabel {{ color: {WORKSHOP_TEXT}; font-size: {pt(18)}; }}
QWidget#workshop QLabel[role="ws-crumb"] {{ color: {WORKSHOP_MUTED}; font-size: {pt(20)}; }}
QWidget#workshop QLabel[role="ws-domain"] {{ color: {WORKSHOP_ACCENT}; font-size: {pt(22)};
    font-weight: 700; }}
QWidget#workshop QLabel[role="ws-statement"] {{ color: {WORKSHOP_TEXT}; font-size: {pt(WORKSHOP_STATEMENT_PT)};
    font-weight: 600; }}
QWidget#workshop QLabel[role="ws-timer"] {{ color: {WORKSHOP_TEXT}; font-size: {pt(40)};
    font-weight: 700; }}
QWidget#workshop QLabel[role="ws-timer-over"] {{ color: {WORKSHOP_BG};
    background: {WORKSHOP_ACCENT}; font-size: {pt(40)}; font-weight: 700; padding: 0 12px; }}
QWidget#workshop QLabel[role="ws-warn"] {{ color: {WORKSHOP_ACCENT}; font-size: {pt(20)};
    font-weight: 700; }}
QWidget#workshop QLabel[role="ws-muted"] {{ color: {WORKSHOP_MUTED}; font-size: {pt(16)}; }}
QWidget#workshop QLabel[role="ws-agreed"] {{ color: {WORKSHOP_TEXT}; font-size: {pt(24)};
    font-weight: 700; }}
QWidget#workshop QLabel[role="ws-score"] {{ color: {WORKSHOP_TEXT}; background: {WORKSHOP_PANEL};
    font-size: {pt(15)}; padding: 12px 14px; border: 3px solid {WORKSHOP_TILE_EDGE}; }}
QWidget#workshop QLabel[role="ws-score-chosen"] {{ color: {WORKSHOP_BG};
    background: {WORKSHOP_ACCENT}; font-size: {pt(15)}; padding: 12px 14px;
    border: 3px solid {WORKSHOP_TEXT}; }}
QWidget#workshop QLabel[role="ws-keys"] {{ color: {WORKSHOP_MUTED}; font-size: {pt(14)}; }}
QWidget#workshop QListWidget#agenda {{ background: {WORKSHOP_PANEL}; color: {WORKSHOP_TEXT};
    font-size: {pt(22)}; border: none; padding: 8px; outline: none; }}
QWidget#workshop QListWidget#agenda::item {{ padding: 10px 12px; }}
QWidget#workshop QListWidget#agenda::item:selected {{ background: {WORKSHOP_ACCENT};
    color: {WORKSHOP_BG}; }}
QWidget#workshop QListWidget#agenda::indicator {{ width: 0px; height: 0px; }}
QWidget#workshop QListWidget#agenda:focus {{ border: 3px solid {WORKSHOP_ACCENT}; }}
QWidget#workshop QFrame#wsOverlay {{ background: rgba(0, 16, 46, 215); }}
QWidget#workshop QFrame#wsCard {{ background: {WORKSHOP_BG}; border: 4px solid {WORKSHOP_ACCENT}; }}
QWidget#workshop QListWidget#wsChoices {{ background: {WORKSHOP_PANEL}; color: {WORKSHOP_TEXT};
    font-size: {pt(24)}; border: none; padding: 6px; outline: none; }}
QWidget#workshop QListWidget#wsChoices::item {{ padding: 8px 12px; }}
QWidget#workshop QListWidget#wsChoices::item:selected {{ background: {WORKSHOP_ACCENT};
    color: {WORKSHOP_BG}; }}
QWidget#workshop QPlainTextEdit#wsText, QWidget#workshop QLineEdit#wsText {{
    background: {NHS_WHITE}; color: #212B32; font-size: {pt(26)}; padding: 8px;
    border: 3px solid {WORKSHOP_ACCENT}; }}
"""
