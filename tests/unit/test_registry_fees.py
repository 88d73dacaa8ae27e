"""Fee rules: installation blocks of 5, maintenance tiers, capital numerals (大写), the price table by date."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.errors import InputError, ValidationErrors
from provisioning.fees.capital import MAX_FEN, capital, parse_capital
from provisioning.fees.prices import load_prices
from provisioning.fees.quote import installation_fen, make_quote
from tests.conftest import ROOT

PRICES = load_prices(ROOT / "inventory" / "prices.yml")
NOW = PRICES.on(dt.date(2007, 12, 10))
DAY = dt.date(2007, 12, 10)


@pytest.mark.parametrize(("terminals", "fen"), [(1, 150000), (5, 150000), (6, 300000), (10, 300000),
                                                (11, 450000), (16, 600000)])
def test_installation_blocks_of_five(terminals: int, fen: int) -> None:
    assert installation_fen(terminals, NOW) == fen


@given(st.integers(min_value=1, max_value=9999))
def test_installation_is_monotone_and_steps_only_after_multiples_of_five(n: int) -> None:
    here, after = installation_fen(n, NOW), installation_fen(n + 1, NOW)
    assert after >= here
    assert (after > here) == (n % 5 == 0)
    assert here == 150000 * -(-n // 5)
    assert here % 150000 == 0


@given(st.integers(max_value=0))
def test_zero_or_negative_terminals_are_refused(n: int) -> None:
    with pytest.raises(InputError, match="at least 1 QP terminal"):
        installation_fen(n, NOW)


@given(st.integers(min_value=1, max_value=500), st.sampled_from(["per-visit", "monthly"]),
       st.sampled_from(["standard", "enhanced"]))
def test_quote_total_is_the_sum_of_its_lines(n: int, plan: str, tier: str) -> None:
    q = make_quote(n, NOW, DAY, plan, tier)
    assert q.total_fen == q.installation_fen + q.maintenance_fen
    assert q.maintenance_fen == n * NOW.maintenance_fen[tier][plan]
    assert parse_capital(q.total_capital) == q.total_fen
    assert all(isinstance(line.amount_fen, int) for line in q.lines)


def test_maintenance_prices_of_the_source() -> None:
    assert {tier: dict(p) for tier, p in NOW.maintenance_fen.items()} == {
        "standard": {"per-visit": 20000, "monthly": 50000}, "enhanced": {"per-visit": 30000, "monthly": 60000}}
    assert make_quote(1, NOW, DAY).plan == "per-visit"  # single visit is the recommended default


@pytest.mark.parametrize(("fen", "text"), [
    (150000, "壹仟伍佰元整"), (300000, "叁仟元整"), (0, "零元整"), (7, "柒分"), (50, "伍角整"), (1000, "壹拾元整"),
    (140950, "壹仟肆佰零玖元伍角整"), (600714, "陆仟零柒元壹角肆分"), (32504, "叁佰贰拾伍元零肆分"),
    (10700053, "壹拾万柒仟元伍角叁分"), (10001000000, "壹亿零壹万元整"), (10000100, "壹拾万零壹元整"),
    (100010000000000, "壹万零壹亿元整"), (11000000000, "壹亿壹仟万元整"), (10100000000, "壹亿零壹佰万元整"),
    (1000000100, "壹仟万零壹元整"), (420000, "肆仟贰佰元整"),
])
def test_capital_numerals_known_values(fen: int, text: str) -> None:
    assert capital(fen) == text


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_capital_numerals_round_trip(fen: int) -> None:
    text = capital(fen)
    assert parse_capital(text) == fen
    assert "零零" not in text
    assert not text.startswith("零") or fen == 0
    assert text.endswith(("整", "分"))


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_capital_numerals_use_only_the_bill_characters(fen: int) -> None:
    assert set(capital(fen)) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


def test_price_table_versions_by_date(tmp_path: Path) -> None:
    text = (ROOT / "inventory" / "prices.yml").read_text(encoding="utf-8")
    newer = text.split("  - version: ")[1].replace('"2007-11"', '"2009-01"').replace("2007-11-20", "2009-01-01") \
        .replace("per_block_fen: 150000", "per_block_fen: 180000")
    file = tmp_path / "prices.yml"
    file.write_text(text + "  - version: " + newer, encoding="utf-8")
    table = load_prices(file)
    assert table.on(dt.date(2008, 12, 31)).per_block_fen == 150000  # an old quote keeps its old price
    assert table.on(dt.date(2009, 1, 1)).per_block_fen == 180000
    with pytest.raises(InputError, match="no prices in force on 2007-01-01"):
        table.on(dt.date(2007, 1, 1))


def test_price_table_errors_have_lines(tmp_path: Path) -> None:
    file = tmp_path / "prices.yml"
    file.write_text((ROOT / "inventory" / "prices.yml").read_text(encoding="utf-8")
                    .replace("per_block_fen: 150000", "per_block_fen: 1500.00")
                    .replace("default_plan: per-visit", "default_plan: weekly"), encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_prices(file)
    assert [p.split(": ", 1)[1] for p in caught.value.problems] == [
        "tables[0].installation.per_block_fen: must be a whole number, not a decimal number 1500.0",
        "tables[0].maintenance.default_plan: invalid value 'weekly'; valid: per-visit, monthly"]
    assert caught.value.problems[0].startswith(f"{file}:19:")


def test_quote_cli_json(cli) -> None:
    code, out, _ = cli("quote", "--terminals", "6", "--plan", "monthly", "--tier", "enhanced", "--json",
                       "--date", "2007-12-10", "-i", str(ROOT / "inventory"))
    assert code == 0
    data = json.loads(out)
    assert data["installation_fen"] == 300000
    assert data["maintenance_fen"] == 6 * 60000
    assert data["total_fen"] == 660000
    assert data["total_capital"] == "陆仟陆佰元整"
    assert [line["item"] for line in data["lines"]] == ["installation", "maintenance"]


def test_quote_cli_enterprise_html_masks_the_account(cli, tmp_path: Path) -> None:
    page = tmp_path / "q.html"
    code, out, _ = cli("quote", "4403980102", "-i", str(ROOT / "inventory"), "--html", str(page), "--lang", "zh",
                       "--date", "2007-12-10")
    assert code == 0
    html = page.read_text(encoding="utf-8")
    for text in (out, html):
        assert "6222600012345678901" not in text.replace(" ", "")
        assert "6222 **** **** **** 8901" in text
        assert "叁仟元整" not in text  # 5 terminals: one block + monthly 5 × 500 = 4,000
        assert "肆仟元整" in text
        assert "对公账户" in text
    assert "<script" not in html


@pytest.mark.parametrize(("argv", "message"), [
    (["--terminals", "0"], "--terminals: 0 terminals: a quote needs at least 1 QP terminal"),
    (["--terminals", "3", "--tier", "gold"], "--tier: invalid tier 'gold'; valid: standard, enhanced"),
    (["--terminals", "3", "--date", "2007-02-30"], "--date: '2007-02-30' is not a date YYYY-MM-DD"),
    (["--terminals", "3", "--date", "2001-01-01"], "no prices in force on 2001-01-01"),
    (["nobody"], "ENTERPRISE: 'nobody' matches 0 enterprises"),
    ([], "give an ENTERPRISE (with -i) or --terminals N"),
])
def test_quote_cli_refuses_bad_input(cli, argv: list[str], message: str) -> None:
    code, _, err = cli("quote", *argv, "-i", str(ROOT / "inventory"))
    assert code == 2
    assert message in err


def test_quote_notes_for_an_off_list_enterprise_without_contract(cli) -> None:
    code, out, _ = cli("quote", "4403980103", "-i", str(ROOT / "inventory"), "--lang", "en", "--date", "2007-12-10")
    assert code == 0
    assert "not on the approved list: the technical service agreement may be signed later" in out
    assert "the transmission-fee contract (《委托银行代收电子报关数据传输服务费合同书》) is not signed yet" in out
    assert "QP terminals: 2" in out and "Total: ¥1,900.00" in out and "壹仟玖佰元整" in out


def test_quote_shows_the_payee_account_to_pay_into(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """§2.3: a transfer from the corporate account or cash deposited at the bank, into the sub-centre's account."""
    sheet = tmp_path / "q.csv"
    code, out, _ = cli("quote", "--terminals", "3", "-i", str(ROOT / "inventory"), "--lang", "zh", "--date",
                       "2007-12-10", "--csv", str(sheet))
    assert code == 0
    assert "收款账户：中国电子口岸数据中心某地分中心，开户行：交通银行，账号：4430 6666 0180 1000 1234 5" in out
    assert "或到银行将现金存入下列账户" in out
    code, out, _ = cli("quote", "--terminals", "3", "-i", str(ROOT / "inventory"), "--json", "--date", "2007-12-10")
    assert json.loads(out)["payee"] == {"name": "中国电子口岸数据中心某地分中心", "bank": "交通银行",
                                        "number": "443066660180100012345"}
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "项目,数量,单价（元）,金额（元）" and rows[-2] == "合计,,,\"2,100.00\""  # 1,500 + 3 × 200


