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
    "kit.settings_invalid": {"zh": "工具包的设置文件无效：{why}", "en": "The kit's settings file is not valid: {why}"},
    "kit.internal": {"zh": "自检程序内部错误：{why}。请把这一行告诉工程师。",
                     "en": "Internal error of the self-check: {why}. Please tell an engineer this line."},
})
