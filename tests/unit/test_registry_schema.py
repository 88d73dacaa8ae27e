"""The registry's JSON schema describes what the loader accepts: the demo validates, enums match the model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checks.yamlio import load_yaml
from provisioning.registry import model
from provisioning.registry.loader import registry_files
from tests.conftest import FIXTURES, ROOT

SCHEMA = json.loads((ROOT / "provisioning" / "schema" / "registry.schema.json").read_text(encoding="utf-8"))


def as_json(path: Path) -> object:
    return json.loads(json.dumps(load_yaml(path).data, default=str, ensure_ascii=False))


@pytest.mark.parametrize("path", [*registry_files(ROOT / "inventory"), FIXTURES / "registry" / "valid.yml"],
                         ids=lambda p: p.name)
def test_valid_registries_match_the_schema(path: Path) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(as_json(path))


def test_schema_enums_are_the_models() -> None:
    defs = SCHEMA["$defs"]
    assert defs["terminal"]["properties"]["role"]["enum"] == list(model.TERMINAL_ROLES)
    assert defs["terminal"]["properties"]["chassis"]["enum"] == list(model.CHASSIS_KINDS)
    assert defs["card"]["properties"]["kind"]["enum"] == list(model.CARD_KINDS)
    assert defs["card"]["properties"]["status"]["enum"] == list(model.CARD_STATUSES)
    for contract in ("transmission_contract", "service_agreement"):
        assert defs["enterprise"]["properties"][contract]["properties"]["status"]["enum"] == list(
            model.CONTRACT_STATUSES)


def test_schema_refuses_a_password() -> None:
    data = as_json(FIXTURES / "registry" / "valid.yml")
    data["enterprises"][0]["terminals"][0]["connection"]["password"] = "x"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_schema_keeps_the_two_contracts_apart() -> None:
    data = as_json(FIXTURES / "registry" / "valid.yml")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    ent = data["enterprises"][0]  # type: ignore[index]
    old = {**ent, "contract": ent["transmission_contract"]}
    del old["transmission_contract"], old["service_agreement"]
    assert not validator.is_valid({**data, "enterprises": [old]})  # version 1's one 'contract'
    unsigned_with_date = {**ent, "service_agreement": {"status": "pending", "signed_on": "2007-11-26"}}
    assert not validator.is_valid({**data, "enterprises": [unsigned_with_date]})
    no_account = {**ent, "transmission_contract": {k: v for k, v in ent["transmission_contract"].items()
                                                   if k != "account_number"}}
    assert not validator.is_valid({**data, "enterprises": [no_account]})
    assert validator.is_valid({**data, "enterprises": [ent]})
