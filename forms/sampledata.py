"""Where the sample reviews live for this user, built on first use and then reused.

The samples are built (not shipped as binaries) so they always match the installed framework
and file format; once built they are kept, so edits a user makes to try the app persist.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from maturity.reviewfile import ReviewFileError

MANIFEST = "samples.txt"


def sample_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".sit-maturity") / "samples"


def sample_paths(folder: Path | None = None) -> list[Path]:
    """The sample review files, oldest first, building them if they are not there yet."""
    folder = folder or sample_folder()
    manifest = folder / MANIFEST
    if manifest.is_file():
        paths = [folder / line.strip() for line in manifest.read_text("utf-8").splitlines()
                 if line.strip()]
        if paths and all(p.is_file() for p in paths):
            return paths
    try:
        from maturity.samples import build_samples
    except ImportError:
        raise ReviewFileError("The sample reviews are not part of this installation of SIT "
                              "Maturity; open a review file instead.") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = [Path(p) for p in build_samples(folder)]
        manifest.write_text("".join(f"{p.name}\n" for p in paths), "utf-8")
    except OSError as exc:
        raise ReviewFileError(f"The sample reviews could not be written to {folder} "
                              f"({exc.strerror or exc}). Free some disk space or check the "
                              f"folder's permissions, then try again.") from None
    return paths


def newest_sample(folder: Path | None = None) -> Path:
    return sample_paths(folder)[-1]
