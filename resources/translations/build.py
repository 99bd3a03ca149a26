"""Build the Vietnamese catalogue: extract the UI's English strings, fill them from the glossaries,
compile ``vi.qm``.

    .venv/bin/python resources/translations/build.py          # rewrite vi.ts and vi.qm
    .venv/bin/python resources/translations/build.py --check  # exit 1 if missing or stale

``pyside6-lupdate`` reads every ``agent_app/ui/**/*.py`` into ``vi.ts``; each message gets its
Vietnamese from ``glossary/*.json`` (one file per area, ``{"English": "Tiếng Việt"}``; a key
``"Context|English"`` or ``"Context|English|disambiguation"`` applies to that context only and
wins over the plain key, for tables whose words differ from the same English elsewhere); the
strings with no entry are listed and the build fails; ``pyside6-lrelease`` makes ``vi.qm``.

The ``Vocab`` context (labels of the contract's wire values, shown by ``ui.i18n.vocab_text``) is
added from ``sync.domain.vocab.LABELS``, whose Vietnamese stays the one source for them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
UI_DIR = ROOT / "agent_app" / "ui"
TS = HERE / "vi.ts"
VOCAB_CONTEXT = "Vocab"  # agent_app.ui.i18n.VOCAB_CONTEXT
QM = HERE / "vi.qm"


def _tool(name: str) -> str:
    # Beside the interpreter (a virtualenv's bin/ or Scripts\, where Windows adds .exe), or on
    # PATH (shutil.which tries PATHEXT's suffixes on Windows).
    here = Path(sys.executable).parent
    beside = next((p for p in (here / name, here / f"{name}.exe") if p.is_file()), None)
    found = str(beside) if beside is not None else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6 in this interpreter's environment")
    return found


def glossary() -> dict[str, str]:
    """Every glossary merged; two areas giving one string different Vietnamese is an error."""
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted((HERE / "glossary").glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        for source, target in entries.items():
            if source in merged and merged[source] != target:
                raise SystemExit(
                    f"{source!r}: {origin[source]} says {merged[source]!r}, "
                    f"{path.name} says {target!r}"
                )
            merged[source] = target
            origin[source] = path.name
    return merged


def extract(ts: Path) -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in UI_DIR.rglob("*.py"))
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *sources,
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "en_US",
            "-target-language",
            "vi_VN",
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def vocab_labels() -> dict[str, str]:
    """English label -> Vietnamese label of every wire value (``sync.domain.vocab.LABELS``)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sync.domain.vocab import LABELS

    return {en: vi for vi, en in LABELS.values()}


def add_vocab(tree: ET.ElementTree) -> None:
    """The ``Vocab`` context, one message per wire value's English label."""
    root = tree.getroot()
    for old in [c for c in root.iter("context") if c.findtext("name") == VOCAB_CONTEXT]:
        root.remove(old)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = VOCAB_CONTEXT
    for source in sorted(vocab_labels()):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        ET.SubElement(message, "translation")


def lookup(words: dict[str, str], context: str, source: str, comment: str | None) -> str | None:
    keys = [f"{context}|{source}|{comment}"] if comment else []
    keys += [f"{context}|{source}", source]
    return next((words[k] for k in keys if k in words), None)


def fill(ts: Path, words: dict[str, str]) -> list[tuple[str, str]]:
    """Put the glossary's Vietnamese into every message; returns the (context, source) missing."""
    tree = ET.parse(ts)
    add_vocab(tree)
    words = {**words, **{f"{VOCAB_CONTEXT}|{en}": vi for en, vi in vocab_labels().items()}}
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            target = lookup(words, name, source, message.findtext("comment"))
            numerus = message.get("numerus") == "yes"
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            if target and numerus:  # Vietnamese has a single plural form
                ET.SubElement(translation, "numerusform").text = target
            elif target:
                translation.text = target
            if target:
                translation.attrib.pop("type", None)
            else:
                translation.set("type", "unfinished")
                missing.append((name, source))
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def release(ts: Path, qm: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )


def build(out_dir: Path) -> list[tuple[str, str]]:
    ts, qm = out_dir / "vi.ts", out_dir / "vi.qm"
    extract(ts)
    missing = fill(ts, glossary())
    release(ts, qm)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        missing = build(out)
        for context, source in missing:
            print(f"missing Vietnamese: [{context}] {source!r}", file=sys.stderr)
        if args.check:
            stale = [
                p.name
                for p in (TS, QM)
                if not p.exists() or p.read_bytes() != (out / p.name).read_bytes()
            ]
            for name in stale:
                print(f"{name} is stale: run resources/translations/build.py", file=sys.stderr)
            return 1 if missing or stale else 0
        shutil.copyfile(out / "vi.ts", TS)
        shutil.copyfile(out / "vi.qm", QM)
    print(f"{TS.relative_to(ROOT)}, {QM.relative_to(ROOT)} written; {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
