"""Bad input: broken registries, each with the exact message and line the loader must report.

Every case is the valid base registry (tests/fixtures/registry/valid.yml) with one edit; the
loader must refuse it and report exactly the expected ``file:line: field.path: message`` lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.errors import InputError, ValidationErrors
from provisioning.registry import fastload, load_registry, loader
from provisioning.registry.export import registry_dict
from tests.conftest import FIXTURES

BASE = (FIXTURES / "registry" / "valid.yml").read_text(encoding="utf-8")


def edit(*pairs: str) -> str:
    """The base with each (old, new) replaced once; the old text must be there."""
    text = BASE
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


SECOND = '  - customs_code: "4403980102"'
CASES: list[tuple[str, str, list[str]]] = [
    ("yaml-syntax", edit("rights: [save, upload]", "rights: [save, upload"),
     ["55: YAML syntax error: did not find expected ',' or ']'"]),
    ("duplicate-key", edit("    org_code: \"192837461\"\n", "    org_code: \"192837461\"\n    name: 别名\n"),
     ["13: enterprises[0].name: duplicate key 'name' (first at line 11)"]),
    ("wrong-type-integer", edit("approved_terminals: 2", "approved_terminals: two"),
     ["15: enterprises[0].approved_terminals: must be a whole number, not text 'two'"]),
    ("wrong-type-boolean", edit("on_approved_list: true", "on_approved_list: maybe"),
     ["14: enterprises[0].on_approved_list: must be true or false, not text 'maybe'"]),
    ("unquoted-code", edit('customs_code: "4403980101"', "customs_code: 4403980101"),
     ["10: enterprises[0].customs_code: must be text, not a number (write codes and numbers in quotes: "
      "an unquoted number loses leading zeros)"]),
    ("missing-field", edit('    org_code: "192837461"\n', ""),
     ["10: enterprises[0]: missing required field 'org_code'"]),
    ("missing-bank", edit("    bank:\n      name: 深圳市华通报关有限公司\n      type: corporate\n"
                          "      number: \"6222600012345678\"\n", ""),
     ["10: enterprises[0]: missing required field 'bank'"]),
    ("unknown-field", edit("        chassis: tower\n", "        chassis: tower\n        colour: beige\n"),
     ["84: enterprises[1].terminals[0].colour: unknown field 'colour'; valid: host, address, role, chassis, "
      "qp_installed, connection, notes"]),
    ("customs-code-short", edit('"4403980101"', '"440398010"'),
     ["10: enterprises[0].customs_code: '440398010': a customs code has 10 characters, not 9"]),
    ("customs-code-chars", edit('"4403980101"', '"44039801a1"'),
     ["10: enterprises[0].customs_code: '44039801a1': a customs code has only digits and capital letters"]),
    ("org-code-check", edit('"192837461"', '"192837462"'),
     ["12: enterprises[0].org_code: '192837462': organisation code check character is '2', should be '1'"]),
    ("uscc-check", edit('"27364512X"', '"91440300273645128A"'),
     ["63: enterprises[1].org_code: '91440300273645128A': unified social credit code check character is 'A', "
      "should be '9'"]),
    ("unknown-site", edit('    site: "5301"\n    on_approved_list: false', '    site: "5399"\n    on_approved_list: false'),
     ["64: enterprises[1].site: unknown customs site '5399'; known: 5301"]),
    ("duplicate-customs-code", edit('customs_code: "4403980102"', 'customs_code: "4403980101"'),
     ["61: enterprises[1].customs_code: duplicate customs code '4403980101' (first at {file}:10)"]),
    ("duplicate-host", edit("host: pc-qp01", "host: ht-qp01"),
     ["80: enterprises[1].terminals[0].host: duplicate host name 'ht-qp01' (first at {file}:32)"]),
    ("duplicate-address", edit("address: 10.53.2.11", "address: 10.53.1.12"),
     ["81: enterprises[1].terminals[0].address: duplicate address '10.53.1.12' (first at {file}:39)"]),
    ("duplicate-site", edit("enterprises:\n", "  - {code: \"5301\", name: 又一个, address: 某地}\nenterprises:\n"),
     ["9: sites[1].code: duplicate customs site code '5301' (first at {file}:6)"]),
    ("over-approved", edit("approved_terminals: 2", "approved_terminals: 1"),
     ["40: enterprises[0].terminals[1].role: 2 QP terminals but customs approved 1: terminal ht-qp02 and any "
      "after it are over the approved count (§6.2)"]),
    ("laptop", edit("chassis: tower", "chassis: laptop"),
     ["83: enterprises[1].terminals[0].chassis: 'laptop' cannot be a QP terminal (pc-qp01): desktops only (§6.1)"]),
    ("longda-with-qp", edit("        role: longda_backup\n        chassis: desktop\n        qp_installed: false",
                            "        role: longda_backup\n        chassis: desktop\n        qp_installed: true"),
     ["48: enterprises[0].terminals[2].qp_installed: ht-ld01 is a Longda backup: QP is never installed on it and "
      "it stays untouched (§6.1, §6.2)"]),
    ("road-port-with-qp", edit("        role: longda_backup\n        chassis: desktop\n        qp_installed: false",
                               "        role: road_port_only\n        chassis: desktop\n        qp_installed: true"),
     ["48: enterprises[0].terminals[2].qp_installed: ht-ld01 has QP installed but role road_port_only; use role qp "
      "(QP may share the PC, §6.5)"]),
    ("signer-differs", edit("      signer: 深圳市华通报关有限公司", "      signer: 深圳华通报关"),
     ["19: enterprises[0].transmission_contract.signer: contract signer '深圳华通报关' differs from bank account name "
      "'深圳市华通报关有限公司' (§1.1)"]),
    ("bank-name-differs", edit("      name: 深圳市华通报关有限公司\n      type: corporate",
                               "      name: 张三\n      type: corporate"),
     ["25: enterprises[0].bank.name: account name '张三' must be exactly the registered name '深圳市华通报关有限公司' (§1.1)",
      "19: enterprises[0].transmission_contract.signer: contract signer '深圳市华通报关有限公司' differs from bank "
      "account name '张三' (§1.1)"]),
    ("private-account", edit("      type: corporate\n      number: \"6222600012345678\"",
                             "      type: private\n      number: \"6222600012345678\""),
     ["26: enterprises[0].bank.type: a private account cannot pay: the enterprise's corporate account only (§2.3)"]),
    ("operator-declare", edit("rights: [save, upload]", "rights: [save, upload, 申报]"),
     ["54: enterprises[0].cards[0].rights[2]: operator card 5301010001 cannot hold declare: save and upload "
      "only (§4.1)"]),
    ("declarant-without-declare", edit("rights: [declare, save]", "rights: [save]"),
     ["59: enterprises[0].cards[1].rights: declarant IC card 5301019001 always holds declare (§4.2)"]),
    ("old-agreement-on-list", edit("    service_agreement:\n      status: signed\n      signed_on: 2007-11-26",
                                   "    service_agreement:\n      status: signed\n      signed_on: 2006-03-01"),
     ["21: enterprises[0].service_agreement: on the approved list with QP installed before: must sign the new "
      "technical service agreement before any install or maintenance (signed on 2006-03-01, before the new "
      "agreement of 2007-11-20) (§2.4)"]),
    ("no-agreement-on-list", edit("    service_agreement:\n      status: signed\n      signed_on: 2007-11-26",
                                  "    service_agreement:\n      status: none"),
     ["21: enterprises[0].service_agreement: on the approved list with QP installed before: must sign the new "
      "technical service agreement before any install or maintenance (technical service agreement not signed) (§2.4)"]),
    ("contract-account-changed", edit('      account_number: "6222600012345678"', '      account_number: "6222600012340000"'),
     ["20: enterprises[0].transmission_contract.account_number: the contract of 2007-11-26 names account "
      "6222 **** **** 0000 but the debit account is now 6222 **** **** 5678: a contract is reused only while the "
      "account name and number are unchanged (§1.3); sign a new transmission-fee contract"]),
    ("entry-rights-without-contract",
     edit("    transmission_contract:\n      status: signed\n      signed_on: 2007-11-26\n      signer: 深圳市华通报关有限公司\n"
          "      account_number: \"6222600012345678\"\n", "    transmission_contract:\n      status: pending\n"),
     ["51: enterprises[0].cards[0].rights: card 5301010001 holds entry rights (save, upload) but the "
      "enterprise has no signed transmission-fee contract (transmission_contract pending): entry rights are granted "
      "only to enterprises that signed the transmission-fee contract with the bank (§3.2, §4.4)",
      "56: enterprises[0].cards[1].rights: card 5301019001 holds entry rights (save) but the enterprise has no "
      "signed transmission-fee contract (transmission_contract pending): entry rights are granted only to "
      "enterprises that signed the transmission-fee contract with the bank (§3.2, §4.4)"]),
    ("contract-without-account", edit('      account_number: "6222600012345678"\n', ""),
     ["16: enterprises[0].transmission_contract: a signed transmission-fee contract needs account_number (the debit "
      "account the contract names, §1.1)"]),
    ("unsigned-contract-with-date", edit("    service_agreement:\n      status: signed\n      signed_on: 2007-11-26",
                                         "    service_agreement:\n      status: pending\n      signed_on: 2007-11-26"),
     ["21: enterprises[0].service_agreement: technical service agreement status is 'pending' but signed_on is given"]),
    ("version-1-contract", edit("    transmission_contract:\n      status: signed\n      signed_on: 2007-11-26\n"
                                "      signer: 深圳市华通报关有限公司\n      account_number: \"6222600012345678\"\n"
                                "    service_agreement:\n      status: signed\n      signed_on: 2007-11-26\n",
                                "    contract:\n      status: signed\n      signed_on: 2007-11-26\n"
                                "      signer: 深圳市华通报关有限公司\n", "registry_version: 2", "registry_version: 1"),
     ["2: registry_version: registry_version 1 is the old format: version 2 records the transmission-fee contract "
      "(transmission_contract, §1) and the technical service agreement (service_agreement, §2.4) separately instead "
      "of one 'contract'; update the file and set registry_version: 2 (README: enterprise registry)",
      "16: enterprises[0].contract: 'contract' (registry_version 1) was one field for two contracts: write "
      "transmission_contract (the transmission-fee contract with the bank, §1: status, signed_on, signer, "
      "account_number) and service_agreement (the technical service agreement, §2.4: status, signed_on) instead"]),
    ("password-in-registry", edit("{via: ssh, credential: lab, port: 2222}", "{via: ssh, password: hunter2}"),
     ["85: enterprises[1].terminals[0].connection.password: no passwords or secrets in the registry; keep them in "
      "the vault and give 'credential: NAME' here"]),
    ("winrm-without-credential", edit("connection: {via: winrm, credential: site-5301}", "connection: {via: winrm}"),
     ["37: enterprises[0].terminals[0].connection: a winrm connection needs 'credential: NAME' (a reference to the "
      "vault)"]),
    ("invalid-role", edit("role: qp\n        chassis: tower", "role: server\n        chassis: tower"),
     ["82: enterprises[1].terminals[0].role: invalid value 'server'; valid: qp, longda_backup, road_port_only"]),
    ("invalid-host", edit("host: pc-qp01", "host: PC_QP01"),
     ["80: enterprises[1].terminals[0].host: 'PC_QP01': a host name has lower-case letters, digits and '-' (max 63)"]),
    ("invalid-address", edit("address: 10.53.2.11", "address: 10.53.2.311"),
     ["81: enterprises[1].terminals[0].address: '10.53.2.311': not an IP address"]),
    ("invalid-date", edit("signed_on: 2007-12-01", "signed_on: 2007-13-01"),
     ["69: enterprises[1].transmission_contract.signed_on: cannot read '2007-13-01': month must be in 1..12"]),
    ("date-as-text", edit("signed_on: 2007-12-01", "signed_on: 1st of December"),
     ["69: enterprises[1].transmission_contract.signed_on: must be a date YYYY-MM-DD, not '1st of December'"]),
    ("invalid-right", edit("rights: [declare, save]", "rights: [declare, approve]"),
     ["59: enterprises[0].cards[1].rights[1]: invalid right 'approve'; valid: save, upload, "
      "declare"]),
    ("invalid-plan", edit("maintenance_plan: per-visit", "maintenance_plan: weekly"),
     ["30: enterprises[0].maintenance_plan: invalid value 'weekly'; valid: per-visit, monthly"]),
    ("not-a-mapping", "- just\n- a list\n", ["1: must be a mapping (key: value lines), not a list"]),
    ("enterprises-not-a-list", BASE.split("enterprises:\n")[0] + "enterprises:\n  customs_code: \"4403980101\"\n",
     ["9: enterprises: must be a list (lines starting with '- '), not a mapping"]),
    ("port-out-of-range", edit("port: 2222", "port: 70000"),
     ["85: enterprises[1].terminals[0].connection.port: a port is 1-65535, not 70000"]),
    ("future-version", edit("registry_version: 2", "registry_version: 3"),
     ["2: registry_version: this qpfleet reads registry_version 2, not 3"]),
    ("signed-without-date", edit("      signed_on: 2007-12-01\n", ""),
     ["67: enterprises[1].transmission_contract: a signed transmission-fee contract needs signed_on (YYYY-MM-DD)"]),
    ("yaml11-boolean-as-text", edit("holder: 李娜", "holder: yes"),
     ["53: enterprises[0].cards[0].holder: must be text, not a boolean"]),
    ("yaml11-date-as-text", edit("holder: 李娜", "holder: 2007-11-20"),
     ["53: enterprises[0].cards[0].holder: must be text, not a date"]),
    ("yaml11-sexagesimal-as-text", edit("holder: 李娜", "holder: 1:30"),
     ["53: enterprises[0].cards[0].holder: '1:30' is not a plain decimal number (YAML 1.1 reads '1:30' as 90); "
      "write the number in decimal, or quote it if it is text"]),
    # issue 12: YAML 1.1 number forms are refused, never read as 8 or 90
    ("approved-octal", edit("approved_terminals: 2", "approved_terminals: 010"),
     ["15: enterprises[0].approved_terminals: '010' is not a plain decimal number (YAML 1.1 reads '010' as 8); "
      "write the number in decimal, or quote it if it is text"]),
    ("approved-sexagesimal", edit("approved_terminals: 2", "approved_terminals: 1:30"),
     ["15: enterprises[0].approved_terminals: '1:30' is not a plain decimal number (YAML 1.1 reads '1:30' as 90); "
      "write the number in decimal, or quote it if it is text"]),
    # an empty value is a missing one, for every field: never a way past the §1.1 signer rule
    ("signer-empty", edit("      signer: 深圳市华通报关有限公司", "      signer:"),
     ["16: enterprises[0].transmission_contract: a signed transmission-fee contract needs signer (the enterprise's "
      "full registered name, §1.1)"]),
    ("signer-blank-text", edit("      signer: 深圳市华通报关有限公司", "      signer: \"  \""),
     ["16: enterprises[0].transmission_contract: a signed transmission-fee contract needs signer (the enterprise's "
      "full registered name, §1.1)"]),
    ("name-empty", edit("    name: 深圳市华通报关有限公司\n", "    name: ''\n"),
     ["10: enterprises[0]: missing required field 'name' (it is empty)"]),
    ("bank-number-full-width", edit('      number: "6222600012345678"', '      number: "６２２２６０００１２３４５６７８"'),
     ["27: enterprises[0].bank.number: '６２２２６０００１２３４５６７８': a bank account number has 8 to 30 digits 0-9"]),
    ("customs-code-cyrillic", edit('"4403980101"', '"44039801\u0410\u0412"'),
     ["10: enterprises[0].customs_code: '44039801АВ': a customs code has only digits and capital letters"]),
    ("duplicate-address-ipv4-mapped", edit("address: 10.53.2.11", "address: \"::ffff:10.53.1.12\""),
     ["81: enterprises[1].terminals[0].address: duplicate address '::ffff:10.53.1.12' (first at {file}:39)"]),
    ("bad-phone", edit('phone: "13800138001"', 'phone: "138-0013"'),
     ["29: enterprises[0].contacts[0].phone: '138-0013': a phone number is a mobile (11 digits) or 0755-83456789"]),
]


def _expected(lines: list[str], file: Path) -> list[str]:
    return sorted(f"{file}:{line.format(file=file)}" for line in lines)


@pytest.fixture(params=["slow", "fast"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on the PyYAML reader and again on the fastyaml-rs fast path (forced for small files)."""
    if request.param == "fast":
        if not fastload.available():
            pytest.skip("fastyaml-rs not installed")
        monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    return str(request.param)


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_registry_is_refused_with_exact_messages(tmp_path: Path, name: str, text: str,
                                                         expected: list[str], path_kind: str) -> None:
    file = tmp_path / f"{name}.yml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_registry(file)
    assert sorted(caught.value.problems) == _expected(expected, file)


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_the_base_is_valid() -> None:
    reg = load_registry(FIXTURES / "registry" / "valid.yml")
    assert reg.warnings == []


