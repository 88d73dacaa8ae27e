"""The fleet's words in Simplified Chinese and English (one catalogue: :mod:`checks.i18n`)."""

from __future__ import annotations

from typing import Any

from checks import i18n

i18n.add({
    # --limit
    "fleet.limit.empty": {"zh": "--limit 中有空项（{limit!r}）：请给出现场、企业或主机，用逗号分隔",
                          "en": "empty item in {limit!r}; give SITE, ENTERPRISE or HOST, separated by commas"},
    "fleet.limit.nomatch": {"zh": "{item!r} 在登记册中找不到对应的现场、企业或 QP 终端",
                            "en": "{item!r} matches no customs site, enterprise or QP terminal in the registry"},
    "fleet.limit.didyoumean": {"zh": "是否想输入：{names}？", "en": "did you mean {names}?"},
    "fleet.limit.give": {"zh": "请给出现场代码、企业海关编码或主机名", "en": "give a site code, an enterprise code or a host"},
    "fleet.limit.not_qp": {"zh": "{host} 是{owner}的{role}：批量操作从不改动它（只处理 QP 终端）",
                           "en": "{host} is a {role} computer of {owner}: a fleet run never touches it "
                                 "(only QP terminals)"},
    "fleet.limit.no_qp": {"zh": "{item!r} 没有登记 QP 终端", "en": "{item!r} has no QP terminal in the registry"},
    "fleet.limit.kit_only_host": {"zh": "{host} 只能用 U 盘工具包处理（connection: offline-kit）；请用 "
                                        "qpfleet kit build --enterprise {enterprise}",
                                  "en": "{host} is reachable only with the USB kit (connection: offline-kit); use: "
                                        "qpfleet kit build --enterprise {enterprise}"},
    "fleet.limit.kit_only_all": {"zh": "{limit!r} 中没有可通过网络连接的终端：{n} 台只能用 U 盘工具包",
                                 "en": "no terminal of {limit!r} is reachable over the network: {n} only with the "
                                       "USB kit"},
    "fleet.limit.gone": {"zh": "这些主机已不是登记册中的 QP 终端：{hosts}",
                         "en": "no longer QP terminals in the registry: {hosts}"},
    "fleet.role.longda_backup": {"zh": "龙达备份机", "en": "Longda backup"},
    "fleet.role.road_port_only": {"zh": "仅装公路口岸系统的电脑", "en": "road-port-only"},
})

i18n.add({
    "fleet.vault.file_missing": {"zh": "找不到 vault 密码文件", "en": "vault password file not found"},
    "fleet.vault.file_unreadable": {"zh": "无法读取 vault 密码文件（{why}）", "en": "cannot read the vault password "
                                                                              "file ({why})"},
    "fleet.vault.prompt": {"zh": "Ansible Vault 密码：", "en": "Ansible Vault password: "},
    "fleet.vault.needed": {"zh": "此文件用 Ansible Vault 加密，需要 vault 密码（没有终端可以询问）",
                           "en": "this file is encrypted with Ansible Vault and no vault password was given "
                                 "(no terminal to ask on)"},
    "fleet.vault.wrong": {"zh": "vault 密码打不开此文件（密码错误？）",
                          "en": "the vault password does not open this file (wrong password?)"},
    "fleet.vault.no_account": {
        "zh": "凭据 {credential!r}（{hosts}）没有账号：请在 vault 变量 qp_credentials 中加入它，或设置环境变量 "
              "${user_var} 和 ${password_var}",
        "en": "credential {credential!r} ({hosts}) has no account: add it to the vault variables qp_credentials, "
              "or set ${user_var} and ${password_var}"},
})

