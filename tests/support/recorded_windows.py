"""Run the real WSH scripts under Wine's JScript against a *recorded* Windows.

Wine shows what Wine does; real Windows differs exactly where it matters (StdRegProv, the 64-bit
registry view, XP's WMI processor names, JScript 5.1). ``tests/fixtures/wsh/*.json`` hold the raw values
of such a Windows (WMI rows, registry values, environment, which COM objects exist), taken from
Microsoft's documentation and published inventories as each file says. ``recorded_windows.js``
(prepended with the values) stands in for WMI, WScript.Shell and Scripting.FileSystemObject: its
function declarations shadow JScript's built-ins for the whole file, so the collector itself runs
unchanged in Wine's real script engine. ``jscript_51=True`` also removes what JScript 5.1 lacks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checks.collectors.windows import SCRIPT_NAME, script_text
from checks.facts import Facts, loads
from tests.support.wine import WinePrefix

HERE = Path(__file__).resolve().parent
SHIM = HERE / "recorded_windows.js"
RECORDINGS = HERE.parent / "fixtures" / "wsh"

# JScript 5.5 methods JScript 5.1 does not have: calling one fails the test run instead of passing quietly.
JSCRIPT_51 = """
(function () {
  function missing(name) { return function () { throw new Error(name + " is JScript 5.5, not in 5.1"); }; }
  Array.prototype.push = missing("Array.push"); Array.prototype.pop = missing("Array.pop");
  Array.prototype.shift = missing("Array.shift"); Array.prototype.unshift = missing("Array.unshift");
  Array.prototype.splice = missing("Array.splice");
  Object.prototype.hasOwnProperty = missing("hasOwnProperty");
  Function.prototype.apply = missing("Function.apply"); Function.prototype.call = missing("Function.call");
})();
"""


def _merge(base: Any, over: Any) -> Any:
    """``over`` on top of ``base``: mappings merge key by key, a null removes the key, the rest replaces."""
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge(base.get(key), value)
    return out


def recording(name: str) -> dict[str, Any]:
    """A recorded Windows by file name; ``extends`` names the recording it differs from."""
    data: dict[str, Any] = json.loads((RECORDINGS / f"{name}.json").read_text("utf-8"))
    parent = data.pop("extends", None)
    return _merge(recording(parent), data) if parent else data


def assemble(recorded: dict[str, Any], script: str = SCRIPT_NAME, jscript_51: bool = False) -> str:
    """The recorded Windows, its values, optionally JScript 5.1's gaps, then the assembled script."""
    values = json.dumps(recorded, ensure_ascii=True)
    return (SHIM.read_text("ascii") + f"\nvar RECORDED = {values};\n" + (JSCRIPT_51 if jscript_51 else "")
            + script_text(script))


def run(wine: WinePrefix, workdir: Path, recorded: dict[str, Any], *args: str,
        jscript_51: bool = False) -> tuple[Facts, bytes]:
    """Run the collector against ``recorded`` in Wine; its facts and raw output."""
    path = workdir / "recorded.js"
    path.write_text(assemble(recorded, jscript_51=jscript_51).replace("\n", "\r\n"), "ascii")
    proc = wine.run("cscript", "//nologo", wine.win(path), *args, check=False)
    assert proc.returncode == 0, proc.stdout[-600:] + proc.stderr[-600:]
    return loads(proc.stdout, where="recorded Windows"), proc.stdout
