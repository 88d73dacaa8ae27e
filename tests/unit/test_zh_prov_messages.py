"""Bad input of the provisioning areas through the real CLI, with ``--lang zh`` and ``--lang en``: the Chinese line
says the same thing in Chinese (no run of English words), the English line stays the text of record.

Areas: the calendar override file, the training settings, the price table, the transmission-fee ledger and its
event rows, engineers' leave and closed requests, a state database newer than qpfleet, fleet runs, and the
install gates (the Ansible lookup plugin itself, the terminal's recorded reason in both languages, and the
CLI's own pre-check).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from provisioning import state
from provisioning.dispatch.store import Store
from tests.conftest import FIXTURES, ROOT, require_program
from tests.support.langcheck import chinese_chars, english_runs

NOW = ["--now", "2026-12-01T10:00+08:00"]
T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def both(cli: Any, *argv: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """(exit code, stdout + stderr) of the command in Chinese and in English."""
    zh = cli(*argv, "--lang", "zh")
    en = cli(*argv, "--lang", "en")
    return (zh[0], zh[1] + zh[2]), (en[0], en[1] + en[2])


def chinese(text: str, data: list[str] | None = None) -> None:
    assert english_runs(text, data or []) == [], english_runs(text, data or [])


def english(text: str, data: list[str] | None = None) -> None:
    assert chinese_chars(text, data or []) == [], chinese_chars(text, data or [])


# -- dispatch: the calendar override file, the training settings, leave and requests ---------------------------
def test_a_bad_calendar_override_file_is_explained_line_by_line_in_chinese(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "overrides.yml"
    f.write_text("official_years:\n  - year: 2027\nbogus: 1\ndays:\n"
                 "  - {date: 2026-12-24, kind: holiday, source: x}\n"
                 "  - {date: '2026-13-01', kind: rest, source: x}\n"
                 "  - {date: 2026-12-25, kind: rest}\n"
                 "  - {date: 2026-12-28, kind: rest, source: x}\n"
                 "  - {date: 2026-12-28, kind: work, source: y}\n"
                 "  - 5\n", encoding="utf-8")
    (zc, zh), (ec, en) = both(cli, "dispatch", "calendar", "--calendar", str(f), *NOW)
    assert zc == ec == 2
    assert f"{f}:3: bogus: 未知的键；可用：official_years、days" in zh
    assert f"{f}:2: official_years[0].source: 必须写明通知的出处（gov.cn 网址）" in zh
    assert f"{f}:5: days[0].kind: kind 的值 'holiday' 无效；可选：work（上班）、rest（放假）" in zh
    assert f"{f}:6: days[1].date: '2026-13-01' 不是日期（YYYY-MM-DD）" in zh
    assert f"{f}:7: days[2].source: 必须写明来源（通知网址或备忘录）" in zh
    assert f"{f}:9: days[4].date: 2026-12-28 列出了两次（第一次在 {f}:8: days[3]）" in zh
    assert f"{f}:10: days[5]: 需要 date（日期）、kind（work 上班或 rest 放假）和 source（来源）" in zh
    chinese(zh)
    assert f"{f}:5: days[0].kind: invalid kind 'holiday'; valid: work, rest" in en
    assert f"{f}:9: days[4].date: 2026-12-28 listed twice (first at {f}:8: days[3])" in en
    assert f"{f}:2: official_years[0].source: the notice's reference (gov.cn URL) is required" in en
    english(en)


def test_an_estimated_day_names_its_source_in_chinese(cli: Any, tmp_path: Path) -> None:
    (zc, zh), (ec, en) = both(cli, "dispatch", "calendar", "--calendar", str(tmp_path / "none.yml"),
                              "--from", "2031-05-01", "--to", "2031-05-01", "--allow-estimate", *NOW)
    assert "找不到工作日调整文件" in zh and "calendar override file not found" in en   # a file named and missing
    (zc, zh), (ec, en) = both(cli, "dispatch", "calendar", "--from", "2031-05-01", "--to", "2031-05-01",
                              "--allow-estimate", *NOW)
    assert zc == ec == 1          # an estimate is never the official calendar
    assert "[估算: holidays 软件包按规则推算]" in zh and "holidays package, rule-based guess" in en
    chinese(zh)
    english(en)


def test_bad_training_settings_are_explained_in_chinese(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "training.yml"
    f.write_text("training:\n  first_day: 2026-12-10\n  last_day: 2026-12-01\n  days: weekly\n  times: ['9h']\n"
                 "  capacity: 0\n  registration_due: 2026-12-03\n", encoding="utf-8")
    (zc, zh), (ec, en) = both(cli, "dispatch", "training", "sessions", "--config", str(f), *NOW)
    assert zc == ec == 2
    assert f"{f}:3: training.last_day: 结束日 2026-12-01 早于开始日 first_day 2026-12-10" in zh
    assert f"{f}:4: training.days: days 的值 'weekly' 无效；可选：all、working，或日期列表" in zh
    assert f"{f}:5: training.times[0]: '9h' 不是时刻（HH:MM）" in zh
    assert f"{f}:6: training.capacity: 每场座位数必须是 1 或更大的数字" in zh
    chinese(zh)
    assert f"{f}:4: training.days: invalid days 'weekly'; valid: all, working, or a list of dates" in en
    assert f"{f}:6: training.capacity: seats per session must be a number of 1 or more" in en
    english(en)
    f.write_text("training:\n  first_day: 2026-12-10\n  last_day: 2026-12-18\n  times: 0930\n  capacity: 30\n"
                 "  registration_due: 2026-12-03\n  days: [2026-12-20]\n", encoding="utf-8")
    (zc, zh), (ec, en) = both(cli, "dispatch", "training", "sessions", "--config", str(f), *NOW)
    assert "training.times: 请写出每场的开始时间" in zh and "2026-12-20 不在 2026-12-10 至 2026-12-18 之间" in zh
    assert "2026-12-20 is outside 2026-12-10..2026-12-18" in en
    chinese(zh)


def test_an_engineer_unknown_to_dispatch_and_a_closed_request(cli: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    (zc, zh), (ec, en) = both(cli, "dispatch", "engineer", "leave", "E99", "--from", "2026-12-03", "--to",
                              "2026-12-04", "--db", db, *NOW)
    assert zc == ec == 2
    assert "E99: 没有工程师 'E99'：请先添加（qpfleet dispatch engineer add）" in zh
    assert "E99: unknown engineer 'E99'; add it first (qpfleet dispatch engineer add)" in en
    chinese(zh)
    english(en)
    (zc, zh), (ec, en) = both(cli, "dispatch", "engineer", "leave", "E99", "--from", "2026-12-05", "--to",
                              "2026-12-04", "--db", db, *NOW)
    assert "--to: 休假结束日 2026-12-04 早于开始日 2026-12-05" in zh
    assert "--to: leave ends 2026-12-04 before it starts 2026-12-05" in en
    code, out, _ = cli("dispatch", "request", "add", "--enterprise", "4403980101", "--paid-at",
                       "2026-11-30T16:00+08:00", "--db", db, *NOW)
    assert code == 0, out
    assert cli("dispatch", "request", "done", "1", "--db", db, *NOW)[0] == 0
    (zc, zh), (ec, en) = both(cli, "dispatch", "request", "pause", "1", "--at", "2026-12-01T11:00+08:00",
                              "--db", db, *NOW)
    assert zc == ec == 2
    assert "1: 维护单 1 已完成：只有待处理的维护单可以更改" in zh and "1: request 1 is done; only open requests change" in en
    chinese(zh)


# -- the state database and the ledger: SQLite files -----------------------------------------------------------
def test_a_state_database_newer_than_qpfleet(cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    (zc, zh), (ec, en) = both(cli, "dispatch", "engineer", "list", "--db", str(db), *NOW)
    assert zc == ec == 2
    assert f"{db}: 调度数据库的结构版本 99 比这个 qpfleet 认识的" in zh and "请升级 qpfleet" in zh
    assert f"{db}: dispatch database schema version 99 is newer than this qpfleet knows" in en
    chinese(zh)
    english(en)
    (zc, zh), (ec, en) = both(cli, "dispatch", "engineer", "list", "--db", str(tmp_path / "no" / "state.sqlite3"))
    assert zc == ec == 2
    assert f"无法创建调度数据库：文件夹 {tmp_path / 'no'} 不存在" in zh
    assert f"cannot create the dispatch database: folder {tmp_path / 'no'} does not exist" in en
    chinese(zh)


def test_a_ledger_that_is_another_programs_sqlite_file_and_bad_event_rows(cli: Any, tmp_path: Path) -> None:
    other = tmp_path / "crm.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    events = tmp_path / "events.csv"
    events.write_text("declaration_id,event,card,time\nD1,save,C1,2026-12-01T09:00:00+08:00\n"
                      "D2,teleport,C1,2026-12-01T09:00:00+08:00\nD3,declare,C1,yesterday\n"
                      "D4,declare,C1,1990-01-01T00:00:00+08:00\n", encoding="utf-8")
    args = ("fees", "transmission", "--events", str(events), "-i", str(ROOT / "inventory"))
    (zc, zh), (ec, en) = both(cli, *args, "--ledger", str(other))
    assert zc == ec == 2
    assert f"{other}: 这不是 qpfleet 的传输费台账" in zh
    assert f"{other}: not a qpfleet transmission-fee ledger (another program's or qpfleet's other database?)" in en
    chinese(zh)
    english(en)
    with sqlite3.connect(other) as conn:   # refused before anything was written into it
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]
    (zc, zh), (ec, en) = both(cli, *args, "--strict")
    assert zc == ec == 2
    assert f"{events}:3: event：“teleport”不是 save、declare、reject、clear 之一" in zh
    assert f"{events}:4: time：“yesterday”不是 ISO 日期时间" in zh
    assert f"{events}:5: time：“1990-01-01T00:00:00+08:00”不在 2000 到 2100 年之间" in zh
    assert "--strict：有 3 行格式错误，什么也没有导入" in zh
    chinese(zh, ["D1", "D2"])
    assert f"{events}:3: event: 'teleport' is not one of save, declare, reject, clear" in en
    assert "--strict: nothing imported (3 bad rows)" in en
    english(en)


def test_a_bad_price_table_is_explained_in_chinese(cli: Any, tmp_path: Path) -> None:
    text = (ROOT / "inventory" / "prices.yml").read_text("utf-8")
    first = text[text.index("  - version:"):]
    bad = tmp_path / "prices.yml"
    bad.write_text(text.replace("price_table_version: 1", "price_table_version: 2")
                   + first.replace('"2007-11"', '"2006-01"').replace("2007-11-20", "2006-01-01"), encoding="utf-8")
    (zc, zh), (ec, en) = both(cli, "quote", "--terminals", "3", "--prices", str(bad))
    assert zc == ec == 2
    assert f"{bad}:4: price_table_version: 本版 qpfleet 只能读取 price_table_version 1" in zh
    assert "tables[1].effective_from: 价格版本必须按日期先后排列：2006-01-01 不晚于 2007-11-20" in zh
    chinese(zh)
    assert "tables[1].effective_from: versions must be in date order: 2006-01-01 is not after 2007-11-20" in en
    english(en)
    bad.write_text(text[:text.index("tables:")] + "tables: []\n", encoding="utf-8")
    (zc, zh), (ec, en) = both(cli, "quote", "--terminals", "3", "--prices", str(bad))
    assert "tables: 没有任何价格版本" in zh and "tables: no price versions" in en


def test_a_run_that_does_not_exist(cli: Any, tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    (zc, zh), (ec, en) = both(cli, "runs", "show", "nope", "--db", db)
    assert zc == ec == 2
    assert "RUN: 没有运行 'nope'（提示：还没有运行记录）" in zh and "RUN: no run 'nope' (hint: no runs recorded yet)" in en
    with Store(db) as store:
        for i in range(2):
            state.start_run(store, "preflight", "ansible", T0, run_id=f"r-20261201-{i}")
    (zc, zh), (ec, en) = both(cli, "runs", "show", "r-2026", "--db", db)
    assert "运行编号 'r-2026' 不唯一，可能是：r-20261201-0, r-20261201-1" in zh
    assert "run id 'r-2026' is ambiguous: r-20261201-0, r-20261201-1" in en
    chinese(zh)


# -- the install gates --------------------------------------------------------------------------------------------
def _preflight(store: Store, host: str, verdict: str, longda: str = "pass") -> None:
    rid = state.start_run(store, "preflight", "ansible", T0, run_id=f"r-{host}")
    state.record_result(store, rid, state.HostResult(
        host, "preflight", verdict, T0, "ansible", "4403980101", "5301", verdict,
        checks=[{"id": "longda", "status": longda, "level": "must"}], run_id=rid))


@pytest.fixture
def gate_lookup() -> Any:
    """The lookup plugin as Ansible loads it (its options from its DOCUMENTATION)."""
    from ansible.plugins.loader import init_plugin_loader, lookup_loader

    init_plugin_loader([str(ROOT / "playbooks")])
    return lookup_loader.get("qpfleet.fleet.install_gate")


def test_the_install_gate_lookup_says_why_in_the_language_of_the_run(gate_lookup: Any, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "state.sqlite3"
    inventory = str(ROOT / "inventory")
    Store(db).close()

    def ask(lang: str, host: str = "ht-qp03") -> dict[str, Any]:
        found: dict[str, Any] = gate_lookup.run([host], {}, inventory=inventory, state_db=str(db), run_hosts=[host],
                                                lang=lang)[0]
        return found

    never = ask("zh")
    assert never["refusal"]["key"] == "gate.no_preflight"
    assert never["message"] == (f"ht-qp03：还没有这台终端的检查记录；请先运行：qpfleet preflight -i {inventory} "
                                "--limit ht-qp03")
    assert ask("en")["message"].startswith("ht-qp03: no preflight of this terminal is recorded; run: qpfleet preflight")
    with Store(db) as store:
        _preflight(store, "ht-qp03", "ready")
    zh, en = ask("zh"), ask("en")
    assert not zh["formalities_ok"] and zh["refusal"]["key"] == "gate.formalities"
    assert zh["message"] == ("ht-qp03：企业 4403980101 的传输费协议已签订，技术服务协议已签订，安装费付款未登记；两份协议都签订、"
                             "安装费付清后才能安装（§1.2、§2.1）；银行回执用 qpfleet dispatch pay import FILE 登记")
    chinese(zh["message"])
    assert en["message"].startswith("ht-qp03: enterprise 4403980101 has transmission contract signed, service "
                                    "agreement signed, installation payment not recorded; both must be signed")
    english(en["message"])
    with Store(db) as store:
        _preflight(store, "ht-qp01", "ready", longda="fail")
    longda = ask("zh", "ht-qp01")
    assert "在终端上发现了旧供应商的系统（龙达）" in longda["message"]
    chinese(longda["message"])
    # the language qpfleet was started with, when the task does not say
    monkeypatch.setenv("QPFLEET_LANG", "zh")
    assert ask("")["message"] == zh["message"]
    monkeypatch.setenv("QPFLEET_LANG", "en")
    assert ask("")["message"] == en["message"]
    from ansible.errors import AnsibleError

    with pytest.raises(AnsibleError) as err:
        gate_lookup.run(["ht-qp03"], {}, inventory=inventory, state_db=str(tmp_path / "none.sqlite3"), lang="zh")
    assert "没有 qpfleet 状态数据库" in str(err.value) and "qp_install_state_db" in str(err.value)
    chinese(str(err.value))


def test_a_gate_refusal_is_recorded_as_words_and_shown_in_each_readers_language(tmp_path: Path) -> None:
    """The Tracker keeps the refusal the gate lookup gave (key and parameters), not the play's text."""
    from provisioning.fleet import report
    from provisioning.fleet.results import Tracker
    from provisioning.fleet.selection import Host

    hosts = [Host("ht-qp03", "5301", "皇岗海关", "4403980101", "华通", "winrm"),
             Host("ht-qp04", "5301", "皇岗海关", "4403980101", "华通", "winrm")]
    with Store(tmp_path / "s.sqlite3") as store:
        rid = state.start_run(store, "install", "ansible", T0, options={"hosts": [
            {"host": h.name, "site": h.site, "site_name": h.site_name, "enterprise": h.enterprise,
             "enterprise_name": h.enterprise_name} for h in hosts]}, hosts_total=2)
        tr = Tracker("install", hosts, rid, lambda r: state.record_result(store, rid, r), lambda: T0)
        refusal = {"key": "gate.count", "params": {"host": "ht-qp03", "enterprise": "4403980101", "approved": 3,
                                                   "n": 3, "counted": "ht-qp01, ht-qp02, ht-qp05"}}
        for host, why in (("ht-qp03", refusal), ("ht-qp04", {})):
            tr.feed({"event": "runner_on_ok", "event_data": {
                "host": host, "task": "Install | Gate | Read the gates (latest preflight, registry, payments, "
                "approved count)", "resolved_action": "ansible.builtin.set_fact",
                "res": {"ansible_facts": {"qp_install_gate": {"ok": False, "refusal": why}}}}})
            tr.feed({"event": "runner_on_failed", "event_data": {
                "host": host, "task": "Install | Gate | Within the customs-approved number of terminals",
                "resolved_action": "ansible.builtin.assert", "res": {"msg": "the play's text"}}})
        state.finish_run(store, rid, "complete", T0)
        run = state.get_run(store, rid)
        table = report.rows(run, state.run_results(store, rid))
    zh, en = report.render_table(run, table, "zh", T0), report.render_table(run, table, "en", T0)
    assert "再装这台就超过核准台数（§6.2）" in zh and "ht-qp01, ht-qp02, ht-qp05" in zh
    assert "installing here would exceed the approved count (§6.2)" in en
    assert "安装前检查未通过：the play's text" in zh   # no refusal data from the lookup: the play's message
    chinese(zh.replace("the play's text", ""), ["华通", "皇岗海关"])
    english(en, ["华通", "皇岗海关"])


