"""The language checker of the completeness test finds what it must, and leaves names, code and data alone."""

from __future__ import annotations

from tests.support.langcheck import chinese_chars, english_runs


def test_english_runs_in_chinese_text_are_found() -> None:
    assert english_runs("未能检测chassis type：no SMBIOS chassis type in sysfs") != []
    assert english_runs("qpfleet: 警告: working-day data ends 2026-12-31") != []
    assert english_runs("检测到: language None, code page None") != []
    assert english_runs("2026-12-24 Thu  工作日") != []  # a weekday name alone is enough
    assert english_runs("状态：ESTIMATED") != []


def test_names_code_data_and_marked_detail_pass() -> None:
    assert english_runs("用 --carrier-config FILE 测量网通和电信（QP、WinRM、NTP、Windows XP、USB）") == []
    assert english_runs("检测到：Intel(R) Pentium(R) 4 CPU 3.00GHz", ["Intel(R) Pentium(R) 4 CPU 3.00GHz"]) == []
    assert english_runs("无法连接 pc-01:5985（详情：No route to host）") == []
    assert english_runs("写入 inventory/registry/sites.yml 的 sub_centre 字段") == []
    assert english_runs('值 [{"name": "adduser", "publisher": "Debian Adduser Developers"}]') == []
    assert english_runs("Microsoft Windows XP Professional，简体中文版。") == []


def test_chinese_in_english_text_is_found_except_data_and_amounts() -> None:
    assert chinese_chars("Carrier selector (网通/电信)") != []
    assert chinese_chars("qpfleet: 警告: x") != []
    assert chinese_chars("Enterprise: 深圳市华通报关有限公司", ["深圳市华通报关有限公司"]) == []
    assert chinese_chars("Total ¥2,100.00 in words: 贰仟壹佰元整") == []


def test_commands_and_host_names_are_code() -> None:
    assert english_runs("运行 qpfleet dispatch calendar import-notice 通知.txt --write（或 pip install -U chinesecalendar）") == []
    assert english_runs("终端: ht-qp01 10.53.1.11; ht-qp02 10.53.1.12; ht-qp03 10.53.1.13 (待安装)") == []
