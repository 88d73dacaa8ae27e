"""The board as a real server process over HTTP: who may see and do what, hostile input, bad files, clean stops."""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.board_server import (
    HOSTILE_CODE,
    PASSWORD,
    Client,
    Server,
    World,
    board_server,
    csrf_of,
    make_world,
    run_serve,
    serve_argv,
    wait_for,
)
from tests.support.langcheck import chinese_chars, data_strings, english_runs

pytestmark = pytest.mark.integration
PAGES = ["/sites", "/sites/5301", "/enterprises/4403980101", "/terminals/ht-qp03", "/dispatch", "/search?q=华通",
         "/audit"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("board"))


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[Server]:
    with board_server(world) as s:
        yield s


def client(server: Server, user: str | None = None, lang: str | None = None) -> Client:
    c = Client(server.url, lang)
    if user:
        r = c.login(user)
        assert r.status_code == 303 and r.headers["location"] == "/sites", r.text
    return c


def audit_rows(world: World, action: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(world.db) as db:
        return list(db.execute("SELECT user, action, target FROM audit WHERE action = ? ORDER BY id", (action,)))


def test_listens_on_loopback_by_default(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_refuses_an_anonymous_request(server: Server, path: str) -> None:
    c = client(server)
    r = c.get(path)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert r.text == ""
    for form in ("/dispatch/replan", "/dispatch/visit", "/logout"):
        r = c.post(form, {"csrf": "x"})
        assert r.status_code == 403 and "请先登录" in r.text


def test_login_cookie_is_secure_http_only_and_pages_render_in_both_languages(server: Server, world: World) -> None:
    c = Client(server.url)
    r = c.login("admin")
    cookie = r.headers["set-cookie"]
    assert "__Host-qpfleet_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie
    assert "SameSite=strict" in cookie and "Path=/" in cookie
    for lang, word in (("zh", "各现场切换进度"), ("en", "Switch-over by customs site")):
        c.cookies["qpfleet_lang"] = lang
        for path in PAGES:
            page = c.get(path)
            assert page.status_code == 200, (path, page.text[:500])
            assert "Traceback" not in page.text
            assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page.text
            csp = page.headers["content-security-policy"]
            assert "default-src 'none'" in csp and "script" not in csp
            assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
        assert word in c.get("/sites").text
    assert ("admin", "login", "admin") in audit_rows(world, "login")


def test_the_calendar_banner_names_the_notice_import_as_code(server: Server) -> None:
    """The 2027 holidays come from the State Council's notice (qpfleet dispatch calendar import-notice)."""
    for lang, file in (("zh", "通知.txt"), ("en", "NOTICE.txt")):
        page = client(server, "viewer", lang).get("/sites").text
        assert f"<code>qpfleet dispatch calendar import-notice {file} --write</code>" in page, lang
        assert "&lt;code&gt;" not in page


def _visible(page: str) -> str:
    page = re.sub(r"<(style|svg|pre|code|details)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def test_chinese_pages_hold_english_only_as_names_code_and_data(server: Server, world: World) -> None:
    from provisioning.registry import load_registry

    reg = load_registry(world.inventory)
    short = {x for e in reg.enterprises.values() for c in e.contacts for x in (c.name, c.role or "")}
    short |= {c.holder for e in reg.enterprises.values() for c in e.cards}
    data = data_strings(sorted((world.inventory / "registry").glob("*.yml"))) + sorted(short - {""}, key=len, reverse=True)
    zh, en = client(server, "admin", "zh"), client(server, "admin", "en")
    for path in ("/sites", "/sites/5301", "/enterprises/4403980101", "/dispatch", "/search?q=qp0", "/audit",
                 "/nope", "/login"):
        page = zh.get(path).text if path != "/login" else Client(server.url, "zh").get(path).text
        assert english_runs(_visible(page), data) == [], path
        page = en.get(path).text if path != "/login" else Client(server.url, "en").get(path).text
        # Chinese in English pages: the data (names, engineers, reasons typed by people) and the switch's 中文
        assert chinese_chars(_visible(page), [*data, "中文", "张工", "李工", "王工", "企业要求推迟",
                                              "中国电子口岸数据中心某地分中心", "交通银行"]) == [], path


def test_enterprise_page_shows_what_the_issue_asks(server: Server, world: World) -> None:
    c = client(server, "viewer", "en")
    page = c.get("/enterprises/4403980101").text
    assert "4437 **** **** **** 3456" in page and "4437000010180012" not in page.replace(" ", "")
    assert "Operator and declarant cards" in page and "5301019001" in page
    assert "3 approved by customs, 3 QP terminals registered" in page
    assert "DEMO-0006" in page and "1,500.00" in page  # the installation payment
    assert "Fee quote" in page and "2,100.00" in page  # 1,500 installation + 3 × 200 per visit
    assert re.search(r"Quote No\.: <span>QP\d{8}-4403980101-\d{4}</span>", page)  # the number the CLI's quote has
    # ht-qp03: latest verdict, the install result with route, when and by whom
    row = re.search(r'<tr data-host="ht-qp03">(.*?)</tr>', page, re.S)
    assert row, page
    assert "ready" in row.group(1) and "installed" in row.group(1) and "USB kit" in row.group(1)
    assert "eng.wang" in row.group(1) and "2026-12-02" in row.group(1)
    # the request the kit's install closed, with the record that closed it
    req = re.search(rf'<tr data-request="{world.info.closed_request}" data-status="done" data-kind="maintenance">'
                    r'(.*?)</tr>', page, re.S)
    assert req and world.info.kit_run in req.group(1) and "ht-qp03" in req.group(1)
    # the on-site guidance the campaign opened (§7.2): not closed by that install, not tied to terminals
    guidance = re.search(r'<tr data-request="\d+" data-status="open" data-kind="guidance">(.*?)</tr>', page, re.S)
    assert guidance and "On-site guidance" in guidance.group(1) and "free, from" in guidance.group(1)
    assert "an install record does not close it" in guidance.group(1)
    # two contracts (registry version 2): the transmission-fee contract of 2006, reused with the account unchanged
    # (§1.3), and the new technical service agreement
    tc = re.search(r'<dd class="transmission-contract" data-status="signed">(.*?)</dd>', page, re.S)
    assert tc and "2006-03-15" in tc.group(1) and "earlier contract reused" in tc.group(1)
    assert "4437 **** **** **** 3456" in tc.group(1)
    sa = re.search(r'<dd class="service-agreement" data-status="signed">(.*?)</dd>', page, re.S)
    assert sa and "2007-11-26" in sa.group(1) and 'class="note"' not in sa.group(1)
    # off the approved list, neither signed: what each still needs, in words (en and zh)
    for lang, words in (("en", ("entry rights (save, upload) only once it is signed", "may be signed later")),
                        ("zh", ("签订后才授予录入权", "可后续补签"))):
        other = client(server, "viewer", lang).get("/enterprises/4403980103").text
        tc = re.search(r'<dd class="transmission-contract" data-status="none">(.*?)</dd>', other, re.S)
        sa = re.search(r'<dd class="service-agreement" data-status="none">(.*?)</dd>', other, re.S)
        assert tc and words[0] in tc.group(1) and sa and words[1] in sa.group(1), lang


def test_terminal_page_shows_facts_verdict_history_install_log_and_changes(server: Server) -> None:
    page = client(server, "viewer", "en").get("/terminals/ht-qp03").text
    assert "Intel(R) Pentium(R) 4 CPU 3.00GHz" in page and "512 MB" in page
    assert page.count('id="result-') >= 3  # two checks and the install
    assert "Processor: FAIL" in page  # the first check, on a Celeron 2.4 GHz
    assert r"HKLM\SOFTWARE\QuickPass\Defaults\PrintFormat" in page and "standard" in page
    assert "Installation completed successfully" in page
    failed = client(server, "viewer", "en").get("/terminals/td-qp06").text
    assert "msiexec returned error 1603" in failed and "Error 1603" in failed


def test_enterprise_names_with_script_are_escaped(server: Server) -> None:
    c = client(server, "admin")
    for path in ("/sites/5320", f"/enterprises/{HOSTILE_CODE}", "/search?q=script", "/terminals/xss-qp01"):
        page = c.get(path).text
        assert "<script" not in page.lower(), path
        assert "&lt;script&gt;" in page, path
    page = c.get(f"/enterprises/{HOSTILE_CODE}").text
    assert "&lt;b&gt;赵六&lt;/b&gt;" in page and "<b>" not in page
    assert "&lt;i&gt;沙头角&lt;/i&gt;中英街" in page and "<i>" not in page  # the address the engineers go to
    assert "&#34;引号&#34;&amp;报关行" in page


@pytest.mark.parametrize("text", ["' OR '1'='1", "x'; DROP TABLE host_results; --", "%", "_", "\\", '"; --',
                                  "ht-qp0%", "1=1) UNION SELECT name, password_hash, 1 FROM users --"])
def test_search_with_sql_metacharacters_is_harmless(server: Server, world: World, text: str) -> None:
    c = client(server, "viewer")
    r = c.get("/search", params={"q": text})
    assert r.status_code == 200 and "Traceback" not in r.text
    assert "argon2" not in r.text
    found = re.search(r'<ul class="results" id="found-terminals">(.*?)</ul>', r.text, re.S)
    assert found and "/terminals/" not in found.group(1)  # matched literally: no host contains these
    with sqlite3.connect(world.db) as db:
        assert db.execute("SELECT COUNT(*) FROM host_results").fetchone()[0] > 0
    ok = c.get("/search", params={"q": "ht-qp0"}).text
    assert "/terminals/ht-qp01" in ok and "/terminals/ht-qp03" in ok


def test_a_viewer_cannot_write(server: Server, world: World) -> None:
    c = client(server, "viewer")
    page = c.get("/dispatch").text
    assert 'action="/dispatch/replan"' not in page and 'action="/dispatch/visit"' not in page
    token = csrf_of(page)
    with sqlite3.connect(world.db) as db:
        plans = db.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
    r = c.post("/dispatch/replan", {"csrf": token})
    assert r.status_code == 403 and "查看角色只能查看" in r.text
    r = c.post("/dispatch/visit", {"csrf": token, "ref": "request-2", "enterprise": "4403980102",
                                   "day": "2026-12-03", "outcome": "done"})
    assert r.status_code == 403
    with sqlite3.connect(world.db) as db:
        assert db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == plans
        assert db.execute("SELECT status FROM requests WHERE id = 2").fetchone()[0] == "open"
    assert ("viewer", "denied", "/dispatch/replan") in audit_rows(world, "denied")
    assert client(server, "viewer").get("/audit").status_code == 403  # the audit log is the admins'


def test_a_form_without_its_csrf_token_is_refused(server: Server, world: World) -> None:
    c = client(server, "disp")
    with sqlite3.connect(world.db) as db:
        plans = db.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
    for data in ({}, {"csrf": ""}, {"csrf": "forged-token"}):
        r = c.post("/dispatch/replan", data)
        assert r.status_code == 403 and "表单已失效" in r.text
    other = client(server, "admin").csrf()  # another session's token is no good either
    assert c.post("/dispatch/replan", {"csrf": other}).status_code == 403
    r = c.post("/dispatch/replan", {"csrf": c.csrf()}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    login = Client(server.url)
    login.get("/login")
    r = login.post("/login", {"csrf": "wrong", "name": "admin", "password": PASSWORD})
    assert r.status_code == 403 and "__Host-qpfleet_session" not in r.headers.get("set-cookie", "")
    with sqlite3.connect(world.db) as db:
        assert db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == plans


def test_a_dispatcher_marks_a_visit_not_done_and_the_audit_log_says_who(server: Server, world: World) -> None:
    c = client(server, "disp", "en")
    token = c.csrf()
    r = c.post("/dispatch/visit", {"csrf": token, "ref": "request-4", "enterprise": "4403980202",
                                   "day": "2026-12-03", "outcome": "not_done", "reason": "企业\n断电 <b>"})
    assert r.status_code == 303
    page = c.get("/dispatch").text
    row = re.search(r'<tr data-ref="request-4"[^>]*data-status="not_done">(.*?)</tr>', page, re.S)
    assert row and "not done (disp)" in row.group(1) and "企业 断电 &lt;b&gt;" in row.group(1)
    assert ("disp", "visit.not_done", "request-4") in audit_rows(world, "visit.not_done")
    # the same visit, a reason missing: the page says which field
    r = c.post("/dispatch/visit", {"csrf": token, "ref": "request-4", "enterprise": "4403980202",
                                   "day": "2026-12-03", "outcome": "not_done", "reason": " "})
    assert r.status_code == 400 and "reason" in r.text
    # a visit that is not in the plan
    r = c.post("/dispatch/visit", {"csrf": token, "ref": "request-4", "enterprise": "4403980202",
                                   "day": "2026-11-03", "outcome": "done"})
    assert r.status_code == 409 and "Changed meanwhile" in r.text


@pytest.mark.parametrize(("lang", "word"), [("zh", "没有这个页面"), ("en", "There is no such page")])
def test_unknown_urls_and_bad_ids_are_pages_in_the_users_language(server: Server, lang: str, word: str) -> None:
    c = client(server, "admin", lang)
    for path, status in (("/nope", 404), ("/sites/9999", 404), ("/enterprises/0000000000", 404),
                         ("/terminals/no-such-host", 404), ("/sites/5301?page=0", 400), ("/sites/5301?page=x", 400),
                         ("/sites/5301?page=99", 404), ("/dispatch?plan=abc", 400), ("/enterprises/" + "9" * 80, 400),
                         ("/search?q=" + "x" * 101, 400), ("/static/../README.md", 404)):
        r = c.get(path)
        assert r.status_code == status, path
        assert f'data-status="{status}"' in r.text and "Traceback" not in r.text and "File \"" not in r.text
    assert word in c.get("/nope").text
    assert c.get("/sites", params={"x": "\x00"}).status_code == 200


def test_oversized_wrong_type_and_malformed_form_posts(server: Server) -> None:
    c = client(server, "disp", "en")
    token = c.csrf()
    r = c.post_raw("/dispatch/replan", b"csrf=" + token.encode() + b"&pad=" + b"x" * 100_000,
                   "application/x-www-form-urlencoded")
    assert r.status_code == 413 and "too large" in r.text
    r = c.post_raw("/dispatch/replan", b'{"csrf": "x"}', "application/json")
    assert r.status_code == 415 and "Only web forms" in r.text
    r = c.post_raw("/dispatch/replan", b"csrf=%ff%fe", "application/x-www-form-urlencoded")
    assert r.status_code == 400
    fields = "&".join(f"f{i}=1" for i in range(50)).encode()
    assert c.post_raw("/dispatch/replan", fields, "application/x-www-form-urlencoded").status_code == 400
    r = c.post_raw("/sites", b"a=1", "application/x-www-form-urlencoded")
    assert r.status_code == 405 and "does not take" in r.text


def test_login_attempts_are_rate_limited(server: Server, world: World) -> None:
    with sqlite3.connect(world.db) as db:
        db.execute("DELETE FROM login_failures")
    c = Client(server.url, "en")
    for _ in range(5):
        assert c.login("viewer", "wrong password!").status_code == 401
    r = c.login("viewer", PASSWORD)  # right, but too late
    assert r.status_code == 429 and "Too many failed logins" in r.text
    assert len(audit_rows(world, "login.failed")) >= 5 and audit_rows(world, "login.limited")
    assert client(server, "admin").get("/sites").status_code == 200  # another name is not locked out
    with sqlite3.connect(world.db) as db:
        db.execute("DELETE FROM login_failures")


def test_logout_ends_the_session(server: Server) -> None:
    c = client(server, "viewer")
    session = c.cookies["__Host-qpfleet_session"]
    r = c.post("/logout", {"csrf": c.csrf("/sites")})
    assert r.status_code == 303
    replay = Client(server.url)
    replay.cookies["__Host-qpfleet_session"] = session
    assert replay.get("/sites").status_code == 303


def test_the_language_switch_only_goes_back_to_the_board(server: Server) -> None:
    c = Client(server.url)
    r = c.get("/lang/en", params={"next": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == "/sites" and c.cookies["qpfleet_lang"] == "en"
    assert c.get("/lang/en", params={"next": "/dispatch"}).headers["location"] == "/dispatch"
    assert c.get("/lang/fr").status_code == 404


def test_a_registry_that_does_not_validate_refuses_to_start_with_its_messages(world: World, tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    shutil.copytree(world.inventory, inventory)
    bad = inventory / "registry" / "site-5301.yml"
    bad.write_text(bad.read_text("utf-8").replace("approved_terminals: 3", "approved_terminals: -3", 1), "utf-8")
    argv = serve_argv(world)
    argv[argv.index("-i") + 1] = str(inventory)
    done = run_serve(argv)
    assert done.returncode == 2, done.stderr
    assert re.search(r"site-5301\.yml:\d+: enterprises\[0\]\.approved_terminals", done.stderr), done.stderr
    assert "Traceback" not in done.stderr and "listening" not in done.stdout


def test_a_registry_broken_while_running_keeps_the_last_valid_one_with_a_banner(world: World, tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    shutil.copytree(world.inventory, inventory)
    argv = serve_argv(world)
    argv[argv.index("-i") + 1] = str(inventory)
    with board_server(world, argv=argv) as s:
        c = client(s, "viewer", "en")
        assert "深圳市华通报关有限公司" in c.get("/enterprises/4403980101").text
        f = inventory / "registry" / "site-5301.yml"
        good = f.read_text("utf-8")
        f.write_text(good.replace("name: 深圳市华通报关有限公司", "name: 深圳市华通报关有限公司\n    bogus_field: 1", 1),
                     "utf-8")
        assert wait_for(lambda: 'class="banner error"' in c.get("/sites").text)
        page = c.get("/enterprises/4403980101").text
        assert "The registry was changed but has 1 error(s)" in page
        assert re.search(r"site-5301\.yml:\d+: enterprises\[0\]\.bogus_field", page)
        assert "深圳市华通报关有限公司" in page  # still served from the last valid registry
        f.write_text(good.replace("深圳市华通报关有限公司", "深圳市华通报关（集团）有限公司"), "utf-8")
        assert wait_for(lambda: "深圳市华通报关（集团）有限公司" in c.get("/enterprises/4403980101").text)
        assert 'class="banner error"' not in c.get("/sites").text


def test_a_database_from_a_newer_version_is_refused_with_a_clear_line(world: World, tmp_path: Path) -> None:
    db = tmp_path / "newer.sqlite3"
    shutil.copy(world.db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    argv = serve_argv(world)
    argv[argv.index("--db") + 1] = str(db)
    done = run_serve(argv)
    assert done.returncode == 2
    assert "database schema version 99 is newer than this qpfleet knows" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_sigterm_stops_the_server_cleanly(world: World) -> None:
    with board_server(world) as s:
        c = client(s, "viewer")
        assert c.get("/sites").status_code == 200
        code = s.stop()
    assert code == 0
    assert "board stopped" in s.output and "Traceback" not in s.output


def test_a_port_in_use_is_refused(server: Server, world: World) -> None:
    port = server.url.rsplit(":", 1)[1]
    argv = serve_argv(world)
    argv[argv.index("--port") + 1] = port
    done = run_serve(argv)
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_the_transmission_fee_statement_comes_from_the_ledger(world: World, tmp_path: Path) -> None:
    from provisioning.cli import main

    events = tmp_path / "events.csv"
    events.write_text("declaration_id,event,card,time\n"
                      "530120260001,save,5301010001,2026-12-01T09:00:00+08:00\n"
                      "530120260001,declare,5301019001,2026-12-01T10:00:00+08:00\n"
                      "530120260002,save,5301010002,2026-12-01T11:00:00+08:00\n"
                      "530120260002,declare,5301019001,2026-12-01T12:00:00+08:00\n"
                      "530120260002,declare,5301019001,2026-12-02T12:00:00+08:00\n", "utf-8")
    ledger = tmp_path / "fees.sqlite"
    assert main(["fees", "transmission", "--events", str(events), "-i", str(world.inventory),
                 "--ledger", str(ledger)]) == 0
    with board_server(world, "--ledger", str(ledger)) as s:
        page = client(s, "viewer", "en").get("/enterprises/4403980101").text
        statement = re.search(r'<h2 id="transmission">.*?</table>', page, re.S)
        assert statement, page
        rows = re.findall(r"<tr><td>(\d{4}-\d{2})</td><td class=\"num\">(\d+)</td><td class=\"num\">([\d,.]+)</td>",
                          statement.group(0))
        assert len(rows) == 1 and rows[0][1:] == ("2", "30.00")  # two declarations, 15 yuan each, once
    missing = run_serve(serve_argv(world, "--ledger", str(tmp_path / "nope.sqlite")))
    assert missing.returncode == 2 and "--ledger" in missing.stderr and "not found" in missing.stderr


def test_a_run_recorded_by_another_process_shows_at_once(server: Server, world: World) -> None:
    import datetime as dt

    from provisioning import state
    from provisioning.dispatch.store import Store

    c = client(server, "viewer", "en")

    def installed() -> str:
        page = c.get("/sites/5320").text
        row = re.search(rf'<tr data-enterprise="{HOSTILE_CODE}">(.*?)</tr>', page, re.S)
        assert row, page
        return re.findall(r'<td class="num installed">(\d+)</td>', row.group(1))[0]

    assert installed() == "0"  # the registry says pending, no record yet: the overview is cached now
    at = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)
    with Store(world.db) as store:  # as kit collect or the fleet would, from another process
        rid = state.start_run(store, "kit", "kit", at, operator="eng.zhao")
        state.record_result(store, rid, state.HostResult("xss-qp01", "install", "installed", at, "kit", HOSTILE_CODE,
                                                         "5320", "ready"))
        state.finish_run(store, rid, "complete", at)
    assert installed() == "1"
    page = c.get("/terminals/xss-qp01").text
    assert "eng.zhao" in page and "USB kit" in page


def test_an_internal_error_is_a_page_in_the_users_language_and_the_trace_stays_in_the_log(
        server: Server, world: World) -> None:
    with sqlite3.connect(world.db) as db:  # a damaged row, as a crashed writer or a hand edit could leave
        run = db.execute("SELECT id FROM runs LIMIT 1").fetchone()[0]
        db.execute("INSERT INTO host_results (run_id, host, action, outcome, at, route, reason_params) VALUES "
                   "(?, 'broken-host', 'preflight', 'failed', '2026-12-03T01:00:00+00:00', 'winrm', '{not json')",
                   (run,))
    for lang, word in (("zh", "内部错误"), ("en", "internal error")):
        r = client(server, "viewer", lang).get("/terminals/broken-host")
        assert r.status_code == 500 and word in r.text and "Traceback" not in r.text and "JSONDecodeError" not in r.text
        assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert wait_for(lambda: "Traceback" in server.output)  # the maintainers find it in the server's log
    assert client(server, "viewer").get("/sites").status_code == 200
