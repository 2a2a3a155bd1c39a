"""Where the sample reviews live for this user, built on first use and then reused.

The samples are built (not shipped as binaries) so they always match the installed framework
and file format; once built they are kept, so edits a user makes to try the app persist, until
a new version brings different sample data, framework or file format, when they are rebuilt.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from maturity.database import ReviewFileError

MANIFEST = "samples.txt"


def fingerprint() -> str:
    """Changes whenever the sample data, the bundled framework or the file format does."""
    import hashlib
    from importlib import resources

    from maturity.loader import default_framework_dir
    from maturity.reviewfile import FORMAT_VERSION

    digest = hashlib.sha256(f"format {FORMAT_VERSION}\n".encode())
    digest.update(resources.files("maturity").joinpath("samples", "anyshire.toml").read_bytes())
    for f in sorted(default_framework_dir().glob("*.toml")):
        digest.update(f.name.encode() + f.read_bytes())
    return digest.hexdigest()[:16]


def sample_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".sit-maturity") / "samples"


def sample_paths(folder: Path | None = None) -> list[Path]:
    """The sample review files, oldest first, building them if they are not there yet."""
    folder = folder or sample_folder()
    manifest = folder / MANIFEST
    stamp = f"# {fingerprint()}"
    if manifest.is_file():
        lines = [line.strip() for line in manifest.read_text("utf-8").splitlines()]
        paths = [folder / line for line in lines if line and not line.startswith("#")]
        if stamp in lines and paths and all(p.is_file() for p in paths):
            return paths
    try:
        from maturity.samples import build_samples
    except ImportError:
        raise ReviewFileError("The sample reviews are not part of this installation of SIT "
                              "Maturity; open a review file instead.") from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = [Path(p) for p in build_samples(folder)]
        manifest.write_text(stamp + "\n" + "".join(f"{p.name}\n" for p in paths), "utf-8")
    except OSError as exc:
        raise ReviewFileError(f"The sample reviews could not be written to {folder} "
                              f"({exc.strerror or exc}). Free some disk space or check the "
                              f"folder's permissions, then try again.") from None
    return paths


def newest_sample(folder: Path | None = None) -> Path:
    return sample_paths(folder)[-1]
