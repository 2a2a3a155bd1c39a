"""Which embedded files could run code when opened, judged by their name and by their content.

A review file travels between partners, so an attachment may come from anyone. Before the app
hands an attachment to the operating system it asks ``runnable(name, data)``: a program, a script,
a shortcut, an installer or a disk image is named in words, so the user can be asked first.
The name is judged as the system would judge it (the last extension, ignoring trailing dots and
spaces), and the content is judged on its own, so a program renamed ``minutes.pdf`` is still a
program.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# Extension → what it is, in words a user recognises.
_KINDS: dict[str, tuple[str, ...]] = {
    "a Windows program": (".exe", ".com", ".scr", ".pif", ".cpl", ".dll", ".xll", ".gadget",
                          ".application", ".appref-ms", ".xbap"),
    "a Windows installer": (".msi", ".msp", ".mst", ".msix", ".msixbundle", ".appx",
                            ".appxbundle"),
    "a Windows batch script": (".bat", ".cmd"),
    "a PowerShell script": (".ps1", ".ps1xml", ".ps2", ".ps2xml", ".psc1", ".psc2", ".psm1",
                            ".psd1"),
    "a Windows script": (".vbs", ".vbe", ".vb", ".js", ".jse", ".wsf", ".wsh", ".ws", ".wsc",
                         ".sct", ".msh", ".msh1", ".msh2", ".mshxml"),
    "an HTML application": (".hta",),
    "a Windows shortcut": (".lnk", ".url", ".scf", ".website", ".library-ms",
                           ".settingcontent-ms", ".search-ms", ".searchconnector-ms"),
    "a Windows registry file": (".reg",),
    "a Windows system file": (".msc", ".inf", ".ins", ".isp", ".chm", ".hlp", ".diagcab",
                              ".mde", ".ade", ".adp", ".mda", ".shb", ".shs"),
    "a Java program": (".jar", ".jnlp", ".class"),
    "a shell script": (".sh", ".bash", ".zsh", ".csh", ".ksh", ".fish", ".command", ".tool"),
    "a program script": (".py", ".pyw", ".pyz", ".pyc", ".pl", ".rb", ".php", ".lua", ".tcl"),
    "a macOS application or installer": (".app", ".pkg", ".mpkg", ".dmg", ".workflow",
                                         ".action", ".scpt", ".applescript", ".terminal"),
    "a Linux program or launcher": (".desktop", ".appimage", ".run", ".elf", ".deb", ".rpm",
                                    ".snap", ".flatpakref"),
    "a disk image": (".iso", ".img", ".vhd", ".vhdx"),
    "an Office file with macros": (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm",
                                   ".potm", ".ppam", ".ppsm", ".sldm"),
}
_BY_EXTENSION = {ext: kind for kind, exts in _KINDS.items() for ext in exts}

# Leading bytes → what they are.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xfe\xed\xfa\xce", "a macOS program"),
    (b"\xfe\xed\xfa\xcf", "a macOS program"),
    (b"\xce\xfa\xed\xfe", "a macOS program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java program"),
    (b"#!", "a script"),
    (b"L\x00\x00\x00\x01\x14\x02\x00", "a Windows shortcut"),
    (b"REGEDIT4", "a Windows registry file"),
    (b"Windows Registry Editor", "a Windows registry file"),
    (b"\xff\xfeW\x00i\x00n\x00d\x00o\x00w\x00s\x00 \x00R\x00e\x00g\x00",
     "a Windows registry file"),
    (b"[Desktop Entry]", "a Linux desktop launcher"),
    (b"[InternetShortcut]", "a Windows shortcut"),
    (b"[Shell]", "a Windows shortcut"),
)
_HEAD = 4096


@dataclass(frozen=True)
class Runnable:
    """An attachment that could run code: what it is, and how that was judged."""

    kind: str
    """In words, e.g. "a Windows program"."""
    by: str
    """"name" or "content"."""
    extension: str = ""

    def reason(self) -> str:
        if self.by == "name":
            return f"its name ends in {self.extension}"
        return "its content says so, whatever its name says"


def extension(name: str) -> str:
    """The extension the system would use to pick a program (lower case, with its dot)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].rstrip(" .\t")
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def kind_by_name(name: str) -> str | None:
    return _BY_EXTENSION.get(extension(name))


def kind_by_content(data: bytes) -> str | None:
    head = bytes(data[:_HEAD])
    stripped = head.lstrip(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark before "#!" or "["
    for magic, kind in _MAGIC:
        if head.startswith(magic) or stripped.startswith(magic):
            return kind
    if b"<hta:application" in head.lower():
        return "an HTML application"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if len(data) >= 512 and bytes(data[-512:-508]) == b"koly":
        return "a macOS disk image"
    if len(data) > 0x8006 and bytes(data[0x8001:0x8006]) == b"CD001":
        return "a disk image"
    return None


def _zip_kind(data: bytes) -> str | None:
    """A ZIP that is really a Java program or an Office file with macros (names only: nothing
    is decompressed, so a hostile archive costs no more than reading its directory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {n.replace("\\", "/").lower() for n in archive.namelist()}
    except Exception:  # a damaged or hostile archive is simply not recognised as either
        return None
    if "meta-inf/manifest.mf" in names or any(n.endswith(".class") for n in names):
        return "a Java program"
    if any(n.endswith("vbaproject.bin") for n in names):
        return "an Office file with macros"
    return None


def runnable(name: str, data: bytes) -> Runnable | None:
    """What could run if this attachment were opened, or None for ordinary documents."""
    by_name = kind_by_name(name)
    if by_name is not None:
        return Runnable(by_name, "name", extension(name))
    by_content = kind_by_content(data)
    if by_content is not None:
        return Runnable(by_content, "content")
    return None
