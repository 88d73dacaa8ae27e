"""The one bounded reader, the strict JSON loader, the CSV reader and writer, and terminal-safe text."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from checks.errors import InputError
from checks.textio import (
    cell_problem,
    csv_header,
    csv_records,
    csv_text,
    decode_text,
    iter_lines,
    loads_json,
    neutralise_cell,
    read_bytes,
    safe_text,
)


def test_read_bytes_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    for path, words in ((Path("/dev/zero"), "not a regular file"), (tmp_path / "fifo", "not a regular file"),
                        (tmp_path, "is a directory"), (tmp_path / "link", "broken symbolic link"),
                        (tmp_path / "none", "not found")):
        with pytest.raises(InputError, match=words):
            read_bytes(path, what="thing")


def test_read_bytes_stops_at_the_limit(tmp_path: Path) -> None:
    f = tmp_path / "f"
    f.write_bytes(b"x" * 5000)
    assert read_bytes(f, 5000) == b"x" * 5000
    with pytest.raises(InputError, match="over the 4 KiB limit"):
        read_bytes(f, 4096)
    with pytest.raises(InputError, match="longer than 4096 bytes"):
        read_bytes("a" * 5000)


def test_iter_lines_streams_utf8_and_names_the_line_of_a_bad_byte(tmp_path: Path) -> None:
    f = tmp_path / "f.csv"
    f.write_bytes(b"\xef\xbb\xbfa,b\r\n" + "中文,x\n".encode() * 30000 + b"bad \xff\n")
    lines = iter_lines(f)
    assert next(lines) == "a,b\r\n"
    with pytest.raises(InputError) as caught:
        list(lines)
    assert str(caught.value) == f"{f}:30002: file is not UTF-8 text; save it as UTF-8"
    f.write_bytes("a\n".encode("utf-16"))
    with pytest.raises(InputError, match=r":1: file is not UTF-8 text \(it looks like UTF-16"):
        list(iter_lines(f))


def test_decode_text_falls_back_only_when_asked_and_never_for_utf16() -> None:
    gbk = "深圳,1\n".encode("gbk")
    assert decode_text(gbk, "p.csv", fallback="gb18030") == ("深圳,1\n", "gb18030")
    with pytest.raises(InputError, match="not UTF-8"):
        decode_text(gbk, "p.csv")
    with pytest.raises(InputError, match="UTF-16"):
        decode_text("a".encode("utf-16"), "p.csv", fallback="gb18030")


@pytest.mark.parametrize(("text", "where", "words"), [
    ('a,"b\nc,d\n', "f:1", "never closed"),
    ('x,y\nz,"w"v\n', "f:2", "quote inside a field must be doubled"),
    ("x," * 100 + "\n", "f:1", "101 columns, more than 64"),
])
def test_csv_records_structural_errors_name_the_record_line(text: str, where: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        list(csv_records(io.StringIO(text, newline=""), "f"))
    assert str(caught.value).startswith(f"{where}: CSV file: ") and words in str(caught.value)


def test_csv_records_give_the_line_a_record_starts_on() -> None:
    rows = list(csv_records(io.StringIO('a,b\n\n"multi\nline",c\nd,e\n', newline=""), "f"))
    assert rows == [(1, ["a", "b"]), (3, ["multi\nline", "c"]), (5, ["d", "e"])]


def test_csv_header_refuses_a_column_twice_unknown_or_missing() -> None:
    known, required = ("id", "amount", "note"), ("id", "amount")
    assert csv_header([" Amount", "ID"], "f:1", known, required) == {"amount": 0, "id": 1}
    for cells, words in ((["id", "amount", "amount"], "column 'amount' appears twice in the header (columns 2 and 3)"),
                         (["id", "amount", "colour"], "unknown column 'colour'"), (["id"], "header lacks amount")):
        with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
            csv_header(cells, "f:1", known, required)


def test_cell_problem() -> None:
    assert cell_problem("深圳市甲报关有限公司", "name") is None
    assert cell_problem("a\tb", "name") is None
    assert cell_problem("x" * 65, "id", 64) == "id: longer than 64 characters"
    assert cell_problem("a\x1b[2J", "name") == "name: control character U+001B in 'a\\\\x1b[2J'"


@pytest.mark.parametrize(("text", "words"), [
    ('{"a": 1, "a": 2}', 'duplicate key "a"'), ("[1e999]", "beyond the range of a decimal number"),
    ("[-Infinity]", "-Infinity is not a JSON number"), ("[123456789012345678901]", "beyond the 64-bit range"),
    ("[" * 65 + "]" * 65, "nested more than 64 levels deep"), ('["\\udfff"]', "lone UTF-16 surrogate"),
    ('{"a": 1', "not a JSON document (Expecting ',' delimiter"),
])
def test_loads_json_is_strict(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace("[", r"\[")):
        loads_json(text, "f")


def test_loads_json_names_the_line_of_a_duplicate_key() -> None:
    with pytest.raises(InputError) as caught:
        loads_json('{\n "probes": {\n  "memory": 1,\n  "cpu": 2,\n  "memory": 3\n }\n}', "f.json", "facts")
    assert str(caught.value) == 'f.json:5: facts: duplicate key "memory"'


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell
    row = next(csv.reader(io.StringIO(csv_text(None, [[cell, -5, 1.5, None, True]], bom=False))))
    assert row == ["'" + cell, "-5", "1.5", "", "true"]


def test_csv_text_is_excel_ready() -> None:
    text = csv_text(["名称", "n"], [["深圳", 1]])
    assert text == "\ufeff名称,n\r\n深圳,1\r\n"


def test_safe_text_escapes_every_control_and_format_character() -> None:
    assert safe_text("a\x1b[2Jb\r\nc\x00\x85\u2028\u202e\ud800d\t") == \
        "a\\x1b[2Jb\\r\\nc\\x00\\u0085\\u2028\\u202e\\ud800d\\t"
    assert safe_text("深圳市 ① ｢ok｣") == "深圳市 ① ｢ok｣"
