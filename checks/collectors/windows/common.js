// qpfleet Windows-side scripts: the code every script shares (version gate, JSON writer, error recorder,
// output).
//
// Not run on its own: Python puts this file in front of each script (collector, evaluator,
// installer) when it delivers one (checks.collectors.windows.script_text), so the kit, WinRM and
// Ansible all carry one self-contained file. ES3 only (JScript 5.x of Windows 2000/XP: no JSON
// object, no Array.prototype.map).
//
// JScript 5.1 (Windows 2000 before Windows Script 5.6 was installed) must be able to COMPILE every
// assembled script, or the version gate below never runs: regular-expression LITERALS anywhere in
// common.js or a script may use only what JScript 5.1 knows (no "(?:", "(?=", "(?!", no lazy
// quantifiers such as "*?", no "\u" escapes, no m flag); build anything newer with new RegExp(...) after
// the gate. tests/unit/test_wsh_compat.py checks every *.js file of this folder for that.

// ---------------------------------------------------------------- the JScript version gate (5.1-safe)
// Contract (every script): call jscriptTooOld() before anything else. When it returns true, the
// engine is older than JScript 5.5 and lacks Array push/pop/shift/splice, the global undefined,
// hasOwnProperty, Function apply/call and the ECMA-262 3rd edition regular expressions; the script
// may then use only the 5.1-safe part of this file (everything above the "end of the 5.1-safe part"
// line: tooOldMessage, quote, toJson, env, regValue, localIso, print, ...) to report tooOldMessage() and
// must then stop (WScript.Quit). Windows 2000 ships JScript 5.1; XP 5.6 (5.7 from SP3); Vista and later 5.7/5.8.
var JSCRIPT_NEEDED = 505;   // major * 100 + minor: JScript 5.5, the first complete ECMA-262 3rd edition
var TOO_OLD_MESSAGE = "Windows Script 5.6 needed: this computer has JScript ";
var TOO_OLD_REMEDY = " (the script needs 5.5 or later); install Windows Script 5.6 for Windows 2000 and run it again";

function jscriptVersion() {
  try { return ScriptEngineMajorVersion() + "." + ScriptEngineMinorVersion(); } catch (x) { return "?"; }
}

function jscriptTooOld() {
  var v;
  try { v = ScriptEngineMajorVersion() * 100 + ScriptEngineMinorVersion(); } catch (x) { return true; }
  return !(v >= JSCRIPT_NEEDED);
}

// The one line a script reports when jscriptTooOld() is true.
function tooOldMessage() { return TOO_OLD_MESSAGE + jscriptVersion() + TOO_OLD_REMEDY; }

var shell = new ActiveXObject("WScript.Shell");

// ---------------------------------------------------------------- JSON (JScript 5.x has none)
function quote(s) {
  var out = "\"", i, c, code, hex;
  for (i = 0; i < s.length; i++) {
    c = s.charAt(i); code = s.charCodeAt(i);
    if (c == "\"") out += "\\\"";
    else if (c == "\\") out += "\\\\";
    else if (code < 0x20 || code > 0x7e) {
      hex = code.toString(16);
      while (hex.length < 4) hex = "0" + hex;
      out += "\\u" + hex;
    } else out += c;
  }
  return out + "\"";
}

function toJson(v, indent) {
  var pad = indent + "  ", parts = [], k, i;
  if (v === null || typeof v == "undefined") return "null";
  if (typeof v == "boolean") return v ? "true" : "false";
  if (typeof v == "number") return isFinite(v) ? String(v) : "null";
  if (typeof v == "string") return quote(v);
  if (v instanceof Array) {
    if (!v.length) return "[]";
    for (i = 0; i < v.length; i++) parts[parts.length] = pad + toJson(v[i], pad);
    return "[\n" + parts.join(",\n") + "\n" + indent + "]";
  }
  for (k in v) {
    if (v[k] === Object.prototype[k]) continue;   // inherited (hasOwnProperty is JScript 5.5)
    parts[parts.length] = pad + quote(k) + ": " + toJson(v[k], pad);
  }
  if (!parts.length) return "{}";
  return "{\n" + parts.join(",\n") + "\n" + indent + "}";
}

// ---------------------------------------------------------------- errors
var KNOWN_ERRORS = {
  "80041001": "WMI failure", "80041002": "Not found", "80041003": "Access denied",
  "8004100E": "Invalid namespace", "80041010": "Invalid class", "80041017": "Invalid query",
  "80070005": "Access denied", "80070422": "WMI service not running", "80070057": "Invalid argument",
  "80004001": "Not implemented", "80004005": "Unspecified error", "800A01AD": "ActiveX object not available",
  "80070002": "File not found", "462": "Remote server not available"
};

function hexCode(n) {
  if (typeof n != "number") return "";
  if (n < 0) n += 0x100000000;
  return n.toString(16).toUpperCase();
}

function describe(where, x) {
  var code = (x && typeof x.number == "number") ? hexCode(x.number) : "";
  var text = (x && x.description) ? x.description : (x && x.message) ? x.message : "";
  if (!text && KNOWN_ERRORS[code]) text = KNOWN_ERRORS[code];
  text = String(text).replace(/[\r\n]+/g, " ").replace(/\s+$/, "");
  return where + ": " + (code ? "0x" + code + " " : "") + (text || "error");
}

function Failure(message) { this.message = message; this.description = message; }

// Text without NUL characters (Wine's ExpandEnvironmentStrings leaves one at the end; registry strings
// may carry them). A loop: a "\u" escape in a regular-expression literal is not JScript 5.1, and Wine's
// split() cannot take a NUL separator.
function stripNul(s) {
  var t = String(s), out = "", i;
  for (i = 0; i < t.length; i++) if (t.charCodeAt(i) !== 0) out += t.charAt(i);
  return out;
}

// An environment variable, or null when it is not set.
function env(name) {
  var v = stripNul(shell.ExpandEnvironmentStrings("%" + name + "%"));
  return v.charAt(0) == "%" || !v.length ? null : v;
}

// A registry value through WScript.Shell.RegRead (REG_SZ and REG_EXPAND_SZ as text), null when missing.
function regValue(path) {
  try { return shell.RegRead(path); } catch (x) { return null; }
}

// ---------------------------------------------------------------- output and time
function pad2(n) { return n < 10 ? "0" + n : String(n); }

function localIso(d) {
  var ms = String(d.getMilliseconds());
  while (ms.length < 3) ms = "0" + ms;
  return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate()) + "T" + pad2(d.getHours()) + ":" +
         pad2(d.getMinutes()) + ":" + pad2(d.getSeconds()) + "." + ms;
}

function print(text) {
  try { WScript.StdOut.Write(text + "\r\n"); } catch (x) { WScript.Echo(text); }  // Wine has no StdOut
}

// ---------------------------------------------------------------- end of the 5.1-safe part
// Code below this line may use JScript 5.5 (push, undefined, hasOwnProperty, new RegExp("(?:...)")): it
// runs only after jscriptTooOld() returned false.