i18n.add({
    "fleet.engine.no_project": {"zh": "找不到 qpfleet 项目目录（需要 ansible.cfg 和 playbooks/）",
                                "en": "the qpfleet project folder (ansible.cfg and playbooks/) was not found"},
    "fleet.engine.runs_dir": {"zh": "运行记录目录无法写入（{why}）", "en": "the runs folder cannot be written ({why})"},
    "fleet.engine.no_playbook": {"zh": "找不到 ansible-playbook", "en": "ansible-playbook was not found"},
    "fleet.diff.not_installed": {"zh": "（未安装）", "en": "(not installed)"},
    "fleet.diff.absent": {"zh": "（无此项）", "en": "(absent)"},
    "fleet.engine.no_runner": {"zh": "没有安装 ansible-runner", "en": "ansible-runner is not installed"},
})

i18n.add({
    "fleet.outcome.ready": {"zh": "可以安装", "en": "ready"},
    "fleet.outcome.not_ready": {"zh": "不符合要求", "en": "not ready"},
    "fleet.outcome.undetermined": {"zh": "无法确定", "en": "undetermined"},
    "fleet.outcome.unreachable": {"zh": "无法连接", "en": "unreachable"},
    "fleet.outcome.failed": {"zh": "失败", "en": "failed"},
    "fleet.outcome.not_run": {"zh": "未运行", "en": "not run"},
    "fleet.outcome.installed": {"zh": "已安装", "en": "installed"},
    "fleet.outcome.unchanged": {"zh": "无变化", "en": "unchanged"},
    "fleet.outcome.refused": {"zh": "拒绝安装", "en": "refused"},
    "fleet.outcome.would_change": {"zh": "将会改动", "en": "would change"},
    "fleet.outcome.undone": {"zh": "已撤销", "en": "undone"},
    "fleet.reason.ready": {"zh": "建议项：{rules}", "en": "recommendations: {rules}"},
    "fleet.reason.not_ready": {"zh": "未通过：{rules}", "en": "not passed: {rules}"},
    "fleet.reason.undetermined": {"zh": "无法读取：{rules}", "en": "could not be read: {rules}"},
    "fleet.reason.unreachable": {"zh": "无法连接到终端（{detail}）", "en": "cannot reach the terminal ({detail})"},
    "fleet.reason.auth_failed": {"zh": "终端拒绝了账号或密码（{detail}）",
                                 "en": "the terminal rejected the account ({detail})"},
    "fleet.reason.timed_out": {"zh": "在时限内没有结果（{detail}）", "en": "no result in time ({detail})"},
    "fleet.reason.collector_failed": {"zh": "采集程序没有给出结果（{detail}）",
                                      "en": "the collector gave no facts ({detail})"},
    "fleet.reason.no_credentials": {"zh": "没有此终端的账号（{detail}）", "en": "no account for this terminal ({detail})"},
    "fleet.reason.bad_input": {"zh": "输入有误（{detail}）", "en": "bad input ({detail})"},
    "fleet.reason.task_failed": {"zh": "步骤失败：{task}（{detail}）", "en": "step failed: {task} ({detail})"},
    "fleet.reason.gate": {"zh": "安装前检查未通过：{detail}", "en": "install gate: {detail}"},
    "fleet.reason.refused": {"zh": "安装程序拒绝：{detail}", "en": "the installer refused: {detail}"},
    "fleet.reason.not_run": {"zh": "运行中断，此终端未完成", "en": "the run stopped before this terminal finished"},
    "fleet.summary.title": {"zh": "汇总", "en": "summary"},
    "fleet.summary.line": {"zh": "共 {total} 台：{counts}", "en": "{total} terminal(s): {counts}"},
    "fleet.run.header": {"zh": "运行 {run}（{kind}，{status}）开始于 {started}，用时 {seconds}",
                         "en": "run {run} ({kind}, {status}) started {started}, took {seconds}"},
    "fleet.run.kind.preflight": {"zh": "安装前检查", "en": "preflight"},
    "fleet.run.kind.install": {"zh": "安装", "en": "install"},
    "fleet.run.kind.undo": {"zh": "撤销安装", "en": "undo"},
    "fleet.run.kind.kit": {"zh": "U 盘工具包", "en": "USB kit"},
    "fleet.run.status.running": {"zh": "进行中", "en": "running"},
    "fleet.run.status.complete": {"zh": "已完成", "en": "complete"},
    "fleet.run.status.interrupted": {"zh": "已中断", "en": "interrupted"},
    "fleet.run.status.failed": {"zh": "失败", "en": "failed"},
    "fleet.run.started": {"zh": "运行 {run} 已开始：{n} 台终端，并发 {forks}；运行目录 {data_dir}",
                          "en": "run {run} started: {n} terminal(s), {forks} at a time; data dir {data_dir}"},
    "fleet.run.kit_only": {"zh": "另有 {n} 台只能用 U 盘工具包：{hosts}",
                           "en": "{n} more terminal(s) reachable only with the USB kit: {hosts}"},
    "fleet.run.next": {"zh": "查看：qpfleet runs show {run}    重试未完成的终端：qpfleet {command} -i {inventory} "
                             "--retry-failed {run}",
                       "en": "see: qpfleet runs show {run}    retry the unfinished: qpfleet {command} -i {inventory} "
                             "--retry-failed {run}"},
    "fleet.run.stopping": {"zh": "正在停止（已完成的结果会保留）…", "en": "stopping (results so far are kept)…"},
    "fleet.run.interrupted": {"zh": "运行已中断：{done}/{total} 台终端有结果", "en": "run interrupted: {done} of "
                                                                            "{total} terminal(s) have a result"},
    "fleet.run.failed": {"zh": "Ansible 没有正常结束（{status}，返回码 {rc}）：{tail}",
                         "en": "Ansible did not finish normally ({status}, rc {rc}): {tail}"},
    "fleet.progress": {"zh": "{done}/{total} 台 · 失败 {failures} · 用时 {elapsed}",
                       "en": "{done}/{total} done · {failures} failed · {elapsed}"},
    "fleet.col.host": {"zh": "终端", "en": "terminal"},
    "fleet.col.result": {"zh": "结果", "en": "result"},
    "fleet.col.why": {"zh": "说明", "en": "details"},
    "fleet.html.title": {"zh": "QP 终端批量{kind}结果", "en": "QP fleet {kind} results"},
    "fleet.html.run": {"zh": "运行编号", "en": "run"},
})

