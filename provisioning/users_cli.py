"""``qpfleet users``: the people who may log in to the roll-out board, their roles and passwords.

A password comes from a prompt (typed twice, not echoed) or from the first line of
``--password-file``; never from the command line. Every change is recorded in the board's audit
log as done by ``cli:<login name>``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from checks.i18n import Msg, add, h
from provisioning.board import texts  # noqa: F401  (registers the board's words)

ROLES = ("viewer", "dispatcher", "admin")


class _RefusePassword(argparse.Action):
    """``--password`` on argv is refused without echoing it (argv lands in shell history and process lists)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser.error(h("users.argv_password"))


add({
    "help.users": {"zh": "切换看板的用户：新增、列出、改密码、改角色、停用、启用",
                   "en": "people of the roll-out board: add, list, passwd, role, disable, enable"},
    "help.users.add": {"zh": "新增用户", "en": "add a person"},
    "help.users.name": {"zh": "用户名（字母、数字、汉字、. _ @ -）", "en": "user name (letters, digits, . _ @ -)"},
    "help.users.role": {"zh": "viewer 只能查看；dispatcher 还能回报上门和重新计划；admin 还能查看操作记录",
                        "en": "viewer reads; dispatcher also marks visits and re-plans; admin also reads the audit log"},
    "help.users.password_file": {"zh": "从文件第一行读取密码（默认：提示输入）",
                                 "en": "read the password from the first line of FILE (default: prompt)"},
    "help.users.db": {"zh": "状态数据库（与 qpfleet serve 相同）", "en": "the state database (as for qpfleet serve)"},
    "help.users.passwd": {"zh": "设置新密码（此人的登录会话全部结束）", "en": "set a new password (ends the person's sessions)"},
    "help.users.role_cmd": {"zh": "修改角色", "en": "change a person's role"},
    "help.users.disable": {"zh": "停用（不能再登录，登录会话全部结束）", "en": "stop a person logging in (ends their sessions)"},
    "help.users.enable": {"zh": "重新启用", "en": "allow again"},
    "help.users.list": {"zh": "用户和角色", "en": "people and roles"},
    "users.state_disabled": {"zh": "（已停用）", "en": " (disabled)"},
    "users.changed": {"zh": "修改于 {when}", "en": "changed {when}"},
    "users.argv_password": {"zh": "密码不能写在命令行上；请用 --password-file FILE 或在提示时输入",
                            "en": "a password is never taken from the command line; use --password-file FILE or "
                                  "the prompt"},
})


def register(sub: Any) -> None:
    users = sub.add_parser("users", help=h("help.users"))
    us = users.add_subparsers(dest="users_cmd", metavar=h("cli.action"), required=True, parser_class=type(users))

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="FILE", help=h("help.users.db"))
        p.set_defaults(lang=None)

    # allow_abbrev=False: "--password SECRET" must be refused, not taken as --password-file SECRET.
    p = us.add_parser("add", help=h("help.users.add"), allow_abbrev=False)
    p.add_argument("name", help=h("help.users.name"))
    p.add_argument("--role", required=True, choices=ROLES, help=h("help.users.role"))
    p.add_argument("--password-file", metavar="FILE", help=h("help.users.password_file"))
    p.add_argument("--password", "-p", action=_RefusePassword, help=argparse.SUPPRESS)
    common(p)
    p.set_defaults(func=handle_add)
    p = us.add_parser("passwd", help=h("help.users.passwd"), allow_abbrev=False)
    p.add_argument("name", help=h("help.users.name"))
    p.add_argument("--password-file", metavar="FILE", help=h("help.users.password_file"))
    p.add_argument("--password", "-p", action=_RefusePassword, help=argparse.SUPPRESS)
    common(p)
    p.set_defaults(func=handle_passwd)
    p = us.add_parser("role", help=h("help.users.role_cmd"))
    p.add_argument("name", help=h("help.users.name"))
    p.add_argument("role", choices=ROLES, help=h("help.users.role"))
    common(p)
    p.set_defaults(func=handle_role)
    for name in ("disable", "enable"):
        p = us.add_parser(name, help=h(f"help.users.{name}"))
        p.add_argument("name", help=h("help.users.name"))
        common(p)
        p.set_defaults(func=handle_disable, disabled=name == "disable")
    p = us.add_parser("list", help=h("help.users.list"))
    common(p)
    p.add_argument("--json", action="store_true", help=h("help.json"))
    p.set_defaults(func=handle_list)