def test_all_problems_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(edit("chassis: tower", "chassis: laptop"), encoding="utf-8")
    (tmp_path / "b.yml").write_text("enterprises:\n" + BASE.split("enterprises:\n", 1)[1].replace(
        "rights: [save, upload]", "rights: [save, upload, declare]"), encoding="utf-8")
    (tmp_path / "c.yml").write_text("sites: [\n", encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_registry(tmp_path)
    text = "\n".join(caught.value.problems)
    assert f"{tmp_path / 'a.yml'}:83: enterprises[1].terminals[0].chassis: 'laptop'" in text
    assert f"{tmp_path / 'b.yml'}:46: enterprises[0].cards[0].rights[2]: operator card" in text
    assert f"{tmp_path / 'c.yml'}:2: YAML syntax error" in text
    # the same enterprises in two files: duplicates across files name the first file
    assert f"duplicate customs code '4403980101' (first at {tmp_path / 'a.yml'}:10)" in text


def test_fifty_megabyte_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    with big.open("w", encoding="utf-8") as out:
        out.write(BASE)
        filler = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            out.write(filler)
    with pytest.raises(ValidationErrors) as caught:
        load_registry(big)
    assert caught.value.problems == [f"{big}: registry file is 50.1 MiB, over the 20 MiB limit"]


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.yml"
    gbk.write_bytes(BASE.encode("gbk"))
    with pytest.raises(ValidationErrors) as caught:
        load_registry(gbk)
    assert caught.value.problems == [f"{gbk}:7: registry file is not UTF-8 text (byte 0xbb at offset 197); save it as UTF-8"]


def test_missing_registry_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="registry not found"):
        load_registry(tmp_path / "nope")
    with pytest.raises(InputError, match="no registry files"):
        load_registry(tmp_path)


