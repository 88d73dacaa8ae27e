"""The board in a real browser: Debian's Chromium, driven by Selenium through Debian's chromium-driver.

A dispatcher logs in, opens every page in Chinese and in English (each one screenshotted and
checked for missing glyphs), marks a visit done, re-plans and sees the change.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_program
from tests.support.board_server import PASSWORD, Server, World, board_server, make_world
from tests.support.glyphs import Font, missing_glyphs, system_fonts

pytestmark = pytest.mark.integration
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000"]
PAGES = {  # path: a word of its title in zh, en
    "/sites": ("各现场切换进度", "Switch-over by customs site"),
    "/sites/5301": ("皇岗海关", "皇岗海关"),
    "/enterprises/4403980101": ("深圳市华通报关有限公司", "深圳市华通报关有限公司"),
    "/terminals/ht-qp03": ("ht-qp03", "ht-qp03"),
    "/dispatch": ("调度", "Dispatch"),
    "/search?q=qp0": ("搜索", "Search"),
    "/audit": ("操作记录", "Audit log"),
    "/no-such-page": ("找不到", "Not found"),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("board-browser"))


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[Server]:
    with board_server(world) as s:
        yield s


@pytest.fixture(scope="module")
def fonts() -> list[Font]:
    return system_fonts()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("QPFLEET_SCREENSHOTS")
    folder = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    chromium = require_program("chromium", "chromium-browser")
    driver_path = require_program("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path, log_output=str(tmp_path / "chromedriver.log")),
                              options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def log_in(driver: Any, server: Server, user: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.url + "/dispatch")
    assert "/login" in driver.current_url  # anonymous: sent to the login page
    driver.find_element(By.NAME, "name").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "section.login button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)
    assert driver.current_url == server.url + "/dispatch"


def screenshot(driver: Any, path: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(int(height) + 40, 700), 6000))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 20_000  # a rendered page, not a blank one


def test_every_page_in_chinese_and_english_without_missing_glyphs(browser: Any, server: Server, fonts: list[Font],
                                                                   shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    log_in(browser, server, "admin")
    for i, lang in enumerate(("zh", "en")):
        if i:  # the switch in the header, as a person would
            browser.find_element(By.CSS_SELECTOR, 'header .langs a[lang="en"]').click()
            WebDriverWait(browser, 30).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        for path, words in PAGES.items():
            browser.get(server.url + path)
            assert words[i] in browser.title, (lang, path, browser.title)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
            name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "root"
            screenshot(browser, shots / f"{lang}-{name}.png")
            missing, checked = missing_glyphs(browser, fonts)
            assert checked > 5, (lang, path)
            assert not missing, (lang, path, missing)
    assert len(list(shots.glob("*.png"))) >= 2 * len(PAGES)


def test_the_glyph_check_finds_a_character_no_font_has(browser: Any, fonts: list[Font]) -> None:
    browser.get("data:text/html;charset=utf-8,<p>中文 English \U0001E900\U0001E901</p>")
    missing, checked = missing_glyphs(browser, fonts)
    assert checked == 1 and [m.characters for m in missing] == ["\U0001E900\U0001E901"]


def test_a_dispatcher_marks_a_visit_done_re_plans_and_sees_the_change(browser: Any, server: Server, world: World,
                                                                      shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    first, second = world.info.competing  # both due today at 5301; E01 can make one visit a day
    today, nxt = world.info.today.isoformat(), world.info.next_day.isoformat()
    log_in(browser, server, "disp")

    def row(ref: str, day: str) -> Any:
        found = browser.find_elements(By.CSS_SELECTOR, f'tr[data-ref="request-{ref}"][data-day="{day}"]')
        return found[0] if found else None

    def risk(request: int) -> str | None:
        found = browser.find_elements(By.CSS_SELECTOR, f'#risks tr[data-request="{request}"]')
        return found[0].get_attribute("data-risk") if found else None

    assert row(str(first), today) is not None and row(str(second), nxt) is not None
    assert risk(second) == "dispatch.why.full_day"  # planned after its deadline: E01 is fully booked today
    why = browser.find_element(By.CSS_SELECTOR, f'#risks tr[data-request="{second}"]').text
    assert f"E01 {today} 已排满（每天 1 次）" in why, why
    row(str(first), today).find_element(By.CSS_SELECTOR, 'button[value="done"]').click()
    WebDriverWait(browser, 30).until(lambda d: "done=" in d.current_url)
    done = row(str(first), today)
    assert done is not None and done.get_attribute("data-status") == "done"
    assert "已完成（disp）" in done.text
    screenshot(browser, shots / "zh-dispatch-after-done.png")
    browser.find_element(By.CSS_SELECTOR, "#replan button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "plan=" in d.current_url)
    flash = browser.find_element(By.ID, "plan").text
    assert f"维护单 #{second}：E01 {nxt} → E01 {today}" in flash
    assert row(str(second), today) is not None and row(str(second), nxt) is None  # moved to today, on time
    assert risk(second) == "dispatch.risk.due"  # no longer late: due today, planned today
    screenshot(browser, shots / "zh-dispatch-after-replan.png")
    browser.get(server.url + "/enterprises/4403980102")
    status = browser.find_element(By.CSS_SELECTOR, f'tr[data-request="{first}"]').get_attribute("data-status")
    assert status == "done"
    browser.get(server.url + "/audit")
    assert browser.find_element(By.CSS_SELECTOR, ".error-page").get_attribute("data-status") == "403"
