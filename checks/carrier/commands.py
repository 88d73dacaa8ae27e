"""The ``qpfleet carrier`` subcommands: ``test`` (measure, decide, report, optionally apply) and ``undo``.

Exit codes: 0 a carrier was chosen or kept (or undone), 1 no carrier is usable or undo refused (nothing
applied, already undone, changed since), 2 bad input (a config that cannot be applied, a read-only target).
Heavy imports (dnspython, the probe) stay inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks import i18n
from checks.errors import ExitCode, InputError, QpError

i18n.add({
    "help.carrier": {"zh": "在本终端测量网通和电信线路，并启用较快的一条",
                     "en": "measure Netcom vs Telecom from this terminal and apply the faster"},
    "help.carrier.description": {"zh": "线路选择（网通/电信）：成对的DNS和TCP测量、序贯判定、启用与撤销。",
                                 "en": "Carrier selector (Netcom/Telecom): paired DNS + TCP probes, a sequential "
                                       "decision, apply and undo."},
    "help.carrier.test": {"zh": "测量两条线路并作出选择（退出码 0 已选定或保持，1 都不可用）",
                          "en": "measure both carriers and decide (exit 0 chosen/kept, 1 none usable)"},
    "help.carrier.config": {"zh": "本现场的线路配置YAML（默认：$QPFLEET_CARRIER_CONFIG，或用户qpfleet配置目录中的"
                                  "carrier.yaml；builtin:carrier.yaml 是随附的示例）",
                            "en": "the site's carrier config YAML (default: $QPFLEET_CARRIER_CONFIG or carrier.yaml "
                                  "in the user's qpfleet config folder; 'builtin:carrier.yaml' is the shipped example)"},
    "help.carrier.current": {"zh": "现在使用的线路，两者相当时保持不变（默认从启用目标读取）",
                             "en": "the carrier in use now, kept on a tie (default: read from the apply target)"},
    "help.carrier.apply": {"zh": "把选定的线路写入QP服务器设置", "en": "write the chosen carrier to the QP server setting"},
    "help.carrier.html": {"zh": "另外写一份带图表的HTML报告", "en": "also write an HTML report with a plot"},
    "help.carrier.max_rounds": {"zh": "最多测量N轮", "en": "stop after N measured rounds at most"},
    "help.carrier.throughput": {"zh": "另外对每条线路的 throughput_url 运行 speedtest-cli（只报告，不影响选择）",
                                "en": "also run speedtest-cli against each carrier's throughput_url (reported only)"},
    "carrier.err.html_folder": {"zh": "HTML报告要写入的文件夹不存在", "en": "the folder for the HTML report does not exist"},
    "carrier.err.html_write": {"zh": "无法写入HTML报告{detail}", "en": "cannot write the HTML report{detail}"},
    "carrier.err.max_rounds": {"zh": "应为 1 到 1000 之间的整数，而不是 {got}", "en": "must be a whole number 1-1000, got {got}"},
    "carrier.err.current": {"zh": "未知的运营商 {got}；可选：{valid}", "en": "unknown carrier {got}; valid: {valid}"},
    "help.carrier.undo": {"zh": "恢复上一次 --apply 替换掉的QP服务器设置",
                          "en": "put back the QP server setting the last --apply replaced"},
})


def register(sub: Any) -> None:
    """Add ``carrier test`` and ``carrier undo`` to the qpfleet subparsers."""
    h = i18n.h
    parser = sub.add_parser("carrier", help=h("help.carrier"), description=h("help.carrier.description"))
    csub = parser.add_subparsers(dest="carrier_command", metavar=h("cli.action"), parser_class=type(parser))
    parser.set_defaults(func=lambda args: _usage(parser))

    test = csub.add_parser("test", help=h("help.carrier.test"))
    test.add_argument("--config", metavar="FILE", help=h("help.carrier.config"))
    test.add_argument("--current", metavar="CARRIER", help=h("help.carrier.current"))
    test.add_argument("--apply", action="store_true", help=h("help.carrier.apply"))
    test.add_argument("--json", action="store_true", help=h("help.json"))
    test.add_argument("--html", metavar="FILE", help=h("help.carrier.html"))
    test.add_argument("--max-rounds", metavar="N", help=h("help.carrier.max_rounds"))
    test.add_argument("--throughput", action="store_true", help=h("help.carrier.throughput"))
    test.set_defaults(func=handle_test)

    undo = csub.add_parser("undo", help=h("help.carrier.undo"))
    undo.add_argument("--config", metavar="FILE", help=h("help.carrier.config"))
    undo.add_argument("--json", action="store_true", help=h("help.json"))
    undo.set_defaults(func=handle_undo)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return int(ExitCode.USAGE)


def _max_rounds(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise InputError(i18n.Msg("carrier.err.max_rounds", got=repr(text)), where="--max-rounds")
    return int(text)


def run_carrier_check(config_path: str | None, current: str | None, lang: str,
                      max_rounds: int | None = None, throughput: bool = False,
                      progress: Callable[[int, dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Measure and decide (no apply); the result dict carries ``exit_code`` (for ``qpfleet selfcheck``).

    ``progress(round, samples)`` is called after each measured round (the CLI shows a live line).
    """
    from checks.carrier.apply import current_carrier
    from checks.carrier.config import load_config
    from checks.carrier.probe import measure
    from checks.carrier.probe import throughput as run_throughput
    from checks.carrier.report import summary
    from checks.carrier.targets import Target

    config = load_config(config_path)
    if current is not None and current not in config.ids:
        raise InputError(i18n.Msg("carrier.err.current", got=repr(current), valid=", ".join(config.ids)),
                         where="--current")
    current_source = "--current" if current else None
    if current is None:
        try:
            current = current_carrier(config, Target(config).read())
            current_source = "target" if current else None
        except QpError:
            current = None  # an unreadable target only means no incumbent to keep
    result = measure(config, current, max_rounds, on_round=progress)
    data = summary(result.test, result.decision, config, result.elapsed_s, lang)
    data["current_from"] = current_source
    data["slow_link_timeouts_raised"] = result.slow_link
    data["slow_link_because"] = result.slow_link_because
    if throughput:
        data["throughput"] = {c.id: run_throughput(c.throughput_url) for c in config.carriers if c.throughput_url}
    data["exit_code"] = int(ExitCode.OK if result.decision.chosen else ExitCode.FAILED)
    return data