i18n.add({
    "fleet.opt.inventory": {"zh": "清单目录（登记册插件配置、registry/、group_vars/）；批量模式",
                            "en": "inventory folder (registry plugin config, registry/, group_vars/): fleet mode"},
    "fleet.opt.limit": {"zh": "现场代码、企业海关编码或主机名，逗号分隔；all 表示全部",
                        "en": "site code, enterprise code or host name, comma-separated; all for every terminal"},
    "fleet.opt.retry": {"zh": "只重新运行该次运行中未完成（失败、无法连接、未运行）的终端",
                        "en": "run again only the terminals of RUN that did not finish (failed, unreachable, not run)"},
    "fleet.opt.forks": {"zh": "同时处理的终端数（默认 10）", "en": "terminals worked on at once (default 10)"},
    "fleet.opt.runs_dir": {"zh": "运行记录目录（每次运行一个子目录；默认 $QPFLEET_RUNS_DIR 或用户数据目录）",
                           "en": "runs folder, one private data dir per run (default $QPFLEET_RUNS_DIR or the "
                                 "user data folder)"},
    "fleet.opt.db": {"zh": "状态数据库（默认 $QPFLEET_DISPATCH_DB 或用户数据目录）",
                     "en": "state database (default $QPFLEET_DISPATCH_DB or the user data folder)"},
    "fleet.opt.vault_file": {"zh": "Ansible Vault 密码文件（或 $ANSIBLE_VAULT_PASSWORD_FILE）",
                             "en": "Ansible Vault password file (or $ANSIBLE_VAULT_PASSWORD_FILE)"},
    "fleet.opt.ask_vault": {"zh": "在终端上询问 vault 密码", "en": "ask for the vault password on the terminal"},
    "fleet.opt.timeout": {"zh": "整次运行的时限（秒，默认 3600）", "en": "seconds for the whole run (default 3600)"},
    "fleet.opt.html": {"zh": "同时写出 HTML 报告", "en": "also write an HTML report"},
    "fleet.opt.junit": {"zh": "同时写出 JUnit XML 报告", "en": "also write a JUnit XML report"},
    "fleet.opt.json": {"zh": "输出 JSON", "en": "print JSON"},
    "fleet.opt.list_hosts": {"zh": "只列出将要处理的终端（不连接任何终端）",
                             "en": "only list the terminals the run would work on (nothing is contacted)"},
    "fleet.list.total": {"zh": "共 {n} 台终端", "en": "{n} terminal(s)"},
    "fleet.opt.lang": {"zh": "报告语言（默认按系统区域设置）", "en": "report language (default: from the locale)"},
    "fleet.err.forks": {"zh": "--forks 至少为 1，现在是 {n}", "en": "--forks must be at least 1, got {n}"},
    "fleet.err.timeout": {"zh": "时限必须为正数", "en": "timeouts must be positive"},
    "fleet.err.limit_needed": {"zh": "请用 --limit 指定现场、企业或主机（或 --retry-failed RUN）",
                               "en": "name the terminals with --limit SITE|ENTERPRISE|HOST (or --retry-failed RUN)"},
    "fleet.err.limit_and_retry": {"zh": "--limit 和 --retry-failed 不能同时使用",
                                  "en": "--limit and --retry-failed cannot be used together"},
    "fleet.err.winrm_only": {"zh": "{option} 只用于 --winrm；批量模式的账号来自登记册的凭据名",
                             "en": "{option} is for --winrm; in fleet mode the registry's credential names the account"},
    "fleet.err.retry_kind": {"zh": "运行 {run} 是{kind}，不能用 {command} 重试",
                             "en": "run {run} is a {kind} run; it cannot be retried with {command}"},
    "fleet.err.out_dir": {"zh": "输出文件所在目录不存在", "en": "the folder of this output file does not exist"},
    "fleet.retry.nothing": {"zh": "运行 {run} 的终端都已完成，无需重试", "en": "every terminal of run {run} finished; "
                                                                    "nothing to retry"},
})