@pytest.mark.parametrize(("old", "new", "warning"), [
    ("approved_terminals: 1", "approved_terminals: 3",
     "66: enterprises[1].approved_terminals: 2 installs pending: customs approved 3, 1 QP terminals registered"),
    ("        status: active\n      - kind: declarant",
     "        status: active\n        holder_left_on: 2007-12-31\n      - kind: declarant",
     "56: enterprises[0].cards[0].holder_left_on: holder 李娜 left on 2007-12-31 but card 5301010001 is still active: "
     "cancel it (§10.4)"),
    ("    service_agreement:\n      status: signed\n      signed_on: 2007-12-01",
     "    service_agreement:\n      status: pending",
     "72: enterprises[1].service_agreement: not on the approved list, QP installed: may sign the technical service "
     "agreement later (technical service agreement pending); fees at the new standard (§2.5)"),
])
def test_warnings_do_not_stop_the_registry(tmp_path: Path, old: str, new: str, warning: str,
                                          path_kind: str) -> None:
    file = tmp_path / "w.yml"
    file.write_text(edit(old, new), encoding="utf-8")
    reg = load_registry(file)
    assert reg.warnings == [f"{file}:{warning}"]


@pytest.mark.parametrize(("old", "new"), [
    ("on_approved_list: false", "on_approved_list: yes"),
    ("    name: 深圳市鹏程报关有限公司\n    org_code", "    name: \"深圳市鹏程报关有限公司\"\n    org_code"),
    ("holder: 李娜", "holder: '2007-11-20'"),
    ("status: active", "status: !!str active"),
])
def test_fast_and_slow_paths_build_the_same_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     old: str, new: str) -> None:
    if not fastload.available():
        pytest.skip("fastyaml-rs not installed")
    file = tmp_path / "r.yml"
    file.write_text(edit(old, new), encoding="utf-8")
    slow = load_registry(file)
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    fast = load_registry(file)
    assert registry_dict(fast) == registry_dict(slow)
    assert fast.warnings == slow.warnings


