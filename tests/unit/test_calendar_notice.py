"""The State Council holiday notice read from its text: every year 2008–2026, its variations, its bad input."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import chinese_calendar
import pytest

from provisioning.dispatch.notice import Notice, NoticeInvalid, parse_notice
from tests.conftest import FIXTURES

NOTICES = FIXTURES / "calendar" / "notices"
D = dt.date
YEARS = range(2008, 2027)


def notice(name: str) -> Notice:
    return parse_notice((NOTICES / name).read_text("utf-8"))


def year_files(year: int) -> list[Path]:
    """The notice of ``year`` first, then its supplementary notices (adjustment, extension, one-off day)."""
    return sorted(NOTICES.glob(f"{year}*.txt"), key=lambda p: (p.stem != str(year), p.name))


def problems(text: str) -> list[str]:
    with pytest.raises(NoticeInvalid) as exc:
        parse_notice(text)
    return [p.text("n.txt", "en") for p in exc.value.problems]


@pytest.mark.parametrize("year", YEARS)
def test_each_notice_gives_exactly_the_working_days_of_chinesecalendar(year: int) -> None:
    """Every day of the year: what the notices state, else the weekday rule, equals chinesecalendar.

    The last days of December may be set by the next year's New Year arrangement (2011-12-31 was a
    working day by the 2012 notice), so those come from the next notice when it states them.
    """
    stated: dict[dt.date, bool] = {}
    for path in year_files(year):
        n = parse_notice(path.read_text("utf-8"))
        assert n.year == year and n.issued is not None
        stated.update({d: v[0] for d, v in n.stated().items()})
    following = year_files(year + 1)
    if following:
        later = parse_notice(following[0].read_text("utf-8")).stated()
        stated.update({d: v[0] for d, v in later.items() if d.year == year})
    day = D(year, 1, 1)
    wrong = []
    while day.year == year:
        if stated.get(day, day.weekday() < 5) != chinese_calendar.is_workday(day):
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert wrong == []


def test_a_notice_reads_as_the_government_wrote_it() -> None:
    n = notice("2026.txt")
    assert (n.title, n.year, n.issued, n.kind) == ("国务院办公厅关于2026年部分节假日安排的通知", 2026, D(2025, 11, 4), "main")
    spring = next(h for h in n.holidays if h.festivals == ("spring",))
    assert (spring.header, spring.days[0], spring.days[-1], len(spring.days)) == ("二、春节", D(2026, 2, 15),
                                                                                  D(2026, 2, 23), 9)
    assert [w.day for w in n.workdays] == [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
                                           D(2026, 9, 20), D(2026, 10, 10)]
    assert n.workdays[0].sentence.text == "1月4日（周日）上班。" and n.workdays[0].sentence.line == 5


def test_new_year_dates_of_the_year_before() -> None:
    n2008, n2012, n2023 = notice("2008.txt"), notice("2012.txt"), notice("2023.txt")
    assert n2008.holidays[0].days == (D(2007, 12, 30), D(2007, 12, 31), D(2008, 1, 1))
    assert D(2007, 12, 29) in [w.day for w in n2008.workdays]  # "12月29日（星期六）上班", no year written
    assert D(2011, 12, 31) in [w.day for w in n2012.workdays]  # "2011年12月31日（星期六）上班"
    assert n2023.holidays[0].days[0] == D(2022, 12, 31)


def test_a_moved_weekend_is_a_working_day_without_a_sentence_saying_so() -> None:
    """2008 National Day: "9月27日（星期六）、9月28日（星期日）两个公休日调至…", and no 上班 sentence."""
    days = {w.day for w in notice("2008.txt").workdays}
    assert {D(2008, 9, 27), D(2008, 9, 28)} <= days
    assert D(2008, 6, 8) not in days  # moved, but inside the Dragon Boat block: a holiday


def test_supplementary_notices() -> None:
    labour = notice("2019-labour-day.txt")
    assert labour.kind == "supplement" and labour.festivals == ("labour",)
    assert labour.holidays[0].days == tuple(D(2019, 5, d) for d in range(1, 5))
    extension = notice("2020-spring-festival-extension.txt")  # 延长…至2月2日: from the notice's date on
    assert extension.holidays[0].days[-1] == D(2020, 2, 2) and D(2020, 1, 31) in extension.holidays[0].days
    victory = notice("2015-victory-day.txt")  # 国务院 (not its office), an unnumbered arrangement
    assert victory.festivals == ("special",) and [w.day for w in victory.workdays] == [D(2015, 9, 6)]


def test_advice_is_not_an_arrangement() -> None:
    """2024: "鼓励…安排职工在除夕（2月9日）休息" leaves 2 February 9 a working day."""
    n = notice("2024.txt")
    assert D(2024, 2, 9) not in n.stated()


@pytest.mark.parametrize("change", [
    "half-width",  # pasted from a reprint with ASCII punctuation and digits
    "星期",  # 周X written 星期X
    "星期天",
    "html",  # a gov.cn page saved as HTML
    "no-title",  # the body only, from 各省、自治区… on
])
def test_variations_read_the_same(change: str) -> None:
    text = (NOTICES / "2026.txt").read_text("utf-8")
    if change == "half-width":
        text = unicodedata.normalize("NFKC", text)
    elif change == "星期":
        text = text.replace("（周", "（星期").replace("、周", "、星期")
    elif change == "星期天":
        text = text.replace("周日", "星期天")
    elif change == "html":
        body = "".join(f"<p style=\"text-indent:2em\">{line}</p>\n" for line in text.splitlines())
        text = f"<html><head><title>x</title><script>var a='1月9日放假';</script></head><body>{body}</body></html>"
    elif change == "no-title":
        text = text[text.index("各省"):]
    got = parse_notice(text)
    want = notice("2026.txt")
    assert got.stated().keys() == want.stated().keys() and got.year == 2026 and got.issued == D(2025, 11, 4)
    assert [w.day for w in got.workdays] == [w.day for w in want.workdays]


def test_not_a_notice() -> None:
    text = "\n报关预录入企业使用电子口岸预录入申报系统（QuickPass系统）常见问题集\n\n一、关于签订协议的问题：\n"
    lines = problems(text)
    assert len(lines) == 1 and "not a State Council holiday notice" in lines[0] and "常见问题集" in lines[0]
    assert problems("")[0].startswith("n.txt:1: not a State Council holiday notice")


def test_make_up_day_on_a_weekday_names_the_sentence() -> None:
    text = (NOTICES / "2026.txt").read_text("utf-8").replace("1月4日（周日）上班", "1月5日（周一）上班")
    assert problems(text) == ["n.txt:5: 「1月5日（周一）上班。」: make-up working day 2026-01-05 is a Monday: "
                              "a make-up day is always a Saturday or Sunday"]


def test_a_weekday_that_is_not_the_dates_weekday() -> None:
    text = (NOTICES / "2026.txt").read_text("utf-8").replace("2月14日（周六）", "2月14日（周五）")
    assert problems(text) == ["n.txt:6: 「2月14日（周五）、2月28日（周六）上班。」: '2月14日(周五)': 2026-02-14 is a "
                              "Saturday, the notice says 周五"]


def test_sense_checks() -> None:
    text = (NOTICES / "2026.txt").read_text("utf-8")
    wrong_total = problems(text.replace("放假调休，共9天", "放假调休，共8天"))
    assert len(wrong_total) == 1 and "says 8 days, but 2026-02-15 to 2026-02-23 is 9 days" in wrong_total[0]
    no_festival = problems(text.replace("　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n", ""))
    assert len(no_festival) == 1 and "names Dragon Boat Festival but no sentence gives its dates" in no_festival[0]
    gap = problems(text.replace("三、清明节：4月4日（周六）至6日（周一）放假，共3天。",
                                "三、清明节：4月4日（周六）放假，4月7日（周二）补休。"))
    assert len(gap) == 1 and "2026-04-06, between 2026-04-04 and 2026-04-07, is a working day" in gap[0]