i18n.add({
    "runs.help": {"zh": "批量运行记录：列出、查看", "en": "fleet runs: list and show"},
    "runs.list.help": {"zh": "列出最近的运行", "en": "list recent runs"},
    "runs.show.help": {"zh": "查看一次运行中每台终端的结果", "en": "show every terminal's result in one run"},
    "runs.opt.run": {"zh": "运行编号（唯一前缀即可）", "en": "run id (a unique prefix is enough)"},
    "runs.opt.count": {"zh": "最多列出几次（默认 20）", "en": "how many runs to list (default 20)"},
    "runs.none": {"zh": "还没有运行记录", "en": "no runs recorded yet"},
    "runs.col.run": {"zh": "运行编号", "en": "run"},
    "runs.col.kind": {"zh": "类型", "en": "kind"},
    "runs.col.started": {"zh": "开始时间", "en": "started"},
    "runs.col.status": {"zh": "状态", "en": "status"},
    "runs.col.target": {"zh": "范围", "en": "target"},
    "runs.col.hosts": {"zh": "终端", "en": "terminals"},
    "runs.col.results": {"zh": "结果", "en": "results"},
})

i18n.add({
    "install.help": {"zh": "在整个现场的就绪终端上安装 QP（经 Ansible，先过安装前检查）",
                     "en": "install QP on the ready terminals of a site through Ansible (gated)"},
    "install.help.description": {
        "zh": "按登记册和状态数据库逐台把关（最近一次检查为可以安装、不是龙达备份机或笔记本、合同已签且已付费、不超过海关核准台数），"
              "再用 install.js 安装 QP、写缺省设置和打印机；分批进行。--check 只说明将会改动什么，--diff 显示改动前后。"
              "退出码：0 全部完成或无变化，1 有拒绝或失败，3 有无法连接或未运行，2 输入有误。",
        "en": "Gate each terminal (latest preflight ready, not the old vendor's backup or a laptop, contract signed and "
              "fee paid, within the approved count), then install QP with install.js, its defaults and printer, in "
              "batches. --check says what would change, --diff shows before and after. Exit 0 all installed or "
              "unchanged, 1 any refused or failed, 3 any unreachable or not run, 2 bad input."},
    "install.opt.check": {"zh": "只检查：不做任何改动，说明将会改动什么", "en": "check mode: change nothing, say what would change"},
    "install.opt.diff": {"zh": "显示每项改动的前后值", "en": "show the before and after of every change"},
    "install.opt.undo": {"zh": "撤销：卸载 qpfleet 安装的 QP，恢复它改过的每个值",
                         "en": "undo: remove QP installed by qpfleet and restore every value it changed"},
    "install.opt.msi": {"zh": "QP 安装包（MSI）", "en": "the QP installer (MSI)"},
    "install.opt.product_code": {"zh": "安装包应有的 ProductCode", "en": "the ProductCode the MSI must have"},
    "install.opt.msi_on_terminal": {"zh": "终端上已有的同一安装包的路径（不再经 WinRM 传送）",
                                    "en": "path of the same MSI already on the terminals (not sent over WinRM)"},
    "install.opt.client": {"zh": "QP 客户端设置位置文件（默认 inventory/qp_client.yml）",
                           "en": "QP client locations file (default inventory/qp_client.yml)"},
    "install.opt.batch": {"zh": "每批安装的终端数（默认取 inventory/fleet.yml）",
                          "en": "terminals per batch (default from inventory/fleet.yml)"},
    "install.opt.max_fail": {"zh": "一批中失败超过此百分比即停止（默认取 inventory/fleet.yml）",
                             "en": "stop when more than this percentage of a batch fails (default from inventory/fleet.yml)"},
    "install.err.msi_needed": {"zh": "安装需要 --qp-msi FILE（QP 安装包）", "en": "an install needs --qp-msi FILE (the QP MSI)"},
    "install.err.not_ready": {"zh": "这些终端最近一次检查不是“可以安装”，不开始安装：{hosts}；请先运行 qpfleet preflight -i {inventory} "
                                    "--limit {limit} 并处理问题",
                              "en": "not started: the latest preflight of these terminals is not ready: {hosts}; run "
                                    "qpfleet preflight -i {inventory} --limit {limit} and fix what it reports"},
    "install.err.not_ready_host": {"zh": "{host}（{verdict}）", "en": "{host} ({verdict})"},
    "install.err.not_ready_longda": {"zh": "{host}（{verdict}，有龙达系统）", "en": "{host} ({verdict}, Longda)"},
})

