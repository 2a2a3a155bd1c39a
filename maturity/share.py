"""A copy of a review to send to others, without what the partnership meant to be gone.

The working file keeps every overwritten sentence and every removed attachment in its undo
history. A shared copy is a new file holding only the review as it stands: no undo history,
no embedded file that no evidence item uses (and, when asked, no embedded files or evidence
text at all), written whole and vacuumed, so no deleted page of the original can linger in it.
The working file is only read; it keeps its history.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .database import SUFFIX, ReviewFileError, connect, journal_path
from .filekinds import describe_mode
from .filelock import lock_path
from .review import EvidenceItem, KloeAssessment, Record
from .reviewdb import write_failure
from .reviewfile import ReviewFile


@dataclass(frozen=True)
class ShareReport:
    """What the shared copy left out, for the user to read before sending it."""

    path: Path
    history_steps: int
    unused_attachments: tuple[tuple[str, int], ...] = ()
    attachments_left_out: tuple[tuple[str, int], ...] = ()
    evidence_texts_blanked: int = 0
    kept: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"Shared copy written to {self.path}", "Left out:"]
        steps = self.history_steps
        out.append(f"  the undo history ({steps} step{'s' if steps != 1 else ''}, with every "
                   f"overwritten or deleted text in it)" if steps
                   else "  no undo history (there was none)")
        if self.unused_attachments:
            out.append(f"  {_files(self.unused_attachments)} no evidence item uses any more: "
                       f"{_names(self.unused_attachments)}")
        if self.attachments_left_out:
            out.append(f"  {_files(self.attachments_left_out)} attached to evidence (asked to "
                       f"leave attachments out; the evidence items keep their titles and file "
                       f"names): {_names(self.attachments_left_out)}")
        if self.evidence_texts_blanked:
            out.append(f"  the text of {self.evidence_texts_blanked} evidence narrative(s) and "
                       f"note(s) (asked to leave evidence text out)")
        return out


def _files(items: tuple[tuple[str, int], ...]) -> str:
    size = sum(s for _, s in items)
    return f"{len(items)} embedded file{'s' if len(items) != 1 else ''} ({_size(size)})"


def _names(items: tuple[tuple[str, int], ...], limit: int = 5) -> str:
    names = [n for n, _ in items[:limit]]
    return ", ".join(names) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def check_share_target(source: Path, out: Path) -> None:
    """The copy goes to a new file: never over the source, a review, a FIFO or a device."""
    if out.suffix != SUFFIX:
        raise ReviewFileError(f"{out}: a review file name must end in {SUFFIX}")
    if not out.parent.is_dir():
        raise ReviewFileError(f"{out.parent}: no such folder")
    if os.path.lexists(out):
        try:
            st = os.stat(out)
        except OSError:
            st = None
        if st is not None and source.exists() and os.path.samefile(source, out):
            raise ReviewFileError(f"{out}: is the review being shared; choose a new name")
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise ReviewFileError(f"{out}: is {describe_mode(st.st_mode)}; choose a new name")
        raise ReviewFileError(f"{out}: already exists; a shared copy never replaces a file, "
                              f"choose a new name")


def share_copy(source: str | Path, out: str | Path, *, attachments: bool = True,
               evidence_text: bool = True) -> ShareReport:
    """Write a shared copy of ``source`` to ``out`` and say what it left out."""
    source, out = Path(source), Path(out)
    check_share_target(source, out)
    with ReviewFile.open(source, readonly=True) as rf:
        review = rf.review
        stored = rf.attachment_names()
        steps = rf.history_size()
        records: list[Record] = []
        blanked = 0
        used: set[str] = set()
        left_out: dict[str, tuple[str, int]] = {}
        for kind, items in review.records.items():
            if kind == "info":
                continue
            for record in items.values():
                if isinstance(record, EvidenceItem) and record.attachment:
                    if attachments:
                        used.add(record.attachment)
                    else:
                        left_out[record.attachment] = stored.get(
                            record.attachment, (record.filename, 0))
                        record = record.model_copy(update={"attachment": ""})
                if not evidence_text:
                    record, n = _without_text(record)
                    blanked += n
                records.append(record)
        kept = [(stored[d][0], rf.attachment(d)) for d in sorted(used) if d in stored]
        unused = tuple(v for d, v in sorted(stored.items(), key=lambda i: i[1][0])
                       if d not in used and d not in left_out)
        _write(out, review.framework, review.info, records, kept)
    return ShareReport(out, steps, unused, tuple(sorted(left_out.values())), blanked,
                       {"records": len(records) + 1, "attachments": len(kept)})


def _without_text(record: Record) -> tuple[Record, int]:
    if isinstance(record, KloeAssessment):
        fields = {"narrative": "", "previous_narrative": "", "change_reason": ""}
    elif isinstance(record, EvidenceItem):
        fields = {"note": ""}
    else:
        return record, 0
    had = sum(1 for f in fields if getattr(record, f))
    return (record.model_copy(update=fields), had) if had else (record, 0)


def _write(out: Path, framework, info, records: list[Record],
           attachments: list[tuple[str, bytes]]) -> None:
    """Write beside ``out``, vacuum, then give it its name (never replacing anything)."""
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.sharing{SUFFIX}")
    try:
        ReviewFile.create(tmp, framework, info, records, attachments).close()
        try:
            con = connect(tmp, readonly=False)
            try:
                con.execute("VACUUM")
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise write_failure(out, exc, "the shared copy could not be written") from None
        try:
            os.link(tmp, out)
        except FileExistsError:
            raise ReviewFileError(f"{out}: already exists; choose a new name") from None
        except OSError as exc:
            raise write_failure(out, exc, "the shared copy could not be written") from None
    finally:
        for leftover in (tmp, journal_path(tmp), lock_path(tmp)):
            try:
                if os.path.lexists(leftover):
                    os.unlink(leftover)
            except OSError:
                pass
