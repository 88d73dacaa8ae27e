"""Hostile inputs, generated at test time: billion laughs, devices, FIFOs, deep JSON, huge numbers,
wrong encodings, BOMs, CRLF, control characters, duplicate keys and look-alike characters."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

REGISTRY = (FIXTURES / "registry" / "valid.yml").read_text(encoding="utf-8")
FACTS = json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text(encoding="utf-8")) \
    if (FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").exists() else None
DISPATCH_REGISTRY = FIXTURES / "dispatch" / "registry"
PAYEE = "4430 6666 0180 1000 12345"
PAY_HEAD = "receipt_no,customs_code,payer_name,method,account_type,account_number,payee_account,amount_yuan,paid_at,purpose"
PAY_ROW = ("BOC1,4403990001,深圳市甲报关有限公司,transfer,corporate,6222 0000 0000 0000 1234," + PAYEE +
           ",200.00,2026-11-30T09:15:00+08:00,maintenance")
EVENTS_HEAD = "declaration_id,event,card,time"
EVENTS = [EVENTS_HEAD, "D001,save,5301010001,2007-12-10T09:00:00+08:00",
          "D001,declare,5301019001,2007-12-10T09:30:00+08:00"]


def billion_laughs(top: str = "lol") -> str:
    """About 1 KB of YAML that expands to 10^9 strings when aliases are copied out."""
    lines = [f'a: &a ["{"lol" * 8}", "{"lol" * 8}", "{"lol" * 8}", "{"lol" * 8}", "{"lol" * 8}", "{"lol" * 8}", '
             f'"{"lol" * 8}", "{"lol" * 8}", "{"lol" * 8}", "{"lol" * 8}"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    lines.append(f"{top}: *{prev}")
    return "\n".join(lines) + "\n"


def facts_doc() -> dict[str, object]:
    if FACTS is not None:
        return dict(FACTS)
    name = sorted((FIXTURES / "facts").glob("*.json"))[0]
    data: dict[str, object] = json.loads(name.read_text(encoding="utf-8"))
    return data


def write(path: Path, text: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def edit(*pairs: str) -> str:
    text = REGISTRY
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# -- makers: each takes the case's folder and creates its inputs there ------------------------------
def fifo(name: str):  # type: ignore[no-untyped-def]
    def make(d: Path) -> None:
        os.mkfifo(d / name)
    return make


def file_(name: str, text: str | bytes, encoding: str = "utf-8"):  # type: ignore[no-untyped-def]
    def make(d: Path) -> None:
        write(d / name, text, encoding)
    return make


def registry_dir(*files: tuple[str, str | bytes | None]):  # type: ignore[no-untyped-def]
    """A registry folder ``d/reg/registry`` holding the valid base plus ``files`` (None: a FIFO; a str
    starting with '->': a symbolic link to that target; '/': a folder)."""
    def make(d: Path) -> None:
        folder = d / "reg" / "registry"
        folder.mkdir(parents=True)
        write(folder / "base.yml", REGISTRY)
        for name, content in files:
            if content is None:
                os.mkfifo(folder / name)
            elif isinstance(content, str) and content.startswith("->"):
                (folder / name).symlink_to(content[2:])
            elif content == "/":
                (folder / name).mkdir()
            else:
                write(folder / name, content)
    return make


def sparse(name: str, size: int):  # type: ignore[no-untyped-def]
    """A file that claims ``size`` bytes (sparse: nothing is written)."""
    def make(d: Path) -> None:
        with open(d / name, "wb") as fh:
            fh.truncate(size)
    return make


def deep_json(name: str, depth: int = 100_000):  # type: ignore[no-untyped-def]
    return file_(name, "[" * depth + "]" * depth)


def facts_with(name: str, raw: str):  # type: ignore[no-untyped-def]
    """A facts file: the good document's JSON with ``raw`` spliced in after the opening brace."""
    def make(d: Path) -> None:
        text = json.dumps(facts_doc(), ensure_ascii=False)
        write(d / name, "{" + raw + text[1:])
    return make


def facts_text(name: str, old: str, new: str, encoding: str = "utf-8", bom: bytes = b""):  # type: ignore[no-untyped-def]
    """The good facts document as indented JSON with one text replaced."""
    def make(d: Path) -> None:
        text = json.dumps(facts_doc(), ensure_ascii=False, indent=1)
        assert old in text, old
        write(d / name, bom + text.replace(old, new, 1).encode(encoding))
    return make


def events(name: str, *rows: str, head: str | None = EVENTS_HEAD, encoding: str = "utf-8"):  # type: ignore[no-untyped-def]
    return file_(name, "\n".join(([head] if head else []) + list(rows)) + "\n", encoding)


def payments(name: str, *rows: str, head: str = PAY_HEAD, encoding: str = "utf-8"):  # type: ignore[no-untyped-def]
    return file_(name, "\n".join([head, *rows]) + "\n", encoding)


def profile_chain(n: int):  # type: ignore[no-untyped-def]
    """``p0.yaml`` extends ``p1.yaml`` … up to ``p{n}``, which extends current."""
    def make(d: Path) -> None:
        for i in range(n):
            write(d / f"p{i}.yaml", f"extends: p{i + 1}.yaml\nname: p{i}\n")
        write(d / f"p{n}.yaml", "extends: current\nname: last\n")
    return make


def chmod(name: str, mode: int):  # type: ignore[no-untyped-def]
    """Take permissions away from ``name`` (a file or folder of the case) after the other makers ran."""
    def make(d: Path) -> None:
        (d / name).chmod(mode)
    return make


def folder(name: str):  # type: ignore[no-untyped-def]
    def make(d: Path) -> None:
        (d / name).mkdir(parents=True)
    return make


def several(*makers):  # type: ignore[no-untyped-def]
    def make(d: Path) -> None:
        for m in makers:
            m(d)
    return make


def dispatch_registry_with(name_edit: tuple[str, str]):  # type: ignore[no-untyped-def]
    """A copy of the dispatch fixture registry (with its price table), one text replaced."""
    def make(d: Path) -> None:
        import shutil

        shutil.copytree(DISPATCH_REGISTRY, d / "reg")
        for f in (d / "reg" / "registry").glob("*.yml"):
            text = f.read_text(encoding="utf-8")
            if name_edit[0] in text:
                write(f, text.replace(name_edit[0], name_edit[1]))
    return make


__all__ = ["ROOT"]