def _store(args: argparse.Namespace) -> Any:
    from provisioning.dispatch.store import Store, default_db_path

    return Store(args.db or default_db_path())


def _actor() -> str:
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def read_password(path: str | None, name: str, lang: str) -> str:
    """The password from the file's first line, or typed twice at a prompt."""
    from checks.errors import InputError
    from checks.i18n import t

    if path:
        from checks.textio import decode_utf8, read_bytes

        text = decode_utf8(read_bytes(path, max_bytes=4096, what="password file"), path, "password file")
        lines = text.splitlines()
        password = lines[0] if lines else ""
        if not password:
            raise InputError(Msg("users.err.empty_file"), where=path)
        return password
    if not sys.stdin.isatty():
        raise InputError(Msg("users.err.no_terminal"), where="--password-file")
    import getpass

    first = getpass.getpass(t("users.prompt", lang, name=name))
    if getpass.getpass(t("users.again", lang)) != first:
        raise InputError(Msg("users.err.differ"), where="password")
    return first


def handle_add(args: argparse.Namespace) -> int:
    import datetime as dt

    from checks.i18n import detect_lang, t
    from provisioning.board.auth import add_user, check_name

    lang = detect_lang(args.lang)
    check_name(args.name)
    password = read_password(args.password_file, args.name, lang)
    with _store(args) as store:
        add_user(store, args.name, args.role, password, dt.datetime.now(dt.UTC), _actor())
    print(t("users.added", lang, name=args.name, role=t(f"role.{args.role}", lang)))
    return 0


def handle_passwd(args: argparse.Namespace) -> int:
    import datetime as dt

    from checks.i18n import detect_lang, t
    from provisioning.board.auth import set_password

    lang = detect_lang(args.lang)
    with _store(args) as store:
        if not store.query("SELECT 1 FROM users WHERE name = ?", (args.name,)):
            from checks.errors import InputError

            raise InputError(Msg("users.err.none", name=repr(args.name)), where=args.name, hint="qpfleet users list")
        password = read_password(args.password_file, args.name, lang)
        set_password(store, args.name, password, dt.datetime.now(dt.UTC), _actor())
    print(t("users.passwd", lang, name=args.name))
    return 0


def handle_role(args: argparse.Namespace) -> int:
    import datetime as dt

    from checks.i18n import detect_lang, t
    from provisioning.board.auth import set_role

    lang = detect_lang(args.lang)
    with _store(args) as store:
        set_role(store, args.name, args.role, dt.datetime.now(dt.UTC), _actor())
    print(t("users.role", lang, name=args.name, role=t(f"role.{args.role}", lang)))
    return 0


def handle_disable(args: argparse.Namespace) -> int:
    import datetime as dt

    from checks.i18n import detect_lang, t
    from provisioning.board.auth import set_disabled

    lang = detect_lang(args.lang)
    with _store(args) as store:
        set_disabled(store, args.name, args.disabled, dt.datetime.now(dt.UTC), _actor())
    print(t("users.disabled" if args.disabled else "users.enabled", lang, name=args.name))
    return 0


def handle_list(args: argparse.Namespace) -> int:
    import json

    from checks.i18n import detect_lang, t
    from checks.report import pad
    from checks.textio import safe_text
    from provisioning.board.auth import list_users

    lang = detect_lang(args.lang)
    with _store(args) as store:
        people = list_users(store)
    if args.json:
        print(json.dumps(people, ensure_ascii=False, indent=2))
        return 0
    if not people:
        print(t("users.none", lang))
    from checks.humanize import beijing

    for p in people:
        state = t("users.state_disabled", lang) if p["disabled"] else ""
        print(f"{pad(safe_text(p['name']), 20)} {pad(t('role.' + p['role'], lang), 10)}{state}  "
              f"{t('users.changed', lang, when=beijing(p['changed_at'], lang))}")
    return 0
