"""Live voting in workshop mode: the facilitator's switch, the server's hand-off to the UI
thread, and the batched writes of the room's votes.

The server answers phones on its own threads; a vote is counted there and a queued signal asks
the UI thread to write. Writes are grouped: the first vote starts a short timer (``FLUSH_MS``)
and every vote that arrives before it fires goes into the same durable command, one per KLOE,
joined to that KLOE's round in the undo history. Each phone hears "saved" only after that write.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QInputDialog

from forms.panels.live_voting import LivePanel
from maturity.ballot import Ballot, flush
from maturity.liveserver import LiveServer, LiveServerError, session_code
from maturity.votes import summarise

FLUSH_MS = 250
"""Group-commit window: at most four writes a second however many phones vote, and a phone
waits about a quarter of a second for "saved"."""
DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"


def network_addresses() -> list[tuple[str, str]]:
    """(address, interface name) for each IPv4 address phones could reach, LAN ones first."""
    # Qt's network module loads when a vote is started, not with every window.
    from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QNetworkInterface

    found = []
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not (flags & QNetworkInterface.InterfaceFlag.IsUp
                and flags & QNetworkInterface.InterfaceFlag.IsRunning) \
                or flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in iface.addressEntries():
            ip = entry.ip()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol \
                    and not ip.isLoopback() and not ip.isEqual(QHostAddress.SpecialAddress.Any):
                found.append((ip.toString(), iface.humanReadableName()))
    found.append((LOOPBACK, "this computer only"))
    return found


def default_address() -> str:
    return network_addresses()[0][0]


class LiveVoting(QObject):
    """The live vote of one window's workshop view: on/off (V), reveal (R), and the writes."""

    vote_arrived = Signal()
    """Emitted on a server thread after a vote is counted; handled on the UI thread."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.workshop = window.workshop
        self.server: LiveServer | None = None
        self.ballot: Ballot | None = None
        self.panel: LivePanel | None = None
        self.problem = ""
        self._flushing = False
        self.flush_timer = QTimer(self, singleShot=True, interval=FLUSH_MS)
        self.flush_timer.timeout.connect(self.flush)
        self.tick = QTimer(self, interval=1000)
        self.tick.timeout.connect(self._sync_view)
        self.vote_arrived.connect(self._on_vote_arrived, Qt.ConnectionType.QueuedConnection)
        self.workshop.installEventFilter(self)
        self.workshop.current_changed.connect(lambda _kloe: self._sync_view())
        self.session.changed.connect(self._on_review_changed)
        self.session.about_to_close.connect(self.stop)
        self.workshop.keys.setText(self.workshop.keys.text() + " · V live vote")

    # View methods (answered by tests) -------------------------------------------------------
    def ask_address(self) -> str | None:
        """The network the phones join on: the facilitator picks it from this computer's."""
        choices = network_addresses()
        items = [f"{ip}   ({name})" for ip, name in choices]
        remembered = str(self.window.settings.value("live/address", "") or "")
        current = next((i for i, (ip, _) in enumerate(choices) if ip == remembered), 0)
        item, ok = QInputDialog.getItem(
            self.window, "Live voting", "Phones join on the network of this address (they "
            "must be on the same Wi-Fi):", items, current, False)
        if not ok:
            return None
        ip = choices[items.index(item)][0]
        self.window.settings.setValue("live/address", ip)
        return ip

    def report(self, title: str, message: str) -> None:
        self.window.show_error(title, message)

    # Switching ------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def toggle(self) -> None:
        if self.running:
            self.stop()
            return
        host = self.ask_address()
        if host is not None:
            try:
                self.start(host)
            except LiveServerError as exc:
                self.report("Live voting could not start", str(exc))

    def start(self, host: str, port: int | None = None) -> str:
        """Serve the voting page on ``host`` (the default port, else any free one when no port
        is given); returns the address. Raises ``LiveServerError`` with a plain message."""
        review = self.session.review
        if review is None:
            raise LiveServerError("open a review first")
        if self.session.readonly:
            raise LiveServerError(f"votes cannot be recorded: this review is read-only "
                                  f"({self.session.readonly_reason})")
        self.stop()
        ballot = Ballot(review)
        for candidate in ([port] if port is not None else [DEFAULT_PORT, 0]):
            server = LiveServer(ballot, host, candidate, self.vote_arrived.emit)
            try:
                server.start()
                break
            except LiveServerError:
                if candidate == (port if port is not None else 0):
                    raise
        self.server, self.ballot = server, ballot
        self.panel = LivePanel(review.framework)
        self.panel.set_address(server.url, session_code(server.token))
        self.workshop.side.addWidget(self.panel)
        self.panel.show()
        self._fit_panel()
        self.tick.start()
        self._sync_view()
        return server.url

    def stop(self) -> None:
        """Write the last votes, close the ballot and stop the server (its threads end)."""
        if self.server is None:
            return
        self.ballot.close()
        self.flush()
        self.tick.stop()
        self.flush_timer.stop()
        server, self.server = self.server, None
        server.stop()
        self.ballot = None
        if self.panel is not None:
            self.panel.setParent(None)
            self.panel.deleteLater()
            self.panel = None
            self._fit_panel()

    def toggle_reveal(self) -> None:
        if self.panel is not None:
            self.panel.set_reveal(not self.panel.revealed)
            self._update_panel()

    # Writing ---------------------------------------------------------------------------------
    def _on_vote_arrived(self) -> None:
        if not self.flush_timer.isActive():
            self.flush_timer.start()

    def flush(self) -> None:
        rf = self.session.file
        if self.ballot is None or rf is None:
            return
        self._flushing = True
        try:
            error = flush(self.ballot, rf.review,
                          lambda command, join: rf.execute(command, join_last=join))
        finally:
            self._flushing = False
        self.problem = "votes are not being saved: " + error if error else ""
        if self.ballot.has_pending() and not self.flush_timer.isActive():
            self.flush_timer.start()
        self._update_panel()

    def _on_review_changed(self, command) -> None:
        if self._flushing or self.ballot is None or self.session.review is None:
            return
        for kloe_id in command.keys("kloe"):
            self.ballot.sync(kloe_id, self.session.review.kloe(kloe_id).votes)
        self._update_panel()

    # Following the workshop ------------------------------------------------------------------
    def _sync_view(self) -> None:
        """Voting is open on the KLOE on the projector, and only while it is shown."""
        if self.ballot is None or self.session.review is None:
            return
        kloe_id = self.workshop.current_kloe() if self.workshop.is_running() else None
        if kloe_id != self.ballot.kloe_id or not self.ballot.is_open:
            if self.ballot.has_pending():
                self.flush()
            if kloe_id is None:
                self.ballot.close()
            else:
                review = self.session.review
                self.ballot.open(kloe_id, review.framework.kloe(kloe_id).statement,
                                 review.kloe(kloe_id).votes)
                if self.panel is not None and self.panel.revealed:
                    self.panel.set_reveal(False)
        self._update_panel()

    def _update_panel(self) -> None:
        if self.panel is None or self.ballot is None or self.session.review is None:
            return
        kloe_id = self.ballot.kloe_id
        votes = self.session.review.kloe(kloe_id).votes if kloe_id else {}
        summary = summarise(self.session.review.framework, votes)
        self.panel.show_state(summary, self.ballot.is_open, self.problem)

    def _fit_panel(self) -> None:
        """Size the panel for the projector, then let the KLOE's type fit what is left."""
        size = self.workshop.size()
        if self.panel is not None:
            self.panel.fit_to(size.width(), size.height(), self.workshop.fit * self.workshop.zoom)
        self.workshop.side.invalidate()
        self.workshop.resizeEvent(QResizeEvent(size, size))
        if self.panel is not None:
            self.panel.fit = self.workshop.fit * self.workshop.zoom
            self._update_panel()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.workshop:
            if event.type() == QEvent.Type.Resize and self.panel is not None:
                self.panel.fit_to(event.size().width(), event.size().height(),
                                  self.workshop.fit * self.workshop.zoom)
            if event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~(
                    Qt.KeyboardModifier.KeypadModifier):
                if event.key() == Qt.Key.Key_V:
                    self.toggle()
                    return True
                if event.key() == Qt.Key.Key_R and self.running:
                    self.toggle_reveal()
                    return True
            elif event.type() == QEvent.Type.Hide and not event.spontaneous():
                self.stop()
        return False


def start_from_cli(window, bind: str | None, port: int | None) -> int:
    """``open --view workshop --live-voting``: vote on the agenda's first KLOE; print the URL."""
    workshop = window.workshop
    if not workshop.is_running() or not workshop.kloe_ids:
        print("sit-maturity: workshop mode could not start on this review", file=sys.stderr)
        return 1
    workshop.start(workshop.slots, workshop.kloe_ids[0])
    try:
        url = window.live_voting.start(bind or default_address(), port)
    except LiveServerError as exc:
        print(f"sit-maturity: {exc}", file=sys.stderr)
        return 1
    print(f"Live voting: {url}", flush=True)
    return 0