def test_install_refuses_terminals_without_a_ready_preflight_in_chinese(cli: Any, tmp_path: Path) -> None:
    """The CLI's own pre-check (before any Ansible run): the same verdict words as the gate."""
    msi = tmp_path / "qp-client.msi"
    subprocess.run([require_program("wixl"), "-a", "x86", "-o", str(msi), "qpclient.wxs"], cwd=FIXTURES / "kit",
                   check=True, capture_output=True, timeout=60)
    db = tmp_path / "state.sqlite3"
    with Store(db) as store:
        _preflight(store, "ht-qp01", "not_ready")
    (zc, zh), (ec, en) = both(cli, "install", "-i", str(ROOT / "inventory"), "--limit", "ht-qp01,ht-qp03",
                              "--qp-msi", str(msi), "--db", str(db))
    assert zc == ec == 2
    assert "这些终端最近一次检查不是“可以安装”，不开始安装：ht-qp01（不符合要求）、ht-qp03（没有记录）" in zh
    assert "not started: the latest preflight of these terminals is not ready: ht-qp01 (not ready), ht-qp03 (none)" in en
    chinese(zh)
    english(en)
    (zc, zh), (ec, en) = both(cli, "install", "-i", str(ROOT / "inventory"), "--limit", "ht-qp03", "--qp-msi",
                              str(msi), "--db", str(db), "--cert-validation", "ignore")
    assert "--cert-validation ignore 会接受任何服务器证书" in zh
    assert "--cert-validation ignore accepts any server certificate; add --insecure to mean it" in en
    chinese(zh)


