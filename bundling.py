"""Build-time helpers of ``build.spec`` (PyInstaller): what the laptop bundle leaves out beyond
the spec's exclusion lists. Plain Python (no PyInstaller import), so the tests can run them.

- :func:`needed_only` drops the shared libraries nothing left in the bundle loads. Leaving out
  a Qt plugin (the GTK 3 theme, the PDF image format) does not take out the libraries
  PyInstaller collected for it (GTK, cairo, pango; QtPdf, QtNetwork): this walks the links from
  what stays and keeps only the libraries reached.
- :func:`small_icu_data` rebuilds Qt's ICU data library (Linux wheels carry a 32 MB
  ``libicudata.so.73``) with the data Qt can use for Vietnamese and English: every locale-free
  item (character properties, normalisation, time zones, the root locale) and the ``vi`` and
  ``en`` locales, without the other 800 locales, the 200 legacy-charset converters (Qt decodes
  UTF-8 itself; the app never asks Qt for another charset) and the Chinese, Japanese, Thai,
  Lao, Khmer and Burmese word-break dictionaries. Needs a C compiler; without one the full
  library stays. Windows builds carry no ICU (Qt uses the system's).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# (destination in the bundle, source path, PyInstaller typecode)
Entry = tuple[str, str, str]

_PLAIN_LIBRARY = re.compile(r"(^lib.*\.so(\.\d+)*$)|(\.dll$)|(\.dylib$)", re.IGNORECASE)
_PYTHON_LIBRARY = re.compile(r"^(lib)?python3[\d.]*(\.dll|\.so.*|\.dylib)$", re.IGNORECASE)


def _dest(entry: Entry) -> PurePosixPath:
    return PurePosixPath(entry[0].replace("\\", "/"))


def _is_root(entry: Entry) -> bool:
    """What the bundle loads for its own sake: Python extension modules, Qt plugins (Qt opens
    them by path), the Python library (the bootloader opens it); every other shared library
    stays only when one of these needs it."""
    dest = _dest(entry)
    if entry[2] == "EXTENSION" or "plugins" in dest.parts:
        return True
    if _PYTHON_LIBRARY.match(dest.name):
        return True
    return not _PLAIN_LIBRARY.search(dest.name) or ".cpython-" in dest.name or ".abi3." in dest.name


def needed_only(
    binaries: Iterable[Entry], imports_of: Callable[[str], Iterable[str]] | None = None
) -> list[Entry]:
    """``binaries`` without the shared libraries no root needs, directly or through another
    library. ``imports_of(source path)`` names the libraries a file links (PyInstaller's
    ``bindepend.get_imports`` by default: ``ldd`` on Linux, the PE import table on Windows).
    A ``SYMLINK`` entry stays when its target does."""
    entries = list(binaries)
    if imports_of is None:
        from PyInstaller.depend.bindepend import get_imports

        def imports_of(path: str) -> Iterable[str]:
            return [os.path.basename(name) for name, _full in get_imports(path)]

    by_name: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        by_name.setdefault(_dest(entry).name.lower(), []).append(index)
    by_dest = {str(_dest(e)): i for i, e in enumerate(entries)}
    reached: set[int] = set()
    queue = [i for i, e in enumerate(entries) if e[2] != "SYMLINK" and _is_root(e)]
    while queue:
        index = queue.pop()
        if index in reached:
            continue
        reached.add(index)
        dest, source, typecode = entries[index]
        if typecode == "SYMLINK":
            target = os.path.normpath(os.path.join(os.path.dirname(dest), source))
            found = by_dest.get(target.replace("\\", "/"))
            if found is not None:
                queue.append(found)
            continue
        try:
            names = list(imports_of(source))
        except Exception:  # an unreadable file keeps everything it might need
            names = [_dest(e).name for e in entries]
        for name in names:
            queue.extend(by_name.get(os.path.basename(name).lower(), ()))
    return [e for i, e in enumerate(entries) if i in reached]


# -- ICU data ---------------------------------------------------------------------------------

KEEP_LANGUAGES = ("root", "en", "vi")
_PAD = b"\xaa"  # what ICU's own tools pad with
_LOCALE_ITEM = re.compile(r"^([a-z]{2,3}|root)(_[A-Za-z0-9]*)*\.res$")


def keep_icu_item(name: str) -> bool:
    """Whether the item ``icudt73l/coll/vi.res`` (for example) stays in the trimmed data."""
    base = name.rsplit("/", 1)[-1]
    if base.endswith((".cnv", ".dict")):
        return False
    if _LOCALE_ITEM.match(base):
        return base.split(".")[0].split("_")[0] in KEEP_LANGUAGES
    return True


def read_icu_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """An ICU common-data package (``CmnD``): its header and its (name, data) items."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD" or blob[4 + 4] != 0:
        raise ValueError("not a little-endian ICU common-data package")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    offsets = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(offsets):
        name = toc[name_at : toc.index(b"\0", name_at)].decode("ascii")
        end = offsets[i + 1][1] if i + 1 < count else len(toc)
        items.append((name, toc[data_at:end]))
    return blob[:header_size], items