# The install gates (provisioning/fleet/gates.py): shown in the play's output and kept as the terminal's reason.
i18n.add({
    "gate.preflight": {
        "zh": "{host}：最近一次检查的结果是“{verdict}”（{at}）；请按检查报告处理，然后运行："
              "qpfleet preflight -i {inventory} --limit {host}",
        "en": "{host}: latest preflight is {verdict} ({at}); fix what it reports, then run: "
              "qpfleet preflight -i {inventory} --limit {host}"},
    "gate.preflight_longda": {
        "zh": "{host}：最近一次检查（{at}）的结果是“{verdict}”，并在终端上发现了旧供应商的系统（龙达）；请按检查报告处理，然后运行："
              "qpfleet preflight -i {inventory} --limit {host}",
        "en": "{host}: latest preflight is {verdict} ({at}) and found the old vendor system (Longda) on it; fix what "
              "it reports, then run: qpfleet preflight -i {inventory} --limit {host}"},
    "gate.verdict.ready": {"zh": "可以安装", "en": "ready"},
    "gate.verdict.not_ready": {"zh": "不符合要求", "en": "not ready"},
    "gate.verdict.undetermined": {"zh": "无法确定", "en": "undetermined"},
    "gate.verdict.none": {"zh": "没有记录", "en": "none"},
    "gate.no_preflight": {"zh": "{host}：还没有这台终端的检查记录；请先运行：qpfleet preflight -i {inventory} --limit {host}",
                          "en": "{host}: no preflight of this terminal is recorded; run: qpfleet preflight -i "
                                "{inventory} --limit {host}"},
    "gate.not_registered": {"zh": "{host} 不是登记册中的 QP 终端：QP 只装在登记为 QP 终端的台式机上（§6.1）",
                            "en": "{host} is not a QP terminal of the registry: QP goes only on desktop QP terminals "
                                  "(§6.1)"},
    "gate.not_qp": {"zh": "{host} 在登记册中是{role}：QP 只装在台式 QP 终端上，旧供应商的备份机不能动（§6.1）；"
                          "如果登记有误，请更正登记册",
                    "en": "{host} is registered as {role}: QP goes only on desktop QP terminals and the old vendor's "
                          "backups stay untouched (§6.1); correct the registry entry if it is wrong"},
    "gate.laptop": {"zh": "{host} 在登记册中是笔记本电脑：QP 只装在台式 QP 终端上（§6.1）；如果登记有误，请更正登记册",
                    "en": "{host} is registered as a laptop: QP goes only on desktop QP terminals (§6.1); correct the "
                          "registry entry if it is wrong"},
    "gate.formalities": {
        "zh": "{host}：企业 {enterprise} 的传输费协议{tc}，技术服务协议{sa}，安装费付款{paid}；两份协议都签订、"
              "安装费付清后才能安装（§1.2、§2.1）；银行回执用 qpfleet dispatch pay import FILE 登记",
        "en": "{host}: enterprise {enterprise} has transmission contract {tc}, service agreement {sa}, installation "
              "payment {paid}; both must be signed and the fee paid before installing (§1.2, §2.1): record the bank "
              "receipt with: qpfleet dispatch pay import FILE"},
    "gate.paid.yes": {"zh": "已登记", "en": "recorded"},
    "gate.paid.no": {"zh": "未登记", "en": "not recorded"},
    "gate.count": {
        "zh": "{host}：企业 {enterprise} 经海关核准 {approved} 台 QP 终端，已有 {n} 台装了 QP（{counted}）；再装这台就超过"
              "核准台数（§6.2）：请向海关申请增加核准台数，或在不再需要的终端上撤销 QP",
        "en": "{host}: enterprise {enterprise} is approved for {approved} QP terminal(s) and {n} already have QP "
              "({counted}); installing here would exceed the approved count (§6.2): ask customs to approve more, or "
              "undo QP on a terminal that no longer needs it"},
})

