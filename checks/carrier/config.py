"""The carrier selector's configuration: load, validate (file:line messages) and type it.

A default ships as package data (``checks/data/carrier.yaml``, example addresses); ``--config``
names a site's own file. Every decision parameter lives here, never in the engine's code.
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import os
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from checks import words  # noqa: F401  (registers the shared words)
from checks.errors import InputError, ValidationErrors
from checks.i18n import Msg, add
from checks.yamlio import Located, load_yaml, loads_yaml

add({
    "carrier.v.resolver": {"zh": "应为IPv4地址，可加 :端口，而不是 {got}", "en": "must be an IPv4 address with an optional :port, got {got}"},
    "carrier.v.ipv4": {"zh": "{got} 不是IPv4地址（ip 或 ip:端口；专网不用IPv6）",
                       "en": "{got} is not an IPv4 address (ip or ip:port; IPv6 is not used on the private network)"},
    "carrier.v.resolver_port": {"zh": "{got}：端口应为 1 到 65535", "en": "{got}: port must be 1-65535"},
    "carrier.v.resolvers": {"zh": "应为非空的列表，每项 ip[:端口]", "en": "must be a non-empty list of ip[:port]"},
    "carrier.v.host": {"zh": "应为QP服务器的主机名，而不是 {got}", "en": "must be the QP server host name, got {got}"},
    "carrier.v.prefixes": {"zh": "应为非空的IPv4网段列表（如 10.1.0.0/16）",
                           "en": "must be a non-empty list of IPv4 networks (10.1.0.0/16)"},
    "carrier.v.prefix": {"zh": "{got} 不是IPv4网段（如 10.1.0.0/16）", "en": "{got} is not an IPv4 network such as 10.1.0.0/16"},
    "carrier.v.label": {"zh": "应写成 {{zh: ..., en: ...}}", "en": "must be {{zh: ..., en: ...}}"},
    "carrier.v.url": {"zh": "应为 http(s) 网址或 null，而不是 {got}", "en": "must be an http(s) URL or null, got {got}"},
    "carrier.v.sprt_p1": {"zh": "应大于0.5且小于1，而不是 {got}", "en": "must be above 0.5 and below 1, got {got}"},
    "carrier.v.target": {"zh": "无效的写入目标 {got}；可选：{valid}", "en": "invalid target {got}; valid: {valid}"},
    "carrier.v.required_for": {"zh": "target 为 {target} 时必须填写", "en": "required for target {target}"},
    "carrier.v.command": {"zh": "应为非空的文字列表，如 [reg]，而不是 {got}",
                          "en": "must be a non-empty list of texts such as [reg], got {got}"},
    "carrier.v.values": {"zh": "应为“运营商: 值”的映射", "en": "must be a mapping carrier -> value"},
    "carrier.v.unknown_carrier": {"zh": "未知的运营商 {got}（可用：{valid}）", "en": "unknown carrier {got} (carriers: {valid})"},
    "carrier.v.document": {"zh": "线路配置应为映射，包含 carriers、measure、decide、apply",
                           "en": "a carrier config must be a mapping with carriers, measure, decide, apply"},
    "carrier.v.two": {"zh": "应恰好列出两个运营商（netcom、telecom）及其设置，而不是 {got}",
                      "en": "must map exactly two carrier ids (netcom, telecom) to their settings, got {got}"},
    "carrier.v.interval": {"zh": "至少 20 毫秒（200 毫秒时每个解析服务器约每秒5次查询），而不是 {got}",
                           "en": "at least 20 ms (200 keeps each resolver near 5 queries/s), got {got}"},
    "carrier.v.timeout": {"zh": "应为 1 到 30000 毫秒，而不是 {got}", "en": "must be 1-30000 ms, got {got}"},
    "carrier.v.same_value": {
        "zh": "{a} 和 {b} 都会把 {value} 写入QP服务器设置：请在 apply.values 下给每个运营商各写一个值"
              "（例如它的DNS解析出的地址，或QP客户端需要的主机名）",
        "en": "{a} and {b} would both write {value} to the QP server setting; give each carrier its own value under "
              "apply.values (e.g. the address its DNS answers, or the host name the QP client needs)"},
    "carrier.err.no_config": {
        "zh": "本现场没有线路配置：请用 --config 文件指定（或设置 $QPFLEET_CARRIER_CONFIG）；可以从示例 --config {example} "
              "开始，或复制 checks/data/carrier.yaml，填入数据分中心提供的解析服务器",
        "en": "no carrier config for this site: give --config FILE (or set $QPFLEET_CARRIER_CONFIG); start from the "
              "example with --config {example} or a copy of checks/data/carrier.yaml with the resolvers the data "
              "sub-centre gives you"},
})

DEFAULT_CONFIG = "builtin:carrier.yaml"
TARGETS = ("file", "ini", "registry")
TCP_UNTIL = ("connect", "first_byte")
LOSS_FROM = ("tcp", "path")


@dataclass(frozen=True)
class Resolver:
    """One DNS resolver address (IPv4, port 53 unless given)."""

    host: str
    port: int = 53

    def __str__(self) -> str:
        return self.host if self.port == 53 else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Carrier:
    """One carrier's private-network DNS service and the QP login service behind it."""

    id: str
    label: dict[str, str]
    resolvers: tuple[Resolver, ...]
    service_host: str
    service_port: int
    expected_prefixes: tuple[str, ...]
    throughput_url: str | None = None

    def name(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.id

    def plausible(self, address: str) -> bool:
        """True when ``address`` lies in one of the expected prefixes."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(p, strict=False) for p in self.expected_prefixes)


@dataclass(frozen=True)
class MeasureParams:
    warmup_rounds: int = 2
    round_interval_ms: float = 200.0
    dns_timeout_ms: float = 1000.0
    tcp_timeout_ms: float = 1000.0
    tcp_until: str = "connect"
    slow_link_ms: float = 300.0  # when both carriers' TCP medians exceed this after 5 rounds ...
    slow_link_timeout_ms: float = 2000.0  # ... both timeouts are raised to this (research note §4)
    # ... and so they are when a DNS answer comes late: in the warm-up and this many measured rounds a
    # query that timed out is still awaited up to slow_link_timeout_ms; an answer then is a slow line, not loss
    late_answer_rounds: int = 5


@dataclass(frozen=True)
class DecideParams:
    """Parameters of the paired sequential test (defaults: research note §4)."""

    sprt_p1: float = 0.7
    alpha: float = 0.05
    beta: float = 0.05
    min_rounds: int = 10
    max_rounds: int = 60
    extended_max_rounds: int = 100
    loss_extend_difference: int = 3
    loss_gate_confidence: float = 0.90
    veto_extra_losses: int = 1
    loss_penalty_ms: float = 1000.0
    tie_margin_ms: float = 3.0
    tie_margin_ratio: float = 0.10
    dns_unusable_loss: float = 0.20
    dns_unusable_lower_bound: float = 0.05
    dns_gate_min_rounds: int = 20
    cost_pool_losses: int = 2
    loss_from: str = "path"
    loss_loses_round: bool = True


@dataclass(frozen=True)
class ApplyTarget:
    """Where the QP client reads its server setting."""

    target: str = "file"
    path: str | None = None
    ini_section: str = "Server"
    ini_key: str = "Address"
    registry_key: str | None = None
    registry_value: str = "Address"
    registry_command: tuple[str, ...] = ("reg",)
    values: dict[str, str] = field(default_factory=dict)
    state_dir: str | None = None


@dataclass(frozen=True)
class CarrierConfig:
    carriers: tuple[Carrier, Carrier]
    measure: MeasureParams
    decide: DecideParams
    apply: ApplyTarget
    source: str
    example: bool = False
    # problems that make applying impossible (both carriers would write the same value), as
    # ``file:line: field: message``; measuring is still fine, ``--apply`` is refused with them
    apply_problems: tuple[str, ...] = ()

    def carrier(self, carrier_id: str) -> Carrier:
        for c in self.carriers:
            if c.id == carrier_id:
                return c
        raise KeyError(carrier_id)

    @property
    def ids(self) -> tuple[str, str]:
        return (self.carriers[0].id, self.carriers[1].id)

    def value_for(self, carrier_id: str) -> str:
        """The value written to the target for a carrier (default: its QP host name)."""
        return self.apply.values.get(carrier_id) or self.carrier(carrier_id).service_host.rstrip(".")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


class _Checker:
    def __init__(self, doc: Located) -> None:
        self.doc = doc
        self.errors: list[str] = []  # Msg, each (the English text of record)

    def err(self, path: str, message: Msg) -> None:
        self.errors.append(Msg("msg.at", where=self.doc.where(path), what=message))

    def known(self, data: dict[str, Any], path: str, names: tuple[str, ...]) -> None:
        for key in data:
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = Msg("v.did_you_mean", name=close[0]) if close else ""
                self.err(f"{path}.{key}" if path else str(key),
                         Msg("v.unknown_field", hint=hint, known=tuple(names)))

    def mapping(self, data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        value = data.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(path, Msg("v.mapping", got=type(value).__name__))
            return {}
        return value


def _resolver(text: Any) -> Resolver | Msg:
    """A Resolver from ``ip`` or ``ip:port``, or an error message."""
    if not isinstance(text, str) or not text.strip():
        return Msg("carrier.v.resolver", got=repr(text))
    host, _, port_text = text.strip().partition(":")
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return Msg("carrier.v.ipv4", got=repr(text))
    port = 53
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return Msg("carrier.v.resolver_port", got=repr(text))
        port = int(port_text)
    return Resolver(host, port)


def _carrier(ck: _Checker, cid: str, data: Any, path: str) -> Carrier | None:
    if not isinstance(data, dict):
        ck.err(path, Msg("v.mapping_of", fields="resolvers, service_host, service_port, expected_prefixes"))
        return None
    ck.known(data, path, ("label", "resolvers", "service_host", "service_port", "expected_prefixes",
                          "throughput_url"))
    resolvers: list[Resolver] = []
    raw = data.get("resolvers")
    if not isinstance(raw, list) or not raw:
        ck.err(f"{path}.resolvers", Msg("carrier.v.resolvers"))
    else:
        for i, item in enumerate(raw):
            r = _resolver(item)
            if isinstance(r, Msg):
                ck.err(f"{path}.resolvers[{i}]", r)
            else:
                resolvers.append(r)
    host = data.get("service_host")
    if not isinstance(host, str) or not host.strip(".") or " " in host:
        ck.err(f"{path}.service_host", Msg("carrier.v.host", got=repr(host)))
        host = "invalid."
    elif not host.endswith("."):
        host += "."  # always an absolute name: no search suffix may be appended (research §2.7)
    raw_port = data.get("service_port")
    port = raw_port if isinstance(raw_port, int) and not isinstance(raw_port, bool) else 0
    if not 0 < port < 65536:
        ck.err(f"{path}.service_port", Msg("v.port", got=repr(raw_port)))
        port = 1
    prefixes: list[str] = []
    raw_p = data.get("expected_prefixes")
    if not isinstance(raw_p, list) or not raw_p:
        ck.err(f"{path}.expected_prefixes", Msg("carrier.v.prefixes"))
    else:
        for i, item in enumerate(raw_p):
            try:
                ipaddress.IPv4Network(str(item), strict=False)
                prefixes.append(str(item))
            except ValueError:
                ck.err(f"{path}.expected_prefixes[{i}]", Msg("carrier.v.prefix", got=repr(item)))
    label = data.get("label") or {}
    if not isinstance(label, dict) or not all(isinstance(v, str) for v in label.values()):
        ck.err(f"{path}.label", Msg("carrier.v.label"))
        label = {}
    url = data.get("throughput_url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        ck.err(f"{path}.throughput_url", Msg("carrier.v.url", got=repr(url)))
        url = None
    return Carrier(cid, {str(k): str(v) for k, v in label.items()}, tuple(resolvers), host, port,
                   tuple(prefixes), url)


def _params(ck: _Checker, data: dict[str, Any], path: str, cls: Any) -> Any:
    defaults = cls()
    names = tuple(defaults.__dataclass_fields__)
    ck.known(data, path, names)
    values: dict[str, Any] = {}
    for name in names:
        if name not in data:
            continue
        value, default, where = data[name], getattr(defaults, name), f"{path}.{name}"
        if isinstance(default, bool):
            if not isinstance(value, bool):
                ck.err(where, Msg("v.bool", got=repr(value)))
                continue
        elif isinstance(default, str):
            choices = TCP_UNTIL if name == "tcp_until" else LOSS_FROM
            if value not in choices:
                ck.err(where, Msg("v.choice", got=repr(value), valid=", ".join(choices)))
                continue
        elif isinstance(default, int) and not isinstance(default, bool):
            if not (_is_int(value) and value >= 0):
                ck.err(where, Msg("v.whole_ge0", got=repr(value)))
                continue
        elif not (_is_num(value) and value >= 0):
            ck.err(where, Msg("v.number_ge0", got=repr(value)))
            continue
        values[name] = float(value) if isinstance(default, float) else value
    return cls(**{**{n: getattr(defaults, n) for n in names}, **values})


def _check_decide(ck: _Checker, d: DecideParams) -> None:
    for name in ("alpha", "beta", "loss_gate_confidence", "dns_unusable_loss", "dns_unusable_lower_bound"):
        if not 0 < getattr(d, name) < 1:
            ck.err(f"decide.{name}", Msg("v.between01", got=getattr(d, name)))
    if not 0.5 < d.sprt_p1 < 1:
        ck.err("decide.sprt_p1", Msg("carrier.v.sprt_p1", got=d.sprt_p1))
    if d.min_rounds < 1:
        ck.err("decide.min_rounds", Msg("v.at_least", min=1))
    if d.max_rounds < d.min_rounds:
        ck.err("decide.max_rounds", Msg("v.not_below", other="min_rounds", got=d.max_rounds, limit=d.min_rounds))
    if d.extended_max_rounds < d.max_rounds:
        ck.err("decide.extended_max_rounds",
               Msg("v.not_below", other="max_rounds", got=d.extended_max_rounds, limit=d.max_rounds))


def _apply(ck: _Checker, data: dict[str, Any], ids: list[str], at: str = "apply") -> ApplyTarget:
    """An apply target (the one format of where a QP client setting lives; the kit's client values use it too)."""
    names = tuple(ApplyTarget.__dataclass_fields__)
    ck.known(data, at, names)
    target = data.get("target", "file")
    if target not in TARGETS:
        ck.err(f"{at}.target", Msg("carrier.v.target", got=repr(target), valid=", ".join(TARGETS)))
        target = "file"
    for key in ("path", "ini_section", "ini_key", "registry_key", "registry_value", "state_dir"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and value):
            ck.err(f"{at}.{key}", Msg("v.text", got=repr(value)))
    if target in ("file", "ini") and "path" in data and not data.get("path"):
        ck.err(f"{at}.path", Msg("carrier.v.required_for", target=target))
    if target == "registry" and "registry_key" in data and not data.get("registry_key"):
        ck.err(f"{at}.registry_key", Msg("carrier.v.required_for", target="registry"))
    command = data.get("registry_command", ["reg"])
    if not (isinstance(command, list) and command and all(isinstance(c, str) and c for c in command)):
        ck.err(f"{at}.registry_command", Msg("carrier.v.command", got=repr(command)))
        command = ["reg"]
    values = data.get("values") or {}
    if not isinstance(values, dict):
        ck.err(f"{at}.values", Msg("carrier.v.values"))
        values = {}
    for key, value in values.items():
        if key not in ids:
            ck.err(f"{at}.values.{key}", Msg("carrier.v.unknown_carrier", got=repr(key), valid=", ".join(ids)))
        elif not isinstance(value, str) or not value or "\n" in value:
            ck.err(f"{at}.values.{key}", Msg("v.one_line", got=repr(value)))
    kept = {k: v for k, v in data.items() if k in names and k != "registry_command" and k != "values"}
    kept["target"] = target
    return ApplyTarget(**kept, registry_command=tuple(command), values={str(k): str(v) for k, v in values.items()})


def parse_target(doc: Located, data: dict[str, Any], at: str) -> tuple[ApplyTarget | None, list[str]]:
    """One target mapping (target, path, ini_section, ini_key, registry_key, registry_value) of another
    document, validated as the carrier's ``apply`` is: (target or None, ``file:line: at.field: message`` errors)."""
    ck = _Checker(doc)
    target = _apply(ck, data, [], at)
    return (None if ck.errors else target), ck.errors


def parse_config(doc: Located) -> CarrierConfig:
    """Validate a loaded document; all problems are raised together as ValidationErrors."""
    ck = _Checker(doc)
    data = doc.data
    if not isinstance(data, dict):
        raise ValidationErrors([Msg("msg.at", where=f"{doc.file}:1", what=Msg("carrier.v.document"))], what=doc.file)
    ck.known(data, "", ("version", "example", "carriers", "measure", "decide", "apply"))
    if data.get("version", 1) != 1:
        ck.err("version", Msg("v.version", got=repr(data.get("version")), supported=1))
    raw = data.get("carriers")
    carriers: list[Carrier] = []
    if not isinstance(raw, dict) or len(raw) != 2:
        got = len(raw) if isinstance(raw, dict) else type(raw).__name__
        ck.err("carriers", Msg("carrier.v.two", got=got))
    else:
        for cid, cdata in raw.items():
            c = _carrier(ck, str(cid), cdata, f"carriers.{cid}")
            if c:
                carriers.append(c)
    measure = _params(ck, ck.mapping(data, "measure", "measure"), "measure", MeasureParams)
    decide = _params(ck, ck.mapping(data, "decide", "decide"), "decide", DecideParams)
    _check_decide(ck, decide)
    if measure.warmup_rounds > 20:
        ck.err("measure.warmup_rounds", Msg("v.at_most", max=20, got=measure.warmup_rounds))
    if measure.round_interval_ms < 20:
        ck.err("measure.round_interval_ms", Msg("carrier.v.interval", got=f"{measure.round_interval_ms:g}"))
    for name in ("dns_timeout_ms", "tcp_timeout_ms"):
        if not 1 <= getattr(measure, name) <= 30000:
            ck.err(f"measure.{name}", Msg("carrier.v.timeout", got=getattr(measure, name)))
    apply = _apply(ck, ck.mapping(data, "apply", "apply"), [c.id for c in carriers])
    if ck.errors:
        raise ValidationErrors(ck.errors, what=doc.file)
    config = CarrierConfig((carriers[0], carriers[1]), measure, decide, apply, doc.file,
                           bool(data.get("example", False)))
    return dataclasses.replace(config, apply_problems=tuple(_apply_problems(config, doc)))


def _apply_problems(config: CarrierConfig, doc: Located) -> list[str]:
    """Applying would write one value for both carriers (one QP host name for both, no apply.values):
    'apply' could then never change anything, and reading the target could not tell the carriers apart."""
    (a, va), (b, vb) = ((cid, config.value_for(cid)) for cid in config.ids)
    if va.lower() != vb.lower():
        return []
    where = doc.where("apply.values") if "values" in (doc.data.get("apply") or {}) else \
        doc.where(f"carriers.{b}.service_host")
    return [Msg("msg.at", where=where, what=Msg("carrier.v.same_value", a=a, b=b, value=repr(va)))]


def site_config_path(explicit: str | None) -> str | None:
    """The site's carrier config: the explicit path, $QPFLEET_CARRIER_CONFIG, or carrier.yaml in the
    user's qpfleet config folder; None when there is none (the shipped example is never picked by itself:
    its resolver addresses are public ones, not the site's)."""
    if explicit:
        return explicit
    env = os.environ.get("QPFLEET_CARRIER_CONFIG")
    if env:
        return env
    from platformdirs import user_config_path

    found = user_config_path("qpfleet") / "carrier.yaml"
    return str(found) if found.is_file() else None


def require_site_config(explicit: str | None) -> str:
    """:func:`site_config_path`, or a usage error that says how to provide one."""
    path = site_config_path(explicit)
    if path is None:
        raise InputError(Msg("carrier.err.no_config", example=DEFAULT_CONFIG), where="carrier")
    return path


def load_config(path: str | None = None) -> CarrierConfig:
    """Load the config at ``path``, or the shipped default when ``path`` is None."""
    if path is None or path == DEFAULT_CONFIG:
        text = resources.files("checks").joinpath("data/carrier.yaml").read_text("utf-8")
        return parse_config(loads_yaml(text, DEFAULT_CONFIG))
    return parse_config(load_yaml(path, what="carrier config"))
