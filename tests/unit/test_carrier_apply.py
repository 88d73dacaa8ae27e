"""Apply and undo on file and INI targets; the INI keeps its encoding, line ends and other lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checks.carrier.apply import HISTORY_NAME, STATE_NAME, Target, apply_choice, current_carrier, undo
from checks.carrier.config import load_config
from checks.errors import QpError

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def config(tmp_path: Path, apply: str, state: str = "state") -> str:
    text = f"""\
carriers:
  netcom: {{resolvers: ["10.0.0.53"], service_host: qp.netcom.example., service_port: 80,
           expected_prefixes: ["10.1.0.0/16"]}}
  telecom: {{resolvers: ["10.9.0.53"], service_host: qp.telecom.example., service_port: 80,
            expected_prefixes: ["10.2.0.0/16"]}}
apply:
{apply}
  state_dir: {tmp_path / state}
"""
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_file_apply_records_previous_and_undo_restores(tmp_path: Path) -> None:
    target = tmp_path / "server.txt"
    target.write_text("qp.netcom.example\n")
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {target}"))
    assert current_carrier(cfg, Target(cfg).read()) == "netcom"
    done = apply_choice(cfg, "telecom", {"verdict": "Telecom: ..."}, NOW)
    assert done == {"target": str(target), "value": "qp.telecom.example", "previous": "qp.netcom.example",
                    "changed": True}
    assert target.read_text() == "qp.telecom.example\n"
    state = json.loads((tmp_path / "state" / STATE_NAME).read_text())
    assert state["measurement"] == {"verdict": "Telecom: ..."} and state["at"] == NOW.isoformat()
    # re-applying the same carrier changes nothing and keeps what undo restores
    assert apply_choice(cfg, "telecom", {}, NOW)["changed"] is False
    assert len((tmp_path / "state" / HISTORY_NAME).read_text().splitlines()) == 2
    assert undo(cfg, NOW)["restored"] == "qp.netcom.example"
    assert target.read_text() == "qp.netcom.example\n"
    with pytest.raises(QpError, match="already undone"):
        undo(cfg, NOW)


def test_undo_removes_a_setting_that_did_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "server.txt"
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {target}"))
    apply_choice(cfg, "netcom", {}, NOW)
    assert target.exists()
    undo(cfg, NOW)
    assert not target.exists()


def test_undo_refuses_over_someone_elses_change(tmp_path: Path) -> None:
    target = tmp_path / "server.txt"
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {target}"))
    apply_choice(cfg, "netcom", {}, NOW)
    target.write_text("hand.edited.example\n")
    with pytest.raises(QpError, match="changed since the apply"):
        undo(cfg, NOW)
    assert target.read_text() == "hand.edited.example\n"


def test_undo_with_nothing_applied(tmp_path: Path) -> None:
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {tmp_path / 'x'}"))
    with pytest.raises(QpError, match="nothing to undo"):
        undo(cfg, NOW)


def test_ini_edit_keeps_gbk_crlf_comments_and_other_keys(tmp_path: Path) -> None:
    ini = tmp_path / "qp.ini"
    original = "; QP 服务器设置\r\n[Server]\r\nAddress = qp.netcom.example\r\nPort=80\r\n\r\n[Print]\r\n格式=标准格式\r\n"
    ini.write_bytes(original.encode("gbk"))
    cfg = load_config(config(tmp_path, f"  target: ini\n  path: {ini}\n  ini_section: server\n  ini_key: address"))
    assert Target(cfg).read() == "qp.netcom.example"
    apply_choice(cfg, "telecom", {}, NOW)
    assert ini.read_bytes().decode("gbk") == original.replace("qp.netcom.example", "qp.telecom.example").replace(
        "Address = ", "Address=")
    undo(cfg, NOW)
    assert Target(cfg).read() == "qp.netcom.example"


def test_ini_key_added_to_its_section_or_a_new_one(tmp_path: Path) -> None:
    ini = tmp_path / "qp.ini"
    ini.write_text("[Server]\nPort=80\n\n[Print]\nCopies=1\n", encoding="utf-8")
    cfg = load_config(config(tmp_path, f"  target: ini\n  path: {ini}"))
    apply_choice(cfg, "netcom", {}, NOW)
    assert ini.read_text() == "[Server]\nPort=80\nAddress=qp.netcom.example\n\n[Print]\nCopies=1\n"
    undo(cfg, NOW)
    assert ini.read_text() == "[Server]\nPort=80\n\n[Print]\nCopies=1\n"
    empty = tmp_path / "new.ini"
    cfg2 = load_config(config(tmp_path, f"  target: ini\n  path: {empty}", state="s2"))
    apply_choice(cfg2, "telecom", {}, NOW)
    assert empty.read_text() == "[Server]\nAddress=qp.telecom.example\n"


def test_registry_tool_missing_is_a_clear_error(tmp_path: Path) -> None:
    cfg = load_config(config(tmp_path, "  target: registry\n  registry_key: 'HKLM\\SOFTWARE\\QP'\n"
                                       "  registry_command: [no-such-reg-tool]"))
    with pytest.raises(QpError, match="registry tool 'no-such-reg-tool' not found"):
        Target(cfg).read()