@pytest.mark.parametrize("fork_bytes", [0, 1 << 40], ids=["lint-in-a-second-process", "lint-inline"])
def test_fast_path_refuses_duplicate_keys_like_the_slow_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            fork_bytes: int) -> None:
    if not fastload.available():
        pytest.skip("fastyaml-rs not installed")
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    monkeypatch.setattr(fastload, "FORK_BYTES", fork_bytes)
    file = tmp_path / "dup.yml"
    file.write_text(edit("        chassis: tower\n", "        chassis: tower\n        chassis: laptop\n"),
                    encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_registry(file)
    assert caught.value.problems == [
        f"{file}:84: enterprises[1].terminals[0].chassis: duplicate key 'chassis' (first at line 83)"]


def test_a_windows_edited_file_with_crlf_stays_on_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not fastload.available():
        pytest.skip("fastyaml-rs not installed")
    file = tmp_path / "r.yml"
    file.write_bytes(edit("holder: 李娜", "holder: 李娜").replace("\n", "\r\n").encode("utf-8"))
    assert fastload.fast_safe(file.read_bytes().decode("utf-8"))       # CR LF is one line break to both
    slow = load_registry(file)
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    assert registry_dict(load_registry(file)) == registry_dict(slow)


@pytest.mark.parametrize("was_on", [True, False])
def test_the_cyclic_collector_is_left_as_it_was_found(tmp_path: Path, was_on: bool) -> None:
    """Loading pauses Python's cyclic garbage collector (0.7 s of a large registry) and puts it back,
    after a valid registry and after a refused one."""
    import gc

    bad = tmp_path / "bad.yml"
    bad.write_text(edit("chassis: tower", "chassis: tablet"), encoding="utf-8")
    good = tmp_path / "good.yml"
    good.write_text(BASE, encoding="utf-8")
    (gc.enable if was_on else gc.disable)()
    try:
        load_registry(good)
        assert gc.isenabled() is was_on
        with pytest.raises(ValidationErrors):
            load_registry(bad)
        assert gc.isenabled() is was_on
    finally:
        gc.enable()


def test_quick_terminal_reader_agrees_with_the_general_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import ROOT

    quick = load_registry(ROOT / "inventory")
    monkeypatch.setattr(loader, "_quick_terminal", lambda r, m: None)
    general = load_registry(ROOT / "inventory")
    assert registry_dict(quick) == registry_dict(general)
    assert quick.warnings == general.warnings


@pytest.mark.parametrize("host", ["ht-qp01", "1234", "a", "a--b", "x" * 63])
def test_host_names_accepted(host: str) -> None:
    from provisioning.registry.codes import host_problem

    assert host_problem(host) is None


@pytest.mark.parametrize("host", ["HT-QP01", "-a", "a-", "a_b", "", "x" * 64, "1" * 64, "终端1", "a.b", "١٢"])
def test_host_names_refused(host: str) -> None:
    from provisioning.registry.codes import host_problem

    assert host_problem(host) is not None


@pytest.mark.parametrize("breaker", ["\x85", "\u2028", "\u2029", "\r"])
def test_fast_and_slow_paths_read_line_breaks_beyond_lf_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              breaker: str) -> None:
    """YAML 1.1 (PyYAML) breaks lines at NEL, LS, PS and a lone CR, YAML 1.2 does not: such a file
    always takes the slow path, so both paths give the same registry or the same messages."""
    if not fastload.available():
        pytest.skip("fastyaml-rs not installed")
    file = tmp_path / "r.yml"
    file.write_text(edit("holder: 李娜", f"holder: 李{breaker}娜", "# A small valid", f"# A{breaker}small valid"),
                    encoding="utf-8", newline="")

    def outcome() -> object:
        try:
            reg = load_registry(file)
        except ValidationErrors as exc:
            return sorted(exc.problems)
        return registry_dict(reg), reg.warnings

    slow = outcome()
    monkeypatch.setattr(loader, "FAST_PATH_BYTES", 0)
    assert outcome() == slow
    assert not fastload.fast_safe(file.read_bytes().decode("utf-8"))


