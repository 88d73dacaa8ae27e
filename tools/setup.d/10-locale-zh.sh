# The Simplified Chinese locale (tests of the zh report and, under Wine, OSLanguage 2052 / code page 936).
if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
fi
