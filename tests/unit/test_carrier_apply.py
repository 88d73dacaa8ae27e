"""Apply and undo on file and INI targets; the INI keeps its encoding, line ends and other lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checks.carrier.apply import (
    HISTORY_NAME,
    STATE_NAME,
    Target,
    UndoRefused,
    apply_choice,
    current_carrier,
    undo,
)
from checks.carrier.config import load_config
from checks.errors import InputError, QpError, ValidationErrors

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
    assert ini.read_bytes() == original.replace("qp.netcom.example", "qp.telecom.example").encode("gbk")
    undo(cfg, NOW)
    assert ini.read_bytes() == original.encode("gbk")


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


def test_undo_restores_the_file_byte_for_byte_and_apply_keeps_its_mode(tmp_path: Path) -> None:
    """Spacing, mixed line ends, a missing last line end, a BOM, other sections and the file mode."""
    ini = tmp_path / "qp.ini"
    original = "\ufeff; comment\r\n[Print]\nCopies = 2\r\n\r\n[Server]\r\n  Port =  80  \r\naddress\t=\tqp.netcom.example"
    ini.write_bytes(original.encode("utf-8"))
    ini.chmod(0o640)
    cfg = load_config(config(tmp_path, f"  target: ini\n  path: {ini}"))
    apply_choice(cfg, "telecom", {}, NOW)
    assert ini.read_bytes() == original.replace("qp.netcom.example", "qp.telecom.example").encode("utf-8")
    assert ini.stat().st_mode & 0o777 == 0o640
    undo(cfg, NOW)
    assert ini.read_bytes() == original.encode("utf-8") and ini.stat().st_mode & 0o777 == 0o640


def test_a_read_only_target_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "server.txt"
    target.write_text("qp.netcom.example\n")
    target.chmod(0o444)
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {target}"))
    with pytest.raises(InputError, match="read-only") as exc:
        apply_choice(cfg, "telecom", {}, NOW)
    assert exc.value.exit_code == 2
    assert target.read_text() == "qp.netcom.example\n" and not (tmp_path / "state").exists()


def test_a_failed_write_rolls_the_state_back(tmp_path: Path) -> None:
    good = tmp_path / "server.txt"
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {good}"))
    apply_choice(cfg, "netcom", {}, NOW)
    state = (tmp_path / "state" / STATE_NAME).read_bytes()
    # a registry tool that fails every call (the real /bin/false): the write fails after the state was written
    bad = load_config(config(tmp_path, "  target: registry\n  registry_key: 'HKLM\\SOFTWARE\\QP'\n"
                                       "  registry_command: [\"false\"]"))
    with pytest.raises(QpError, match="nothing was changed"):
        apply_choice(bad, "telecom", {}, NOW)
    assert (tmp_path / "state" / STATE_NAME).read_bytes() == state      # still the last real apply
    assert len((tmp_path / "state" / HISTORY_NAME).read_text().splitlines()) == 1
    assert undo(cfg, NOW)["restored"] is None and not good.exists()


def test_a_crash_between_state_and_setting_leaves_nothing_to_undo(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "server.txt"
    target.write_text("qp.netcom.example\n")
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {target}"))

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # the process dies after the state was written, before the setting

    monkeypatch.setattr(Target, "write_raw", killed)
    with pytest.raises(KeyboardInterrupt):
        apply_choice(cfg, "telecom", {}, NOW)
    monkeypatch.undo()
    assert target.read_text() == "qp.netcom.example\n"
    with pytest.raises(UndoRefused, match="did not complete") as exc:
        undo(cfg, NOW)
    assert exc.value.exit_code == 1 and target.read_text() == "qp.netcom.example\n"


def test_undo_refusals_are_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "server.txt"
    cfg = load_config(config(tmp_path, f"  target: file\n  path: {target}"))
    with pytest.raises(UndoRefused):
        undo(cfg, NOW)
    apply_choice(cfg, "netcom", {}, NOW)
    undo(cfg, NOW)
    with pytest.raises(UndoRefused, match="already undone") as exc:
        undo(cfg, NOW)
    assert exc.value.exit_code == 1


def test_one_value_for_both_carriers_cannot_be_applied_nor_read_back(tmp_path: Path) -> None:
    text = f"""\
carriers:
  netcom: {{resolvers: ["10.0.0.53"], service_host: qp.eport.example., service_port: 80,
           expected_prefixes: ["10.1.0.0/16"]}}
  telecom: {{resolvers: ["10.9.0.53"], service_host: qp.eport.example., service_port: 80,
            expected_prefixes: ["10.2.0.0/16"]}}
apply: {{target: file, path: {tmp_path / 't.txt'}, state_dir: {tmp_path / 's'}}}
"""
    path = tmp_path / "same.yaml"
    path.write_text(text, "utf-8")
    cfg = load_config(str(path))   # measuring is fine: each carrier's DNS answers the name differently
    assert cfg.apply_problems == (f"{path}:4: carriers.telecom.service_host: netcom and telecom would both "
                                  "write 'qp.eport.example' to the QP server setting; give each carrier its own "
                                  "value under apply.values (e.g. the address its DNS answers, or the host name "
                                  "the QP client needs)",)
    assert current_carrier(cfg, "qp.eport.example") is None          # never "the first carrier"
    with pytest.raises(ValidationErrors):
        apply_choice(cfg, "netcom", {}, NOW)
    assert not (tmp_path / "t.txt").exists()
    fixed = text.replace("state_dir:", "values: {netcom: 10.1.0.9, telecom: 10.2.0.9}, state_dir:")
    path.write_text(fixed, "utf-8")
    cfg = load_config(str(path))
    assert cfg.apply_problems == () and current_carrier(cfg, "10.2.0.9") == "telecom"