# Bad input of the fleet commands and of the controller-side modules; the installer's answers.
i18n.add({
    "fleet.err.cert_ignore": {"zh": "--cert-validation ignore 会接受任何服务器证书：确实要这样做，请同时加 --insecure",
                              "en": "--cert-validation ignore accepts any server certificate; add --insecure to mean it"},
    "fleet.err.cert_ignore_param": {"zh": "cert_validation=ignore 会接受任何服务器证书：确实要这样做，请设置 insecure=true",
                                    "en": "cert_validation=ignore accepts any server certificate; set insecure=true to "
                                          "mean it"},
    "fleet.err.no_account": {"zh": "凭据 {credential} 没有账号：请在 vault 变量中加入 qp_credentials[{key}]，"
                                   "或设置环境变量 ${user_var} 和 ${password_var}",
                             "en": "no account for credential {credential}: add qp_credentials[{key}] to the vault "
                                   "variables, or set ${user_var} and ${password_var}"},
    "fleet.credential.none": {"zh": "（未指定）", "en": "'(none)'"},
    "install.err.setting_range": {"zh": "设置有误：install.{key} 应为 {low} 到 {high} 之间的数字，现在是 {value}",
                                  "en": "bad setting: install.{key} must be a number {low}-{high}, got {value}"},
    "install.err.msi_missing": {"zh": "QP 安装包文件不存在（或不是文件）",
                                "en": "the QP installer file does not exist (or is not a file)"},
    "fleet.reason.no_preflight": {"zh": "没有这台终端的检查记录：请先运行 qpfleet preflight",
                                  "en": "no preflight of this terminal is recorded; run qpfleet preflight first"},
    "fleet.reason.rules": {"zh": "{host}：{verdict}；未通过的规则：{rules}", "en": "{host}: {verdict}; rules not passed: {rules}"},
})
# The Ansible plugins' own problems (playbooks/ansible_collections/qpfleet/fleet/plugins).
i18n.add({
    "gate.err.no_db": {"zh": "在 {db} 没有 qpfleet 状态数据库：请把 qp_install_state_db（或 $QPFLEET_DISPATCH_DB）设为"
                             "记录了检查结果的数据库",
                       "en": "no qpfleet state database at {db}: set qp_install_state_db (or $QPFLEET_DISPATCH_DB) "
                             "to the database the preflights were recorded in"},
    "fleet.plugin.registry_errors": {"zh": "qpfleet 登记册有错误：", "en": "qpfleet registry has errors:"},
    "fleet.plugin.registry": {"zh": "qpfleet 登记册：{what}", "en": "qpfleet registry: {what}"},
    "fleet.plugin.registry_warning": {"zh": "qpfleet 登记册警告：{what}", "en": "qpfleet registry warning: {what}"},
    "fleet.plugin.not_importable": {
        "zh": "{what}：运行 Ansible 的 Python 无法导入 qpfleet（详情：{detail}）；请用这个 Python 在 qpfleet 目录中运行 "
              "'pip install -e .'，或把 ansible_python_interpreter 设为装有 qpfleet 的 Python",
        "en": "{what}: the qpfleet package is not importable by this Python ({detail}); run 'pip install -e .' in the "
              "qpfleet checkout for the Python that runs Ansible, or set ansible_python_interpreter to it"},
})
_EXIT_WORDS = {0: ("完成", "done"), 1: ("拒绝", "refused"), 2: ("输入有误", "bad input"), 3: ("拒绝", "refused"),
               4: ("失败", "failed"), 70: ("内部错误", "internal error")}
i18n.add({f"fleet.reason.installer_exit.{code}": {
    "zh": f"install.js 以代码 {code} 退出（{zh}）（详情：{{said}}）", "en": f"install.js exited {code} ({en}): {{said}}"}
    for code, (zh, en) in _EXIT_WORDS.items()})
i18n.add({"fleet.reason.installer_exit": {"zh": "install.js 以代码 {code} 退出（详情：{said}）",
                                          "en": "install.js exited {code} (?): {said}"}})


def run_lang(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language of a fleet run: ``explicit`` (a task's ``lang``), else ``$QPFLEET_LANG`` (qpfleet sets it for
    ansible-playbook and its workers), else the process's (``--lang`` or the locale)."""
    import os

    env = os.environ if environ is None else environ
    for value in (explicit, env.get("QPFLEET_LANG")):
        if value in i18n.LANGS:
            return str(value)
    return i18n.current_lang()


def at_words(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with every value written ``@key`` (a catalogue word, such as a status) as that word, so a reason
    stored as flat data is shown in the reader's language; other values as they are."""
    return {k: i18n.Msg(v[1:]) if isinstance(v, str) and v.startswith("@") and v[1:] in i18n.CATALOG else v
            for k, v in params.items()}