def write_icu_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package of ``items`` (kept in their sorted order, each data item 16-byte aligned)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    table = 4 + 8 * len(items)
    data_at = table + len(names)
    data_at += -(len(header) + data_at) % 16
    entries = []
    name_at = table
    chunks = []
    at = data_at
    for name, data in items:
        entries.append(struct.pack("<II", name_at, at))
        name_at += len(name) + 1
        pad = -(len(header) + at + len(data)) % 16
        chunks.append(data + _PAD * pad)
        at += len(data) + pad
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    toc += _PAD * (data_at - len(toc))
    return header + toc + b"".join(chunks)


def _icu_blob(library: bytes) -> tuple[str, bytes]:
    """The exported data symbol of ``libicudata`` (``icudt73_dat``) and its bytes."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", library, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", library, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)
    ]
    dynsym = next(s for s in sections if s[1] == 11)  # SHT_DYNSYM
    strtab = sections[dynsym[6]]
    for at in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        st_name, _info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", library, at)
        name_at = strtab[4] + st_name
        name = library[name_at : library.index(b"\0", name_at)].decode("ascii")
        if name.startswith("icudt") and name.endswith("_dat") and size:
            section = sections[shndx]
            offset = section[4] + (value - section[3])
            return name, library[offset : offset + size]
    raise ValueError("no icudt*_dat symbol")


def build_icu_library(source: Path, target: Path, compiler: str) -> None:
    """Write to ``target`` a ``libicudata`` holding only the items :func:`keep_icu_item` keeps,
    under the same symbol and soname as ``source``."""
    symbol, blob = _icu_blob(source.read_bytes())
    header, items = read_icu_package(blob)
    package = write_icu_package(header, [(n, d) for n, d in items if keep_icu_item(n)])
    work = target.parent
    work.mkdir(parents=True, exist_ok=True)
    (work / "icudata.dat").write_bytes(package)
    (work / "icudata.S").write_text(
        f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n{symbol}:\n"
        f'.incbin "icudata.dat"\n.size {symbol}, .-{symbol}\n'
        '.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8",
    )
    subprocess.run(
        [
            compiler,
            "-shared",
            "-nostdlib",
            f"-Wl,-soname,{source.name}",
            "-o",
            str(target),
            "icudata.S",
        ],
        cwd=work,
        check=True,
    )


def small_icu_data(binaries: Iterable[Entry], workpath: Path) -> list[Entry]:
    """``binaries`` with Qt's ``libicudata.so.*`` replaced by the trimmed one (Linux, when a C
    compiler is found; otherwise unchanged, and the build says why)."""
    entries = list(binaries)
    compiler = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    out = []
    for dest, source, typecode in entries:
        name = _dest((dest, source, typecode)).name
        if typecode != "SYMLINK" and name.startswith("libicudata.so"):
            if compiler is None:
                print("[bundling] no C compiler: Qt's full ICU data (32 MB) stays")
            else:
                target = workpath / "icu" / name
                try:
                    build_icu_library(Path(source), target, compiler)
                except (OSError, ValueError, subprocess.CalledProcessError) as exc:
                    print(f"[bundling] ICU data not trimmed ({exc}); the full library stays")
                else:
                    before, after = Path(source).stat().st_size, target.stat().st_size
                    print(f"[bundling] {name}: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
                    source = str(target)
        out.append((dest, source, typecode))
    return out