def handle_test(args: argparse.Namespace) -> int:
    from checks import i18n
    from checks.carrier.config import load_config, require_site_config
    from checks.carrier.report import html_page, table

    lang = i18n.detect_lang(args.lang)
    max_rounds = _max_rounds(args.max_rounds)
    args.config = require_site_config(args.config)
    config = load_config(args.config)  # validated before any probe is sent
    if args.apply:  # refused before anything is measured: example data, one value for both, a read-only target
        from checks.carrier.apply import require_applicable
        from checks.carrier.targets import Target

        require_applicable(config)
        Target(config).check_writable()
    if args.html:
        folder = Path(args.html).resolve().parent
        if not folder.is_dir():
            raise InputError(i18n.Msg("carrier.err.html_folder"), where=f"--html {args.html}")
    if config.example:
        print(i18n.t("carrier.example", lang, file=config.source), file=sys.stderr)
    live = sys.stderr.isatty() and not args.json
    data = run_carrier_check(args.config, args.current, lang, max_rounds, args.throughput,
                             progress=_live_line(config, lang) if live else None)
    if live:
        print("\r\033[K", end="", file=sys.stderr)
    applied: dict[str, Any] | None = None
    if args.apply and data["chosen"]:
        from checks.carrier.apply import apply_choice

        record = {k: v for k, v in data.items() if k != "exit_code"}
        applied = apply_choice(config, data["chosen"], record, datetime.now(UTC))
        data["applied"] = applied
    if args.html:
        try:
            Path(args.html).write_text(html_page(data, lang), encoding="utf-8")
        except OSError as exc:
            raise QpError(i18n.Msg("carrier.err.html_write", detail=i18n.Msg("msg.detail", text=exc.strerror or str(exc))),
                          where=args.html) from None
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(data["verdict"])
        print(table(data, lang))
        if applied:
            key = "carrier.applied" if applied["changed"] else "carrier.unchanged"
            print(i18n.t(key, lang, **{k: "-" if v is None else v for k, v in applied.items()}))
        for cid, tp in data.get("throughput", {}).items():
            name = data["carriers"][cid]["name"]
            if "download_mbit_s" in tp:
                print(i18n.t("carrier.throughput", lang, name=name, mbit=tp["download_mbit_s"]))
            else:
                print(i18n.t("carrier.throughput.failed", lang, name=name, detail=i18n.detail(lang, tp.get("error", ""))))
    return int(data["exit_code"])


def _live_line(config: Any, lang: str) -> Callable[[int, dict[str, Any]], None]:
    """A one-line live progress display on stderr: round number and each carrier's TCP time."""
    def show(rnd: int, samples: dict[str, Any]) -> None:
        parts = []
        for cid in config.ids:  # a fixed order, whichever carrier was probed first
            s = samples[cid]
            ms = "✕" if s.tcp_ms is None else f"{s.tcp_ms:.0f} ms"
            parts.append(f"{config.carrier(cid).name(lang)} {ms}")
        print(f"\r\033[K#{rnd}  " + "  ".join(parts), end="", file=sys.stderr, flush=True)

    return show


def handle_undo(args: argparse.Namespace) -> int:
    from checks import i18n
    from checks.carrier import texts  # noqa: F401  (registers carrier.undone and the rest)
    from checks.carrier.apply import undo
    from checks.carrier.config import load_config, require_site_config

    lang = i18n.detect_lang(args.lang)
    config = load_config(require_site_config(args.config))
    done = undo(config, datetime.now(UTC))
    if args.json:
        print(json.dumps(done, ensure_ascii=False, indent=1))
    else:
        print(i18n.t("carrier.undone", lang, **{k: "-" if v is None else v for k, v in done.items()}))
    return int(ExitCode.OK)
