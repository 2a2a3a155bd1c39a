"""The main window's pages: the Review page built at once, every other page when first shown
(or asked for), and the parts of the window that go with them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class WindowPages:
    """Mixed into ``MainWindow``; uses its session and ``add_page``."""

    def _build_pages(self) -> None:
        """Add the standard pages; later features add theirs with ``add_page`` here."""
        from forms.pages.review import ReviewPage
        from forms.widgets import LazyPage

        self.review_page = ReviewPage(self.session)
        self.review_page.current_changed.connect(lambda _id: self._update_item_actions())
        self.add_page("Review", self.review_page, "Ctrl+1")
        # Built when first shown, so start-up builds only the page the user sees.
        self._dashboard_page = LazyPage(self._make_dashboard)
        self._details_page = LazyPage(self._make_details)
        self._parking_page = LazyPage(self._make_parking)
        self.add_page("Dashboard", self._dashboard_page, "Ctrl+2")
        self.add_page("Details and roster", self._details_page, "Ctrl+3")
        self.add_page("Parking lot", self._parking_page, "Ctrl+4")
        self._build_plan_pages()
        self._build_review_history()

    def _build_review_history(self) -> None:
        """Re-reviews, the Comparison page, merging copies, and the room's live vote."""
        from forms.livevoting import LiveVoting
        from forms.pages.comparison_tab import ComparisonPage
        from forms.panels.pack_answers import attach_pack_answers_line
        from forms.panels.room_vote import attach_room_vote_line
        from forms.rereview import RereviewController

        self.rereview = RereviewController(self)
        self.comparison_page = ComparisonPage(self.session)
        self.add_page("Comparison", self.comparison_page, "Ctrl+7").setStatusTip(
            "Compare this review with earlier reviews of the system")
        self._merge = None  # File › Merge a copy… (built on first use: ``merge``)
        self.live_voting = LiveVoting(self)
        self.room_vote_line = attach_room_vote_line(self.review_page, self.session)
        self.pack_answers_line = attach_pack_answers_line(self.review_page, self.session)

    @property
    def merge(self):
        """The merge controller, with its dialog and the core's merging, loaded when first used."""
        if self._merge is None:
            from forms.dialogs.merge import MergeController

            self._merge = MergeController(self)
        return self._merge

    def choose_earlier_reviews(self) -> None:
        self.show_page(self.comparison_page)
        self.comparison_page.view().choose_earlier()

    def _build_plan_pages(self) -> None:
        """Recommendations and the action plan (each built when first shown or asked for), and
        the Export dialog on the File menu."""
        from forms.widgets import LazyPage

        self._recommendations_page = LazyPage(self._make_recommendations)
        self._action_plan_page = LazyPage(self._make_action_plan)
        self.add_page("Recommendations", self._recommendations_page, "Ctrl+5")
        self.add_page("Action plan", self._action_plan_page, "Ctrl+6")
        self.export_dialog = None

    def _make_recommendations(self) -> QWidget:
        from forms.pages.recommendations import RecommendationsPage, connect_planning

        page = RecommendationsPage(self.session)
        connect_planning(page, self._plan_action)
        return page

    def _make_action_plan(self) -> QWidget:
        from forms.pages.plan import ActionsPage

        return ActionsPage(self.session)

    @property
    def recommendations(self):
        return self._recommendations_page.widget()

    @property
    def action_plan(self):
        return self._action_plan_page.widget()

    def _plan_action(self, preset: dict) -> bool:
        self.show_page(self.action_plan)
        return self.action_plan.add_action(preset)

    def _make_dashboard(self) -> QWidget:
        from forms.pages.dashboard import DashboardPanel

        panel = DashboardPanel(self.session)
        panel.item_activated.connect(self.go_to_item)
        return panel

    def _make_details(self) -> QWidget:
        from forms.panels.details import DetailsPanel

        return DetailsPanel(self.session)

    def _make_parking(self) -> QWidget:
        from forms.panels.parking import ParkingPanel

        panel = ParkingPanel(self.session, current_item=self.current_item)
        panel.item_activated.connect(self.go_to_item)
        return panel

    @property
    def dashboard(self):
        return self._dashboard_page.widget()

    @property
    def details(self):
        return self._details_page.widget()

    @property
    def parking(self):
        return self._parking_page.widget()

