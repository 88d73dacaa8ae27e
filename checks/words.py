"""Words every validator of a file a person writes shares (a profile, a carrier config, a registry ...).

``file:line: field.path: message``, the message in the user's language: build it with
``Msg("msg.at", where=..., what=Msg("v.<key>", ...))`` and raise the list as ``ValidationErrors``.
Values quoted from the file are shown as written (``repr``), in both languages.
"""

from __future__ import annotations

from checks.i18n import add

add({
    "v.unknown_field": {"zh": "未知的字段{hint}（可用的字段：{known}）", "en": "unknown field{hint} (known: {known})"},
    "v.did_you_mean": {"zh": "；是不是“{name}”？", "en": "; did you mean '{name}'?"},
    "v.mapping": {"zh": "应为映射（若干行“键: 值”），而不是 {got}", "en": "must be a mapping, got {got}"},
    "v.mapping_of": {"zh": "应为映射，包含 {fields}", "en": "must be a mapping with {fields}"},
    "v.bool": {"zh": "应为 true 或 false，而不是 {got}", "en": "must be true or false, got {got}"},
    "v.choice": {"zh": "无效的值 {got}；可选：{valid}", "en": "invalid value {got}; valid: {valid}"},
    "v.whole_ge0": {"zh": "应为不小于0的整数，而不是 {got}", "en": "must be a whole number >= 0, got {got}"},
    "v.number_ge0": {"zh": "应为不小于0的数，而不是 {got}", "en": "must be a number >= 0, got {got}"},
    "v.between01": {"zh": "应在0和1之间（不含0和1），而不是 {got}", "en": "must be between 0 and 1 (exclusive), got {got}"},
    "v.text": {"zh": "应为非空的文字，而不是 {got}", "en": "must be a non-empty text, got {got}"},
    "v.one_line": {"zh": "应为一行文字，而不是 {got}", "en": "must be a one-line text, got {got}"},
    "v.at_least": {"zh": "至少为 {min}", "en": "must be at least {min}"},
    "v.at_most": {"zh": "最多为 {max}，而不是 {got}", "en": "at most {max}, got {got}"},
    "v.range": {"zh": "应在 {min} 到 {max} 之间，而不是 {got}", "en": "must be {min}-{max}, got {got}"},
    "v.not_below": {"zh": "不能小于 {other}（{got} < {limit}）", "en": "must be >= {other} ({got} < {limit})"},
    "v.version": {"zh": "不支持的版本 {got}；本版 qpfleet 读取版本 {supported}",
                  "en": "unsupported version {got}; this qpfleet reads version {supported}"},
    "v.port": {"zh": "端口应为 1 到 65535 之间的数，而不是 {got}", "en": "must be a port number 1-65535, got {got}"},
})
