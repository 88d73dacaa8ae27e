"""Hostile inputs to every command, each run as a real qpfleet process under a memory and a time limit.

For each case: the documented exit code; the documented number of error lines on stderr (one, unless
the command lists several problems), the first naming where; no traceback; the process under
:data:`harness.CPU_SECONDS` of CPU, :data:`harness.RSS_MB` of memory and the wall-time budget; and
nothing written that should not be (a refused import leaves no ledger, no database).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile import harness
from tests.hostile.harness import UNPRIVILEGED, Case, Run
from tests.hostile.inputs import (
    DISPATCH_REGISTRY,
    EVENTS,
    PAY_HEAD,
    PAY_ROW,
    billion_laughs,
    chmod,
    deep_json,
    dispatch_registry_with,
    edit,
    events,
    facts_text,
    fifo,
    file_,
    folder,
    payments,
    profile_chain,
    registry_dir,
    several,
    sparse,
)

NOW = ["--now", "2026-10-01T09:00+08:00", "--lang", "en"]  # dispatch: official data reaches far enough
DREG = ["--registry", str(DISPATCH_REGISTRY)]
LEDGER = ["-i", "{inv}", "--ledger", "{d}/ledger.sqlite", "--lang", "en"]
SECRET = "Hunter2-S3cret!"
LOL = billion_laughs()


def fees(events_file: str, *extra: str) -> list[str]:
    return ["fees", "transmission", "--events", events_file, *LEDGER, *extra]


def csv_cells_neutralised(run: Run, d: Path) -> None:
    data = (d / "out.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in data and ",=HYPERLINK" not in data and "\n=HYPERLINK" not in data, data


def escaped_in_stderr(run: Run, d: Path) -> None:
    assert "\x1b" not in run.err and "\\x1b" in run.err, run.err


def ledger_charged_once(run: Run, d: Path) -> None:
    assert '"total_fen": 1500' in run.out, run.out


def _assert_in(needle: str, hay: str) -> None:
    assert needle in hay, hay


def _no_raw_control(text: str) -> None:
    assert "\x1b" not in text and "\\x1b" in text and "forged line" in text, text


def _planned_visit(d: Path) -> None:
    """A store with one engineer and one planned visit of the enterprise whose name starts with '='."""
    from provisioning.dispatch.store import Store

    (d / "reg").mkdir(exist_ok=True)
    with Store(d / "db") as store, store.transaction() as conn:
        conn.execute("INSERT INTO engineers (id, name, skills, sites, daily_capacity)"
                     " VALUES ('E1', '=cmd|'' /C calc''!A0', '[\"maintenance\"]', '[\"5301\"]', 4)")
        conn.execute("INSERT INTO campaigns (id, site, day, notify_by, created_at)"
                     " VALUES (1, '5301', '2026-10-09', '2026-10-06', '2026-10-01T01:00:00+00:00')")
        conn.execute("INSERT INTO visits (kind, engineer, day, site, enterprise, campaign_id)"
                     " VALUES ('install', 'E1', '2026-10-09', '5301', '4403990001', 1)")


def _empty_ledger(name: str):  # type: ignore[no-untyped-def]
    def make(d: Path) -> None:
        from provisioning.fees.ledger_store import LedgerFile

        LedgerFile(d / name).close()
    return make


def _dispatch_store(d: Path) -> None:
    from provisioning.dispatch.store import Store

    Store(d / "db").close()


def _carrier_config(d: Path) -> None:
    text = (harness.ROOT / "checks" / "data" / "carrier.yaml").read_text(encoding="utf-8")
    text = text.replace("example: true", "example: false").replace("state_dir: null", f"state_dir: {d / 'state'}")
    (d / "state").mkdir()
    (d / "c.yaml").write_text(text, encoding="utf-8")


CASES: list[Case] = [
    # ---- YAML: billion laughs, recursion, depth, YAML 1.1 numbers, in every YAML the CLI reads ----
    Case("registry-billion-laughs", ["inventory", "check", "-i", "{d}/lol.yml"], make=file_("lol.yml", LOL),
         where="lol.yml:", words="aliases expand this document"),
    Case("registry-merge-key-bomb", ["inventory", "check", "-i", "{d}/m.yml"],
         make=file_("m.yml", "a: &a {x: 1, y: 2}\n" + "".join(
             f"{n}: &{n} {{<<: [{', '.join(['*' + p] * 9)}]}}\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))),
         where="m.yml:", words="duplicate key"),
    Case("registry-recursive-alias", ["inventory", "check", "-i", "{d}/r.yml"], make=file_("r.yml", "sites: &s [*s]\n"),
         where="r.yml:1", words="recursive alias"),
    Case("registry-nested-500", ["inventory", "check", "-i", "{d}/n.yml"],
         make=file_("n.yml", "sites: " + "[" * 500 + "]" * 500 + "\n"), where="n.yml:1", words="nested more than"),
    Case("registry-nested-100k", ["inventory", "check", "-i", "{d}/n.yml"],
         make=file_("n.yml", "sites: " + "[" * 100_000 + "]" * 100_000 + "\n"), where="n.yml:1",
         words="YAML syntax error"),
    Case("registry-octal", ["inventory", "check", "-i", "{d}/o.yml"],
         make=file_("o.yml", edit("approved_terminals: 2", "approved_terminals: 010")),
         where="o.yml:15: enterprises[0].approved_terminals", words="YAML 1.1 reads '010' as 8"),
    Case("registry-sexagesimal", ["inventory", "check", "-i", "{d}/o.yml"],
         make=file_("o.yml", edit("approved_terminals: 2", "approved_terminals: 1:30")),
         where="o.yml:15: enterprises[0].approved_terminals", words="as 90"),
    Case("profile-billion-laughs", ["selfcheck", "--profile", "{d}/p.yaml", "--facts",
                                    str(harness.ROOT / "tests/fixtures/facts/xp-sp3-zh-p4-desktop.json")],
         make=file_("p.yaml", LOL), where="p.yaml:", words="aliases expand"),
    Case("carrier-config-billion-laughs", ["carrier", "test", "--config", "{d}/c.yaml", "--lang", "en"],
         make=file_("c.yaml", LOL), where="c.yaml:", words="aliases expand"),
    Case("calendar-billion-laughs", ["dispatch", "calendar", "--calendar", "{d}/cal.yml", *NOW],
         make=file_("cal.yml", LOL), where="cal.yml:", words="aliases expand"),
    Case("training-billion-laughs", ["dispatch", "training", "sessions", "--config", "{d}/t.yml", "--db", "{d}/db",
                                     *DREG, *NOW], make=file_("t.yml", LOL), where="t.yml:", words="aliases expand",
         absent=["db"]),
    Case("prices-billion-laughs", ["quote", "--terminals", "3", "--prices", "{d}/p.yml"], make=file_("p.yml", LOL),
         where="p.yml:", words="aliases expand"),
    Case("profile-extends-chain-of-20", ["selfcheck", "--profile", "{d}/p0.yaml", "--offline"],
         make=profile_chain(20), where="p8.yaml:1", words="more than 8 profiles"),
    Case("profile-extends-itself", ["selfcheck", "--profile", "{d}/p.yaml", "--offline"],
         make=file_("p.yaml", "extends: ./p.yaml\nname: loop\n"), where="p.yaml:1", words="profile loop"),
    Case("profile-extends-long-path", ["selfcheck", "--profile", "{d}/p.yaml", "--offline"],
         make=file_("p.yaml", "extends: " + "a/" * 3000 + "x.yaml\n"), where="p.yaml:1", words="longer than"),
    Case("profile-extends-dev-zero", ["selfcheck", "--profile", "{d}/p.yaml", "--offline"],
         make=file_("p.yaml", "extends: /dev/zero\n"), where="/dev/zero", words="not a regular file"),
    # ---- devices, FIFOs, folders, links, sizes ----
    Case("facts-dev-zero", ["selfcheck", "--facts", "/dev/zero"], where="/dev/zero", words="not a regular file"),
    Case("facts-fifo", ["selfcheck", "--facts", "{d}/f.json"], make=fifo("f.json"), where="f.json",
         words="not a regular file"),
    Case("facts-folder", ["selfcheck", "--facts", "{d}"], where="facts", words="is a directory"),
    Case("facts-40-mib-sparse", ["selfcheck", "--facts", "{d}/big.json"], make=sparse("big.json", 40 << 20),
         where="big.json", words="over the 32 MiB limit"),
    Case("registry-dev-zero", ["inventory", "check", "-i", "/dev/zero"], where="/dev/zero",
         words="not a regular file"),
    Case("registry-fifo-among-files", ["inventory", "check", "-i", "{d}/reg"], make=registry_dir(("x.yml", None)),
         where="registry/x.yml", words="not a regular file"),
    Case("registry-dangling-symlink", ["inventory", "check", "-i", "{d}/reg"],
         make=registry_dir(("gone.yml", "->/nonexistent/site.yml")), where="registry/gone.yml",
         words="broken symbolic link"),
    Case("registry-folder-named-yml", ["inventory", "check", "-i", "{d}/reg"], make=registry_dir(("old.yml", "/")),
         where="registry/old.yml", words="is a directory"),
    Case("registry-empty-file", ["inventory", "check", "-i", "{d}/reg"], make=registry_dir(("empty.yml", "")),
         where="registry/empty.yml:1", words="registry file is empty"),
    Case("registry-upper-case-suffix-is-read", ["inventory", "check", "-i", "{d}/reg"],
         make=registry_dir(("MORE.YML", 'sites:\n  - {code: "53", name: x, address: y}\n')),
         where="registry/MORE.YML:2: sites[0].code", words="a customs site code is 4 digits"),
    Case("registry-25-mib", ["inventory", "check", "-i", "{d}/big.yml"], make=sparse("big.yml", 25 << 20),
         where="big.yml", words="over the 20 MiB limit"),
    Case("events-dev-zero", fees("/dev/zero"), where="/dev/zero", words="not a regular file", absent=["ledger.sqlite"]),
    Case("events-fifo", fees("{d}/e.csv"), make=fifo("e.csv"), where="e.csv", words="not a regular file",
         absent=["ledger.sqlite"]),
    Case("events-2-gib-sparse", fees("{d}/e.csv"), make=sparse("e.csv", 2 << 30), where="e.csv",
         words="over the 1024 MiB limit", absent=["ledger.sqlite"]),
    Case("payments-dev-zero", ["dispatch", "pay", "import", "/dev/zero", "--db", "{d}/db", *DREG, *NOW],
         where="/dev/zero", words="not a regular file", absent=["db"]),
    Case("hosts-file-fifo", ["preflight", "--hosts-file", "{d}/h", "--user", "u"], make=fifo("h"), where="h",
         words="not a regular file"),
    Case("password-file-dev-zero", ["preflight", "--winrm", "pc-01", "--user", "u", "--password-file", "/dev/zero"],
         where="/dev/zero", words="not a regular file"),
    Case("carrier-config-folder", ["carrier", "test", "--config", "{d}", "--lang", "en"], where="carrier",
         words="is a directory"),
    # ---- JSON: depth, numbers, duplicate keys, schema_version, encodings ----
    Case("facts-100k-deep", ["selfcheck", "--facts", "{d}/f.json"], make=deep_json("f.json"), where="f.json",
         words="nested more than 64 levels"),
    Case("facts-10-pow-400", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"schema_version": 1', '"schema_version": 1, "x": 1' + "0" * 400),
         where="f.json", words="beyond the 64-bit range"),
    Case("facts-1e400", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"schema_version": 1', '"schema_version": 1, "x": 1e400'), where="f.json",
         words="beyond the range of a decimal number"),
    Case("facts-memory-twice", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"probes": {', '"probes": {"memory": {"status": "observed", "value": '
                                                  '{"installed_bytes": 4294967296}},'),
         where="f.json:", words='duplicate key "memory"'),
    Case("facts-schema-version-float", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"schema_version": 1', '"schema_version": 1.0'), where="f.json",
         words="schema_version: must be the whole number 1"),
    Case("facts-schema-version-true", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"schema_version": 1', '"schema_version": true'), where="f.json",
         words="schema_version: must be the whole number 1"),
    Case("facts-nan", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"schema_version": 1', '"schema_version": 1, "x": NaN'), where="f.json",
         words="NaN is not a JSON number"),
    Case("facts-lone-surrogate", ["selfcheck", "--facts", "{d}/f.json"],
         make=facts_text("f.json", '"XP-SP3-ZH-P4-DE"', '"\\ud800"'), where="f.json", words="lone UTF-16 surrogate"),
    Case("facts-utf16-with-bom-is-read", ["selfcheck", "--facts", "{d}/f.json", "--lang", "en"], code=0, lines=0,
         make=facts_text("f.json", '"schema"', '"schema"', encoding="utf-16")),
    Case("facts-control-characters-escaped", ["selfcheck", "--facts", "{d}/f.json", "--lang", "en"], code=0, lines=0,
         make=facts_text("f.json", '"XP-SP3-ZH-P4-DE"', '"PC\\u001b[2J\\r\\nforged line"'),
         check=lambda run, d: (_no_raw_control(run.out), None)[1]),
    # ---- registry text: encodings, BOM/CRLF, control characters, look-alikes, rules ----
    Case("registry-gbk", ["inventory", "check", "-i", "{d}/g.yml"], make=file_("g.yml", edit(), "gbk"),
         where="g.yml:7", words="not UTF-8 text"),
    Case("registry-utf16", ["inventory", "check", "-i", "{d}/u.yml"], make=file_("u.yml", edit(), "utf-16"),
         where="u.yml:1", words="looks like UTF-16"),
    Case("registry-bom-crlf-is-read", ["inventory", "check", "-i", "{d}/b.yml", "--lang", "en"], code=0, lines=0,
         make=file_("b.yml", b"\xef\xbb\xbf" + edit().replace("\n", "\r\n").encode())),
    Case("registry-escape-in-name", ["inventory", "check", "-i", "{d}/e.yml"],
         make=file_("e.yml", edit("    name: 深圳市鹏程报关有限公司\n", '    name: "深圳市鹏程\\e[2J\\r报关"\n')),
         where="e.yml:62: enterprises[1].name", words="control character U+001B", check=escaped_in_stderr),
    Case("registry-rtl-override-in-holder", ["inventory", "check", "-i", "{d}/e.yml"],
         make=file_("e.yml", edit("holder: 李娜", 'holder: "李\\u202e娜"')), where="e.yml:53: enterprises[0].cards[0].holder",
         words="control character U+202E"),
    Case("registry-cyrillic-in-customs-code", ["inventory", "check", "-i", "{d}/c.yml"],
         make=file_("c.yml", edit('"4403980101"', '"44039801\u0410\u0412"')),
         where="c.yml:10: enterprises[0].customs_code", words="only digits and capital letters"),
    Case("registry-full-width-customs-code", ["inventory", "check", "-i", "{d}/c.yml"],
         make=file_("c.yml", edit('"4403980101"', '"４４０３９８０１０１"')),
         where="c.yml:10: enterprises[0].customs_code", words="only digits and capital letters"),
    Case("registry-full-width-bank-number", ["inventory", "check", "-i", "{d}/c.yml"],
         make=file_("c.yml", edit('number: "6222600012345678"', 'number: "６２２２６０００１２３４５６７８"')),
         where="c.yml:20: enterprises[0].transmission_contract.account_number", words="8 to 30 digits 0-9"),
    Case("registry-empty-signer", ["inventory", "check", "-i", "{d}/s.yml"],
         make=file_("s.yml", edit("      signer: 深圳市华通报关有限公司", "      signer: ''")),
         where="s.yml:16: enterprises[0].transmission_contract", words="a signed transmission-fee contract needs signer"),
    Case("registry-ipv4-mapped-duplicate", ["inventory", "check", "-i", "{d}/a.yml"],
         make=file_("a.yml", edit("address: 10.53.2.11", 'address: "::ffff:10.53.1.12"')),
         where="a.yml:81: enterprises[1].terminals[0].address", words="duplicate address"),
    Case("inventory-show-control-in-argument", ["inventory", "show", "-i", "{inv}", "--enterprise", "\x1b[2J\x07"],
         where="--enterprise", words="no enterprise", check=escaped_in_stderr),
    # ---- CSV: events ----
    Case("events-column-twice", fees("{d}/e.csv"), make=events("e.csv", "D1,save,5301010001,2007-12-10T09:00,x",
                                                               head="declaration_id,event,card,time,card"),
         where="e.csv:1", words="column 'card' appears twice", absent=["ledger.sqlite"]),
    Case("events-unterminated-quote", fees("{d}/e.csv"),
         make=events("e.csv", *EVENTS[1:], '"D002,save,5301010001,2007-12-10T09:00', *EVENTS[1:] * 50),
         where="e.csv:4", words="never closed", absent=["ledger.sqlite"]),
    Case("events-columns-in-any-order", fees("{d}/e.csv", "--json"), code=0, lines=0,
         make=events("e.csv", "2007-12-10T09:00:00+08:00,5301010001,save,D001",
                     "2007-12-10T09:30:00+08:00,5301019001,declare,D001", head="time,card,event,declaration_id"),
         check=ledger_charged_once),
    Case("events-year-9999", fees("{d}/e.csv", "--strict"),
         make=events("e.csv", *EVENTS[1:], "D002,save,5301010001,9999-12-31T23:59:59-23:59"),
         where="e.csv:4: time", words="outside the years 2000-2100", lines=2, absent=["ledger.sqlite"]),
    Case("events-declared-before-the-price-table", fees("{d}/e.csv"), code=1,
         make=events("e.csv", *EVENTS[1:], "D002,save,5301010001,2001-01-01T09:00",
                     "D002,declare,5301019001,2001-01-01T10:00"),
         where="e.csv:5: time", words="before the first price version", lines=2,
         check=lambda run, d: (_assert_in("warning", run.err), None)[1]),
    Case("events-200k-field", fees("{d}/e.csv"), make=events("e.csv", "D" * 200_000 + ",save,5301010001,2007-12-10"),
         where="e.csv:2", words="longer than", absent=["ledger.sqlite"]),
    Case("events-nul-and-escape", fees("{d}/e.csv", "--strict"),
         make=events("e.csv", *EVENTS[1:], "D\x00\x1b[2J,save,5301010001,2007-12-10T09:00"),
         where="e.csv:4: declaration_id", words="control character U+0000", lines=2, absent=["ledger.sqlite"]),
    Case("events-utf16", fees("{d}/e.csv"), make=events("e.csv", *EVENTS[1:], encoding="utf-16"), where="e.csv:1",
         words="looks like UTF-16", absent=["ledger.sqlite"]),
    Case("events-gbk", fees("{d}/e.csv"), make=events("e.csv", "D1,save,卡,2007-12-10", encoding="gbk"),
         where="e.csv:2", words="not UTF-8", absent=["ledger.sqlite"]),
    Case("events-bom-crlf-is-read", fees("{d}/e.csv", "--json"), code=0, lines=0,
         make=file_("e.csv", b"\xef\xbb\xbf" + "\r\n".join(EVENTS).encode() + b"\r\n"), check=ledger_charged_once),
    Case("events-ten-megabyte-line", fees("{d}/e.csv"), make=file_("e.csv", "x" * (10 << 20)), where="e.csv:1",
         words="longer than", absent=["ledger.sqlite"]),
    # ---- CSV: payments ----
    Case("payments-amount-column-twice", ["dispatch", "pay", "import", "{d}/p.csv", "--db", "{d}/db", *DREG, *NOW],
         make=payments("p.csv", PAY_ROW + ",300.00", head=PAY_HEAD + ",amount_yuan"), where="p.csv:1",
         words="column 'amount_yuan' appears twice", absent=["db"]),
    Case("payments-unterminated-quote", ["dispatch", "pay", "import", "{d}/p.csv", "--db", "{d}/db", *DREG, *NOW],
         make=payments("p.csv", PAY_ROW, PAY_ROW.replace("BOC1,", 'BOC2,"'), PAY_ROW.replace("BOC1", "BOC3")),
         where="p.csv:3", words="never closed", absent=["db"]),
    Case("payments-wrong-payee", ["dispatch", "pay", "import", "{d}/p.csv", "--db", "{d}/db", *DREG, *NOW],
         make=payments("p.csv", PAY_ROW.replace("4430 6666 0180 1000 12345", "6222 0000 1111 2222 3333")),
         where="p.csv:2: payee_account", words="not the sub-centre's account", absent=["db"]),
    Case("payments-cash-at-the-counter", ["dispatch", "pay", "import", "{d}/p.csv", "--db", "{d}/db", *DREG, *NOW],
         make=payments("p.csv", PAY_ROW.replace("transfer,corporate,6222 0000 0000 0000 1234", "cash,,")),
         where="p.csv:2: method", words="cash paid at the sub-centre is not accepted", absent=["db"]),
    Case("payments-full-width-amount", ["dispatch", "pay", "import", "{d}/p.csv", "--db", "{d}/db", *DREG, *NOW],
         make=payments("p.csv", PAY_ROW.replace("200.00", "２００.00")), where="p.csv:2: amount", words="not yuan",
         absent=["db"]),
    Case("payments-utf16", ["dispatch", "pay", "import", "{d}/p.csv", "--db", "{d}/db", *DREG, *NOW],
         make=payments("p.csv", PAY_ROW, encoding="utf-16"), where="p.csv:1", words="looks like UTF-16", absent=["db"]),
    Case("payments-formula-in-export", ["dispatch", "export", "--csv", "{d}/out.csv", "--db", "{d}/db",
                                        "--registry", "{d}/reg", *NOW], code=0, lines=0,
         make=several(dispatch_registry_with(("深圳市甲报关有限公司", "=HYPERLINK(\"http://x\")甲")), _planned_visit),
         check=csv_cells_neutralised),
    # ---- State Council notices, campaigns (issue 14's commands) ----
    Case("notice-dev-zero", ["dispatch", "calendar", "import-notice", "/dev/zero", *NOW], where="/dev/zero",
         words="not a regular file"),
    Case("notice-fifo", ["dispatch", "calendar", "import-notice", "{d}/n.txt", *NOW], make=fifo("n.txt"),
         where="n.txt", words="not a regular file"),
    Case("notice-3-mib-sparse", ["dispatch", "calendar", "import-notice", "{d}/n.txt", *NOW],
         make=sparse("n.txt", 3 << 20), where="n.txt", words="over the 2 MiB limit"),
    Case("notice-write-refused-calendar", ["dispatch", "calendar", "import-notice", "{d}/n.txt", "--write",
                                           "--calendar", "{d}/cal.yml", *NOW],
         make=several(file_("n.txt", "国务院办公厅关于2027年部分节假日安排的通知\n" + "x" * 100),
                      file_("cal.yml", LOL)), where="cal.yml:", words="aliases expand", absent=[]),
    Case("campaign-cancel-30-digits", ["dispatch", "campaign", "cancel", "9" * 30, "--db", "{d}/db", *NOW],
         where="campaign cancel", words="must be a whole number", absent=["db"]),
    # ---- a USB kit brought back (issue 9's kit collect): the stick comes back from anywhere ----
    Case("kit-manifest-100k-deep", ["kit", "collect", "{d}/kit", "--db", "{d}/db", "--lang", "en"],
         make=several(folder("kit/qpfleet"), deep_json("kit/manifest.json"), file_("kit/qpfleet/settings.json", "{}")),
         where="manifest.json", words="nested more than 64 levels"),
    Case("kit-manifest-a-list", ["kit", "collect", "{d}/kit", "--db", "{d}/db", "--lang", "en"],
         make=several(folder("kit/qpfleet"), file_("kit/manifest.json", "[1, 2]"),
                      file_("kit/qpfleet/settings.json", "{}")),
         where="manifest.json", words="not a JSON object"),
    Case("kit-settings-duplicate-key", ["kit", "collect", "{d}/kit", "--db", "{d}/db", "--lang", "en"],
         make=several(folder("kit/qpfleet"), file_("kit/manifest.json", '{"schema": "qpfleet.kit-manifest"}'),
                      file_("kit/qpfleet/settings.json", '{"schema": 1,\n "schema": 2}')),
         where="settings.json:2", words='duplicate key "schema"'),
    Case("users-password-file-fifo", ["users", "add", "ana", "--role", "viewer", "--password-file", "{d}/p",
                                      "--db", "{d}/db", "--lang", "en"], make=fifo("p"), where="p",
         words="not a regular file"),
    # ---- files the CLI writes ----
    Case("ledger-in-missing-folder", [*fees("{d}/e.csv"), "--ledger", "{d}/no/such/l.sqlite"],
         make=events("e.csv", *EVENTS[1:]), where="l.sqlite", words="does not exist"),
    Case("ledger-is-a-folder", [*fees("{d}/e.csv"), "--ledger", "{d}"], make=events("e.csv", *EVENTS[1:]),
         where="ledger", words="not a regular file"),
    Case("ledger-in-proc", [*fees("{d}/e.csv"), "--ledger", "/proc/qpfleet-ledger.sqlite"],
         make=events("e.csv", *EVENTS[1:]), where="/proc/qpfleet-ledger.sqlite", words="cannot"),
    Case("ledger-is-the-dispatch-store", [*fees("{d}/e.csv"), "--ledger", "{d}/db"],
         make=several(events("e.csv", *EVENTS[1:]), _dispatch_store), where="db",
         words="not a qpfleet transmission-fee ledger"),
    Case("ledger-is-garbage", [*fees("{d}/e.csv"), "--ledger", "{d}/l.sqlite"],
         make=several(events("e.csv", *EVENTS[1:]), file_("l.sqlite", b"garbage" * 1000)), where="l.sqlite",
         words="not a usable transmission-fee ledger"),
    Case("dispatch-db-in-missing-folder", ["dispatch", "engineer", "list", "--db", "{d}/no/db", *NOW],
         where="no/db", words="does not exist"),
    Case("dispatch-db-is-a-folder", ["dispatch", "engineer", "list", "--db", "{d}", *NOW], where="dispatch database",
         words="not a regular file"),
    Case("engineer-name-with-escape", ["dispatch", "engineer", "add", "E09", "--name", "\x1b[2J陈工", "--skills",
                                       "maintenance", "--sites", "5301", "--db", "{d}/db", *NOW],
         where="--name", words="control character U+001B"),
    Case("engineer-id-with-newline", ["dispatch", "engineer", "add", "E0\n9", "--skills", "maintenance",
                                      "--sites", "5301", "--db", "{d}/db", *NOW],
         where="id", words="control character U+000A"),
    Case("trainee-name-too-long", ["dispatch", "training", "register", "--enterprise", "4403980101", "--person",
                                   "王" * 65, "--session", "2026-12-10 09:30", "--db", "{d}/db", *NOW],
         where="--person", words="at most 64 characters"),
    Case("dispatch-db-is-garbage", ["dispatch", "engineer", "list", "--db", "{d}/db", *NOW],
         make=file_("db", b"\x00garbage" * 500), where="db", words="not a usable dispatch database"),
    Case("html-report-over-a-folder", ["selfcheck", "--facts",
                                       str(harness.ROOT / "tests/fixtures/facts/xp-sp3-zh-p4-desktop.json"),
                                       "--html", "{d}"], where="cannot write", words="folder"),
    # ---- permissions (run without the capabilities that let root ignore them) ----
    Case("ledger-in-read-only-folder", [*fees("{d}/e.csv"), "--ledger", "{d}/ro/l.sqlite"], program=UNPRIVILEGED,
         make=several(events("e.csv", *EVENTS[1:]), folder("ro"), chmod("ro", 0o555)), where="ro/l.sqlite",
         words="is not writable", absent=["ro/l.sqlite"]),
    Case("existing-ledger-in-read-only-folder", [*fees("{d}/e.csv"), "--ledger", "{d}/ro/l.sqlite"],
         program=UNPRIVILEGED, make=several(events("e.csv", *EVENTS[1:]), folder("ro"), _empty_ledger("ro/l.sqlite"),
                                            chmod("ro", 0o555)),
         where="ro/l.sqlite", words="cannot open the transmission-fee ledger"),
    Case("dispatch-db-in-read-only-folder", ["dispatch", "engineer", "list", "--db", "{d}/ro/db", *NOW],
         program=UNPRIVILEGED, make=several(folder("ro"), chmod("ro", 0o555)), where="ro/db", words="is not writable"),
    Case("registry-folder-unreadable", ["inventory", "check", "-i", "{d}/reg"], program=UNPRIVILEGED,
         make=several(registry_dir(), chmod("reg/registry", 0o000)), where="reg/registry",
         words="cannot be listed (Permission denied)"),
    Case("events-file-unreadable", fees("{d}/e.csv"), program=UNPRIVILEGED,
         make=several(events("e.csv", *EVENTS[1:]), chmod("e.csv", 0o000)), where="e.csv",
         words="cannot be read (permission denied)", absent=["ledger.sqlite"]),
    Case("html-report-in-read-only-folder", ["selfcheck", "--facts",
                                             str(harness.ROOT / "tests/fixtures/facts/xp-sp3-zh-p4-desktop.json"),
                                             "--html", "{d}/ro/r.html"], program=UNPRIVILEGED,
         make=several(folder("ro"), chmod("ro", 0o555)), where="ro/r.html", words="cannot write: Permission denied"),
    # ---- arguments: secrets never echoed, numbers bounded ----
    Case("secret-after-pass", ["preflight", "--winrm", "pc-01", "--user", "u", "--pass", SECRET], secret=SECRET,
         where="qpfleet: error", words="unrecognized arguments: --pass ***"),
    Case("secret-after-passw-equals", ["preflight", "--winrm", "pc-01", "--passw=" + SECRET], secret=SECRET,
         where="qpfleet: error", words="unrecognized arguments: --passw=***"),
    Case("secret-after-pw", ["preflight", "--winrm", "pc-01", "--pw", SECRET], secret=SECRET, where="qpfleet: error",
         words="unrecognized arguments: --pw ***"),
    Case("secret-before-the-command", ["--password", SECRET, "preflight"], secret=SECRET, where="qpfleet",
         words="invalid choice"),
    Case("secret-in-chinese", ["--lang", "zh", "preflight", "--winrm", "pc-01", "--pw", SECRET], secret=SECRET,
         where="qpfleet: 错误", words="--pw ***"),
    Case("dev-zero-in-chinese", ["inventory", "check", "-i", "/dev/zero", "--lang", "zh"], where="qpfleet: 错误: /dev/zero",
         words="登记册文件不是普通文件"),
    Case("secret-with-password-option", ["preflight", "--winrm", "pc-01", "--password", SECRET], secret=SECRET,
         where="preflight", words="never taken from the command line"),
    Case("request-id-30-digits", ["dispatch", "request", "pause", "1" + "0" * 29, "--db", "{d}/db", *NOW],
         where="request pause", words="must be a whole number", absent=["db"]),
    Case("paid-at-year-9999", ["dispatch", "deadline", "--paid-at", "9999-12-31T23:59:59-23:59", *NOW],
         where="--paid-at", words="outside the years 2000-2100"),
    Case("connect-timeout-nan", ["preflight", "--winrm", "pc-01", "--user", "u", "--connect-timeout", "nan"],
         where="--connect-timeout", words="number of seconds"),
    Case("winrm-host-with-escape", ["preflight", "--winrm", "pc\x1b[2J", "--user", "u"], where="--winrm",
         words="not a host name", lines=2, check=escaped_in_stderr),
    Case("hosts-file-full-width-port", ["preflight", "--hosts-file", "{d}/h", "--user", "u"],
         make=file_("h", "pc-01:８０\n"), where="h:1", words="is not a number 1-65535", lines=2),
    Case("hosts-file-utf16", ["preflight", "--hosts-file", "{d}/h", "--user", "u"],
         make=file_("h", "pc-01\n", "utf-16"), where="h:1", words="looks like UTF-16"),
    Case("carrier-undo-deep-state", ["carrier", "undo", "--config", "{d}/c.yaml", "--lang", "en"],
         make=several(_carrier_config, deep_json("state/carrier-state.json", 200_000)),
         where="carrier-state.json", words="nested more than 64 levels"),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Run, Path]]:
    return harness.run_all(CASES, tmp_path_factory.mktemp("hostile"))


def test_at_least_sixty_hostile_cases_across_every_command() -> None:
    assert len(CASES) >= 60
    commands = {c.argv[0] if not c.argv[0].startswith("-") else c.argv[2] for c in CASES}
    assert {"selfcheck", "inventory", "quote", "fees", "dispatch", "preflight", "carrier", "kit", "users"} <= commands


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, results: dict[str, tuple[Run, Path]]) -> None:
    run, folder = results[case.name]
    shown = f"{run.argv}\nexit {run.code}\nstderr:\n{run.err}\nstdout:\n{run.out[-2000:]}"
    assert not run.killed, f"hang: killed after {harness.WALL_GUARD} s\n{shown}"
    assert "Traceback" not in run.err and "Traceback" not in run.out, shown
    assert run.code == case.code, shown
    lines = run.error_lines
    assert len(lines) == case.lines, shown
    if case.lines:
        where = case.where.format(d=folder)
        assert where in lines[0] and case.words in lines[0], shown
    for name in case.absent:
        assert not (folder / name).exists(), f"{name} was written\n{shown}"
    if case.secret is not None:
        assert case.secret not in run.err and case.secret not in run.out, shown
    if case.check is not None:
        case.check(run, folder)
    assert run.cpu < harness.CPU_SECONDS, f"{run.cpu:.2f} s of CPU\n{shown}"
    assert run.rss_mb < harness.RSS_MB, f"{run.rss_mb:.0f} MB\n{shown}"
    assert run.wall < wall_budget(), f"{run.wall:.2f} s (budget {wall_budget():.1f} s)\n{shown}"


def wall_budget() -> float:
    """2 s on a machine with a core to spare; stretched by the load when other jobs share the cores
    (a hang is caught by the guard whatever the load, and the CPU bound does not depend on it)."""
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return harness.WALL_SECONDS * max(1.0, load)