def test_a_folder_reports_every_yaml_entry_whatever_it_is(tmp_path: Path) -> None:
    reg = tmp_path / "registry"
    reg.mkdir()
    (reg / "a.yml").write_text(BASE, encoding="utf-8")
    (reg / "B.YAML").write_text("# only a comment\n", encoding="utf-8")
    (reg / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    (reg / "old.yml").mkdir()
    (reg / ".#a.yml").symlink_to("root@host.1234")  # an editor's lock file: not a registry file
    (reg / "notes.txt").write_text("not yaml", encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_registry(tmp_path)
    assert sorted(caught.value.problems) == [
        f"{reg / 'B.YAML'}:1: registry file is empty (no sites, no enterprises); fill it or remove it",
        f"{reg / 'gone.yml'}: registry file is a broken symbolic link",
        f"{reg / 'old.yml'}: registry file is a directory, not a file",
    ]


@pytest.mark.parametrize(("name", "text"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_broken_registry_is_told_in_the_users_language(tmp_path: Path, name: str, text: str) -> None:
    """Every problem of every case in Chinese without English sentences, and in English without Chinese
    (the registry's own values, such as an enterprise's name, are data and may stand in either)."""
    import re

    from tests.support.langcheck import chinese_chars, english_runs

    file = tmp_path / f"{name}.yml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_registry(file)
    data = [str(file), *re.findall(r"[^\x00-\x7f\s'\"\[\],:]+", text)]  # the file's Chinese (and full-width) values
    zh, en = caught.value.text("zh"), caught.value.text("en")
    assert english_runs(zh, data) == [], zh
    assert chinese_chars(en, data) == [], en
    assert zh != en or name == "yaml-syntax"