def test_price_table_needs_the_payee_account_number(tmp_path: Path) -> None:
    file = tmp_path / "prices.yml"
    file.write_text((ROOT / "inventory" / "prices.yml").read_text(encoding="utf-8")
                    .replace('  number: "4430 6666 0180 1000 12345"\n', ""), encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_prices(file)
    assert any("payee: missing required field 'number'" in p for p in caught.value.problems)


def test_fee_charges_export_for_excel(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events = tmp_path / "e.csv"
    events.write_text("time,card,event,declaration_id\n"  # the columns in any order
                      "2007-12-10T09:00:00+08:00,5301010001,save,D001\n"
                      "2007-12-10T09:30:00+08:00,5301019001,declare,D001\n", encoding="utf-8")
    sheet = tmp_path / "fees.csv"
    code, _, err = cli("fees", "transmission", "--events", str(events), "-i", str(ROOT / "inventory"), "--csv",
                         str(sheet), "--lang", "zh")
    assert code == 0, err
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sheet.read_text(encoding="utf-8-sig").splitlines() == ["海关编码,企业名称,票数,金额（元）",
                                                                 "4403980101,深圳市华通报关有限公司,1,15.00"]


def test_a_quote_carries_a_number_that_follows_from_what_it_prices(cli, tmp_path: Path) -> None:
    argv = ("quote", "4403980101", "-i", str(ROOT / "inventory"), "--date", "2007-12-10", "--json")
    first, again = (json.loads(cli(*argv)[1])["number"] for _ in range(2))
    assert first == again and re.fullmatch(r"QP20071210-4403980101-\d{4}", first)
    monthly = json.loads(cli(*argv, "--plan", "monthly")[1])["number"]
    later = json.loads(cli("quote", "4403980101", "-i", str(ROOT / "inventory"), "--date", "2007-12-11", "--json")[1])
    assert monthly != first and later["number"].startswith("QP20071211-4403980101-")
    page = tmp_path / "q.html"
    code, out, _ = cli("quote", "4403980101", "-i", str(ROOT / "inventory"), "--date", "2007-12-10", "--lang", "zh",
                       "--html", str(page))
    assert code == 0 and f"报价单号: {first}" in out and first in page.read_text("utf-8")
    generic = json.loads(cli("quote", "--terminals", "6", "--date", "2007-12-10", "--json")[1])["number"]
    assert re.fullmatch(r"QP20071210-T6-\d{4}", generic)