def test_the_boards_price_table_banner_is_in_each_readers_language(tmp_path: Path) -> None:
    """The board loads the files once and shows their problems to readers of either language."""
    import shutil

    from checks.i18n import render
    from provisioning.board.registry_watch import RegistryHolder

    inv = tmp_path / "inventory"
    shutil.copytree(ROOT / "inventory", inv, ignore=shutil.ignore_patterns("calendar*"))
    prices = inv / "prices.yml"
    prices.write_text(prices.read_text("utf-8").replace("price_table_version: 1", "price_table_version: 2"), "utf-8")
    loaded = RegistryHolder(inv, lambda: dt.date(2026, 12, 1)).current()
    zh, en = render(loaded.prices_error, "zh"), render(loaded.prices_error, "en")
    assert zh == f"{prices}:4: price_table_version: 本版 qpfleet 只能读取 price_table_version 1"
    assert en == f"{prices}:4: price_table_version: this qpfleet reads price_table_version 1"


def test_another_programs_sqlite_file_is_not_taken_for_the_dispatch_database(cli: Any, tmp_path: Path) -> None:
    """Given as --db, another program's SQLite file (or qpfleet's own ledger) is refused before a migration
    writes qpfleet's tables into it; the file is left exactly as it was."""
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.close()
    before = other.read_bytes()
    (zc, zh), (ec, en) = both(cli, "dispatch", "request", "list", "--db", str(other), *NOW)
    assert zc == ec == 2, (zh, en)
    assert f"{other}: 不是 qpfleet 的调度数据库" in zh and f"{other}: not a qpfleet dispatch database" in en
    chinese(zh)
    english(en)
    assert other.read_bytes() == before
    # qpfleet's transmission-fee ledger is not its dispatch database either, and the reverse
    ledger = tmp_path / "fees.sqlite"
    code, _, err = cli("fees", "transmission", "--events", str(ROOT / "inventory" / "demo" / "declarations.csv"),
                       "-i", str(ROOT / "inventory"), "--ledger", str(ledger))
    assert code == 0, err
    code, _, err = cli("dispatch", "request", "list", "--db", str(ledger), *NOW, "--lang", "en")
    assert code == 2 and "not a qpfleet dispatch database" in err
    db = tmp_path / "state.sqlite3"
    Store(db).close()
    code, _, err = cli("fees", "transmission", "--events", str(ROOT / "inventory" / "demo" / "declarations.csv"),
                       "-i", str(ROOT / "inventory"), "--ledger", str(db), "--lang", "en")
    assert code == 2 and "not a qpfleet transmission-fee ledger" in err
    # a dispatch database of an earlier qpfleet (no application id yet) is still opened and brought up to date
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 6")
    conn.close()
    with Store(db) as store:
        assert store.version == 7
