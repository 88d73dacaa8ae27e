"""Words of the USB kit, the evaluator's kit steps and the installer, in Chinese and English.

The evaluator and the installer print these on the terminal: the evaluator carries them (generated
from this catalogue), the installer reads them from its settings document. Every Chinese text must
show on a GBK console (the generator refuses one that cannot).
"""

from __future__ import annotations

from checks import i18n

i18n.add({
    # the kit's self-check steps (evaluate.js /kit:...)
    "kit.title": {"zh": "QP系统终端自检（U盘工具包）", "en": "QP terminal self-check (USB kit)"},
    "kit.verifying": {"zh": "正在校验U盘工具包的文件……", "en": "Checking the kit's files..."},
    "kit.tampered": {"zh": "U盘工具包中的文件“{file}”已被改动或缺失（校验值不符），请工程师重新制作工具包。",
                     "en": "The kit file \"{file}\" was changed or is missing (checksum mismatch); have an engineer "
                           "build the kit again."},
    "kit.collecting": {"zh": "正在检测本机硬件和软件，请稍候……", "en": "Checking this computer, please wait..."},
    "kit.collector_failed": {"zh": "检测程序出错，无法检测本机：{why}", "en": "The collector failed: {why}"},
    "kit.clock_w32tm": {"zh": "已用时间服务器 {server} 测量系统时间。", "en": "The clock was measured against {server}."},
    "kit.ask_time": {"zh": "没有连上时间服务器。请看手机上显示的北京时间，输入日期和时间"
                           "（例如 2026-12-01 10:05），然后按回车；不知道就直接按回车跳过：",
                     "en": "No time server answered. Type the Beijing date and time shown on a phone "
                           "(for example 2026-12-01 10:05) and press Enter; just press Enter to skip:"},
    "kit.typed_unreadable": {"zh": "无法识别输入的“{text}”：请按“年-月-日 时:分”输入，例如 2026-12-01 10:05。",
                             "en": "\"{text}\" could not be read: type year-month-day hour:minute, for example "
                                   "2026-12-01 10:05."},
    "kit.typed_used": {"zh": "已按手工输入的北京时间 {typed} 检查系统时间（手工读数，允许误差较大）。",
                       "en": "The clock was checked against the Beijing time typed in, {typed} (a manual reading, "
                             "judged with wider limits)."},
    "kit.no_time": {"zh": "没有测到系统时间（没有时间服务器，也没有输入北京时间）。",
                    "en": "The clock was not measured (no time server and no Beijing time typed)."},
    "kit.saved": {"zh": "检测结果已保存到U盘：{path}", "en": "Results saved on the USB stick: {path}"},
    "kit.cannot_save": {"zh": "无法把检测结果保存到U盘（{why}），U盘可能是只读的；本次结果只显示在屏幕上，没有保存。",
                        "en": "The results could not be saved on the USB stick ({why}); it may be read-only. "
                              "They are shown on screen only and were not saved."},
    "kit.facts_invalid": {"zh": "检测数据无效：{why}", "en": "The facts are not valid: {why}"},
    "kit.no_state": {"zh": "没有找到这台电脑的检测数据：请双击 selfcheck.cmd 重新检查（它先检测、再判断）。",
                     "en": "No facts of this computer were found: double-click selfcheck.cmd to check again "
                           "(it collects, then judges)."},
    "kit.settings_invalid": {"zh": "工具包的设置文件无效：{why}", "en": "The kit's settings file is not valid: {why}"},
    "kit.internal": {"zh": "自检程序内部错误：{why}。请把这一行告诉工程师。",
                     "en": "Internal error of the self-check: {why}. Please tell an engineer this line."},
    # the installer (install.js reads these from its settings document)
    "install.verifying": {"zh": "正在校验U盘工具包的全部文件（包括QP安装程序，可能需要几分钟）……",
                          "en": "Checking every kit file, the QP installer included (this may take minutes)..."},
    "install.running_msiexec": {"zh": "正在安装QP系统 {version}（msiexec），请稍候……",
                                "en": "Installing QP {version} (msiexec), please wait..."},
    "install.running_msiexec_undo": {"zh": "正在卸载QP系统（{code}）……", "en": "Removing QP ({code})..."},
    "install.installed": {"zh": "QP系统 {version} 已安装，缺省设置和打印机已设置好。", "en": "QP {version} is installed, "
                          "its defaults and the printer are set."},
    "install.installed_reboot": {"zh": "QP系统 {version} 已安装；需要重新启动电脑才能完成安装。",
                                 "en": "QP {version} is installed; restart the computer to finish."},
    "install.unchanged": {"zh": "QP系统 {version} 已经装好，设置也已正确，这次没有改动任何东西。",
                          "en": "QP {version} was already installed and set up; nothing was changed."},
    "install.undone": {"zh": "已卸载QP系统并恢复了安装前的设置；公路口岸系统没有改动。",
                       "en": "QP was removed and the settings restored; the road-port system was not touched."},
    "install.nothing_to_undo": {"zh": "这台电脑上没有本工具安装的记录，没有可撤销的内容。",
                                "en": "There is no install by this tool on this computer: nothing to undo."},
    "install.would_change": {"zh": "（试运行）会做以上改动；实际没有改动任何东西。",
                             "en": "(dry run) the changes above would be made; nothing was changed."},
    "install.check.qp": {"zh": "会安装QP系统 {version}（{code}；现在：{before}）",
                         "en": "would install QP {version} ({code}; now: {before})"},
    "install.printer.none": {"zh": "没有找到打印机，没有设置默认打印机（请接好打印机后重新运行）。",
                             "en": "No printer found; the default printer was not set (connect it and run again)."},
    "install.printer.ambiguous": {"zh": "找到 {count} 台打印机，无法确定用哪一台，没有设置默认打印机（可在设置中指定打印机名称）。",
                                  "en": "{count} printers found and none named in the settings; the default printer "
                                        "was not set."},
    "install.refused.not_ready": {"zh": "不能安装：本机自检结果为“不符合要求”（{failed}）。请先处理后重新检测。",
                                  "en": "Refused: this computer is not ready ({failed}). Fix it and check again."},
    "install.refused.undetermined": {"zh": "不能安装：本机自检有项目无法确定，请工程师人工核实后重新检测。",
                                     "en": "Refused: some checks could not be determined; have an engineer verify them."},
    "install.refused.no_verdict": {"zh": "不能安装：没有本机的自检结果。", "en": "Refused: there is no self-check "
                                   "verdict for this computer."},
    "install.refused.other_host": {"zh": "不能安装：自检结果属于另一台电脑（{host}）。",
                                   "en": "Refused: the verdict belongs to another computer ({host})."},
    "install.refused.old_vendor": {"zh": "不能安装：这台电脑装有（或装过）原龙达系统，按规定不能在其上安装QP系统。",
                                   "en": "Refused: this computer has (or had) the old Longda system; QP must not be "
                                         "installed on it."},
    "install.refused.longda_backup": {"zh": "不能安装：{host} 是原龙达公司配备的备份电脑，不作任何改动。",
                                      "en": "Refused: {host} is a Longda backup computer and stays untouched."},
    "install.refused.not_qp_terminal": {"zh": "不能安装：{host} 在登记中不是QP终端（{role}）。",
                                        "en": "Refused: {host} is not a QP terminal in the registry ({role})."},
    "install.refused.unknown_host": {"zh": "不能安装：{host} 不是企业 {enterprise} 登记的终端。",
                                     "en": "Refused: {host} is not a registered terminal of enterprise {enterprise}."},
    "install.refused.count_reached": {"zh": "不能安装：已达到海关批准的终端数 {approved} 台（已安装：{counted}）。",
                                      "en": "Refused: the approved number of terminals, {approved}, is reached "
                                            "(installed: {counted})."},
    "install.refused.tampered": {"zh": "不能安装：工具包文件“{file}”已被改动或缺失（校验值不符）。",
                                 "en": "Refused: the kit file \"{file}\" was changed or is missing (checksum mismatch)."},
    "install.refused.no_msi": {"zh": "不能安装：这个工具包没有带QP安装程序（只能自检）。",
                               "en": "Refused: this kit carries no QP installer (self-check only)."},
    "install.refused.msi_mismatch": {"zh": "不能安装：QP安装程序 {msi} 缺失或与设置不符。",
                                     "en": "Refused: the QP installer {msi} is missing or not the one in the settings."},
    "install.refused.cannot_record": {"zh": "不能安装：无法在 {path} 保存安装记录（{why}），U盘可能是只读的。",
                                      "en": "Refused: the install record cannot be saved in {path} ({why}); the stick "
                                            "may be read-only."},
    "install.failed.msiexec": {"zh": "安装失败：msiexec 返回 {code}：{last_error}",
                               "en": "Install failed: msiexec returned {code}: {last_error}"},
    "install.failed.road_port": {"zh": "出错：公路口岸系统的文件有变化（{differences}），请立即联系工程师。",
                                 "en": "Error: the road-port system's files changed ({differences}); call an engineer now."},
    "install.failed.value": {"zh": "出错：无法写入 {where}（{error}）。", "en": "Error: {where} could not be written ({error})."},
    "install.failed.internal": {"zh": "安装程序内部错误：{error}。请把这一行告诉工程师。",
                                "en": "Internal error of the installer: {error}. Please tell an engineer this line."},
    # qpfleet kit build / collect
    "kit.built": {"zh": "已为 {enterprise}（{code}）制作U盘工具包：{out}（{files} 个文件，{size}）",
                  "en": "USB kit for {enterprise} ({code}) written to {out} ({files} files, {size})"},
    "kit.built_no_msi": {"zh": "注意：没有提供QP安装程序（--qp-msi），这个工具包只能自检。",
                         "en": "note: no QP installer given (--qp-msi): this kit can only self-check."},
    "kit.client_example": {"zh": "注意：QP客户端缺省值的位置（{file}）还是示例数据，请按现场QP版本核实。",
                           "en": "note: the QP client locations ({file}) are example data; confirm them for the site's "
                                 "QP version."},
    "kit.collected": {"zh": "已收集 {hosts} 台终端的结果，记录为运行 {run}。", "en": "Collected {hosts} terminal(s); "
                      "recorded as run {run}."},
    "kit.verdict_differs": {"zh": "{host}：U盘工具的判断（{kit}）与qpfleet的判断（{python}）不一致：{rules}",
                            "en": "{host}: the kit judged {kit} but qpfleet judges {python}: {rules}"},
    # problems of a kit brought back (provisioning/kit/collect.py), each after the file's path
    "kit.collect.differs": {"zh": "U盘工具的判断（{kit}）与qpfleet的判断（{python}）不一致{rules}",
                            "en": "the kit judged {kit}, qpfleet judges {python}{rules}"},
    "kit.collect.rules": {"zh": "：{rules}", "en": " ({rules})"},
    "kit.collect.rule": {"zh": "{rule}：U盘工具 {kit}，qpfleet {python}", "en": "{rule}: {kit} vs {python}"},
    "kit.collect.not_install": {"zh": "不是安装结果文件", "en": "not an installer result document"},
    "kit.collect.bad_result": {"zh": "安装结果无法记录（详情：{detail}）", "en": "{detail}"},
    # one line per terminal of qpfleet kit collect (English: the codes as stored)
    "kit.collect.line": {"zh": "{host} qpfleet：{verdict} U盘工具：{kit} {install}", "en": "{host} {verdict} kit: {kit} {install}"},
    "kit.collect.install": {"zh": "{action}：{outcome}", "en": "{action}: {outcome}"},
    "kit.verdict.ready": {"zh": "可以安装", "en": "ready"},
    "kit.verdict.not_ready": {"zh": "不能安装", "en": "not_ready"},
    "kit.verdict.undetermined": {"zh": "无法确定", "en": "undetermined"},
    "kit.action.install": {"zh": "安装", "en": "install"},
    "kit.action.undo": {"zh": "撤销安装", "en": "undo"},
    "kit.outcome.installed": {"zh": "已安装", "en": "installed"},
    "kit.outcome.unchanged": {"zh": "已是要求的状态（未改动）", "en": "unchanged"},
    "kit.outcome.refused": {"zh": "拒绝", "en": "refused"},
    "kit.outcome.would_change": {"zh": "会改动（试运行）", "en": "would_change"},
    "kit.outcome.undone": {"zh": "已撤销", "en": "undone"},
    "kit.outcome.failed": {"zh": "失败", "en": "failed"},
    "kit.outcome.unreachable": {"zh": "无法连接", "en": "unreachable"},
    # README.txt on the stick (Chinese for the engineer; GBK, CRLF)
    "kit.readme": {
        "zh": "QP系统U盘工具包（自检与安装）\n"
              "================================\n\n"
              "企业：{enterprise}（海关编码 {code}，{site}）\n"
              "海关批准的QP终端数：{approved} 台；已安装QP的终端：{counted}\n"
              "本工具包可用于的终端：{hosts}\n"
              "原龙达备份电脑（不作任何改动，不能安装）：{backups}\n"
              "要求：{profile}\n"
              "QP安装程序：{qp}\n"
              "制作时间：{built}（qpfleet {version}）\n\n"
              "一、自检（企业或工程师均可）\n"
              "  双击 selfcheck.cmd。程序会检测电脑硬件、系统、防病毒软件、原龙达系统等，\n"
              "  并检查系统时间：先连时间服务器 {ntp}；连不上时会请您看手机，\n"
              "  输入北京时间（例如 2026-12-01 10:05）后按回车，不知道就直接按回车。\n"
              "  结果显示在屏幕上，并保存在U盘的 results\\计算机名\\ 文件夹中。\n\n"
              "二、安装QP（工程师）\n"
              "  双击 install.cmd：先校验工具包文件，再自检；只有自检结果为“可以安装”、\n"
              "  不是原龙达电脑、且未超过批准终端数时才会安装。公路口岸系统不会被改动。\n"
              "  再运行一次不会重复改动；install.cmd /check 只显示会做的改动；\n"
              "  install.cmd /undo 卸载QP并恢复安装前的设置。\n\n"
              "三、回到分中心\n"
              "  qpfleet kit collect 工具包文件夹   —— 复核每台终端的结果并记入数据库。\n\n"
              "注意：请不要修改工具包里的文件，否则安装程序会拒绝安装（校验值不符）。\n"
              "U盘如果是只读的，自检仍会显示结果，但无法保存，也不能安装。\n",
        "en": "QP USB kit (self-check and install)\n"
              "===================================\n\n"
              "Enterprise: {enterprise} (customs code {code}, {site})\n"
              "Approved QP terminals: {approved}; terminals with QP: {counted}\n"
              "Terminals this kit is for: {hosts}\n"
              "Longda backup computers (never touched, never installed): {backups}\n"
              "Profile: {profile}\n"
              "QP installer: {qp}\n"
              "Built: {built} (qpfleet {version})\n\n"
              "1. Self-check: double-click selfcheck.cmd. The clock is checked against {ntp}; without it you\n"
              "   are asked for the Beijing time from a phone (e.g. 2026-12-01 10:05), or just press Enter.\n"
              "   Results: results\\<computer name>\\ on the stick.\n"
              "2. Install: double-click install.cmd (kit verified, self-check, install only when ready, not a\n"
              "   Longda computer and within the approved number). /check: dry run; /undo: remove QP.\n"
              "3. Back at base: qpfleet kit collect <kit folder>.\n",
    },
    # --help of qpfleet kit (i18n.h)
    "kit.help": {"zh": "U盘工具包：为不能联网的终端制作自检与安装工具包，回收结果",
                 "en": "USB kit: self-check and install terminals nothing can reach; collect the results"},
    "kit.help.build": {"zh": "为一个企业（或一个现场的全部企业）制作U盘工具包",
                       "en": "write the USB kit of one enterprise (or of every enterprise of a site)"},
    "kit.help.collect": {"zh": "复核U盘带回的结果并记入状态数据库（路线 kit）",
                         "en": "re-judge the results a kit brought back and record them (route kit)"},
    "kit.help.enterprise": {"zh": "企业海关编码", "en": "the enterprise's customs code"},
    "kit.help.site": {"zh": "现场代码：为该现场的每个企业各做一个工具包（OUT/海关编码）",
                      "en": "customs site code: one kit per enterprise of the site (OUT/<customs code>)"},
    "kit.help.out": {"zh": "工具包文件夹（不存在或为空）", "en": "kit folder (missing or empty)"},
    "kit.help.qp_msi": {"zh": "QP客户端安装程序（MSI）", "en": "the QP client installer (MSI)"},
    "kit.help.qp_code": {"zh": "QP安装程序的 ProductCode（须与MSI一致）",
                         "en": "the QP installer's ProductCode (must match the MSI)"},
    "kit.help.client": {"zh": "QP客户端缺省值的位置（默认 inventory/qp_client.yml）",
                        "en": "where the QP client reads its defaults (default inventory/qp_client.yml)"},
    "kit.help.carrier": {"zh": "写入的网络线路（网络线路测试选出的），需同时给出 --carrier-config",
                         "en": "the carrier to write (as chosen by qpfleet carrier test); needs --carrier-config"},
    "kit.help.ntp": {"zh": "终端用 w32tm 测量时间的时间服务器（默认：要求中的）",
                     "en": "time server the terminals measure against with w32tm (default: the profile's)"},
    "kit.help.db": {"zh": "状态数据库（默认与 qpfleet dispatch 相同）", "en": "state database (default: the dispatch store's)"},
    "kit.help.force": {"zh": "覆盖以前制作的工具包", "en": "replace a kit built before"},
    "kit.help.profile": {"zh": "检测要求：seed-2007、current（默认）、lab，或一个YAML文件",
                         "en": "requirement profile: seed-2007, current (default), lab, or a YAML file"},
    "kit.help.profile_collect": {"zh": "制作工具包时用的要求文件（用的是内置要求时不必给出）",
                                 "en": "the profile file the kit was built with (not needed for a built-in one)"},
    "kit.help.carrier_config": {"zh": "现场的网络线路配置文件（qpfleet carrier 用的那个）",
                                "en": "the site's carrier config (the one qpfleet carrier uses)"},
    "kit.help.kit_lang": {"zh": "U盘上 README.txt 和终端上显示的文字用的语言（默认 zh）",
                          "en": "language of README.txt and of the texts shown on the terminals (default zh)"},
    "kit.help.dir": {"zh": "带回来的工具包文件夹（U盘上或复制出来的）", "en": "the kit folder brought back (on the stick "
                     "or copied)"},
    "kit.err.code_needs_msi": {"zh": '--qp-product-code 要与 --qp-msi 一起使用', "en": '--qp-product-code needs --qp-msi'},
    "kit.err.carrier_pair": {"zh": '--carrier 和 --carrier-config 要一起给出', "en": '--carrier and --carrier-config go together'},
    "kit.err.empty_site": {"zh": '海关现场 {site} 没有企业；现场有：{sites}', "en": 'no enterprise at customs site {site}; sites: {sites}'},
    "kit.err.no_enterprise": {"zh": '登记册中没有海关编码为 {code} 的企业{hint}', "en": 'no enterprise with customs code {code} in the registry{hint}'},
    "kit.err.did_you_mean": {"zh": '；是不是：{names}？', "en": '; did you mean {names}?'},
    "kit.err.example_carrier": {"zh": '线路配置是示例数据（example: true）；U盘工具包需要本现场自己的配置', "en": "the carrier config holds example data (example: true); a kit needs the site's own"},
    "carrier.err.current": {"zh": '未知的运营商 {got}；可选：{valid}', "en": 'unknown carrier {got}; valid: {valid}'},
    "kit.err.not_object": {"zh": '不是JSON对象', "en": 'not a JSON object'},
    "kit.err.not_kit": {"zh": '不是 qpfleet U盘工具包（没有 manifest.json 或 qpfleet/settings.json）', "en": 'not a qpfleet USB kit (no manifest.json / qpfleet/settings.json)'},
    "kit.err.schema": {"zh": '不是 qpfleet U盘工具包（清单或设置的格式不认识）', "en": 'not a qpfleet USB kit (unknown manifest or settings schema)'},
    "kit.err.profile": {"zh": '工具包是按另一个版本的要求 {name} 判定的（请用 --profile 给出制作时用的要求文件）', "en": 'the kit was judged with another version of profile {name} (give the profile file it was built with: --profile FILE)'},
    "kit.err.no_msi": {"zh": 'QP安装程序文件不存在（或不是文件）', "en": 'the QP installer file does not exist (or is not a file)'},
    "kit.err.msi_big": {"zh": '{size} 对MSI来说太大了', "en": '{size} is too large for an MSI'},
    "kit.err.msi": {"zh": '不是可读的MSI安装包（详情：{detail}）', "en": '{detail}'},
    "kit.msi.not_ole": {"zh": "不是MSI安装包（没有OLE复合文件头）", "en": "not an MSI package (no OLE compound file header)"},
    "kit.msi.no_property": {"zh": "不是MSI安装包（没有 Property 表）", "en": "not an MSI package (no Property table)"},
    "kit.msi.empty_pool": {"zh": "MSI安装包已损坏（字符串表是空的）", "en": "damaged MSI package (empty string pool)"},
    "kit.err.no_code": {"zh": '安装包没有有效的 ProductCode（{code}）', "en": 'the package has no valid ProductCode ({code})'},
    "kit.err.guid": {"zh": '{code} 不是 ProductCode GUID（如 {{6D3F4F0B-4A2B-4C39-9E4B-1C8E2B7A0501}}）', "en": '{code} is not a ProductCode GUID such as {{6D3F4F0B-4A2B-4C39-9E4B-1C8E2B7A0501}}'},
    "kit.err.other_code": {"zh": '安装包的 ProductCode 是 {code}，不是 {given}', "en": "the package's ProductCode is {code}, not {given}"},
    "kit.err.no_version": {"zh": '安装包没有 ProductVersion', "en": 'the package has no ProductVersion'},
    "kit.err.untranslatable": {"zh": '终端上的评估脚本无法准确表达这个要求（详情：{detail}）', "en": "the terminal's evaluator cannot express this profile exactly: {detail}"},
    "kit.err.out_exists": {"zh": '已存在且不是空文件夹（加 --force 可替换以前制作的工具包）', "en": 'exists and is not an empty folder (give --force to replace a kit built before)'},
    "kit.err.out_not_kit": {"zh": '不是工具包（没有 manifest.json）：不替换', "en": 'is not a kit (no manifest.json): not replaced'},    # the site's qp_client.yml (provisioning/kit/client.py): where the QP client reads its defaults
    "kit.client.document": {"zh": "QP客户端设置应为映射，包含 defaults 和 printer",
                            "en": "must be a mapping with defaults and printer"},
    "kit.client.version": {"zh": "应为 1，而不是 {got}", "en": "must be 1, got {got}"},
    "kit.client.defaults": {"zh": "应为缺省值的列表（每项写明 id、target、写入位置和 value）",
                            "en": "must be a list of values (id, target, where, value)"},
    "kit.client.mapping": {"zh": "应为映射（若干行“键: 值”）", "en": "must be a mapping"},
    "kit.client.unknown_field": {"zh": "未知的字段{hint}", "en": "unknown field{hint}"},
    "kit.client.id": {"zh": "应为不重复的名称（不能是 'carrier'），而不是 {got}",
                      "en": "must be a unique name (not 'carrier'), got {got}"},
    "kit.client.target": {"zh": "应为 ini 或 registry（Windows终端）", "en": "must be ini or registry (a Windows terminal)"},
    "kit.client.value_or_from": {"zh": "value 和 value_from 必须有且只有一个", "en": "needs exactly one of value or value_from"},
    "kit.client.value_from": {"zh": "只能是 'printer'，而不是 {got}", "en": "must be 'printer', got {got}"},
    "kit.client.value": {"zh": "应为一行文字或数字，而不是 {got}", "en": "must be a one-line text or number, got {got}"},
    "kit.client.registry_type": {"zh": "无效的类型 {got}；可选：{valid}", "en": "invalid {got}; valid: {valid}"},
    "kit.client.registry_view": {"zh": "应为 32 或 64，而不是 {got}", "en": "must be 32 or 64, got {got}"},
    "kit.client.printer": {"zh": "应写成 {{make_default: true|false, name: 打印机名称或 null}}",
                           "en": "must be {{make_default: true|false, name: NAME or null}}"},
    "kit.client.bool": {"zh": "应为 true 或 false", "en": "must be true or false"},
    "kit.client.printer_name": {"zh": "应为打印机名称，或 null（用本机唯一的打印机）",
                                "en": "must be a printer name or null (the only printer)"},
    "kit.client.folders": {"zh": "应为文件夹的列表", "en": "must be a list of folders"},
})
