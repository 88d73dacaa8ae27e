// qpfleet Windows-side scripts: the code every script shares (JSON writer, error recorder, output).
//
// Not run on its own: Python puts this file in front of each script (collector, evaluator,
// installer) when it delivers one (checks.collectors.windows.script_text), so the kit, WinRM and
// Ansible all carry one self-contained file. ES3 only (JScript 5.x of Windows 2000/XP: no JSON
// object, no Array.prototype.map); every regular expression here must also compile under JScript 5.1.

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
  if (v === null || v === undefined) return "null";
  if (typeof v == "boolean") return v ? "true" : "false";
  if (typeof v == "number") return isFinite(v) ? String(v) : "null";
  if (typeof v == "string") return quote(v);
  if (v instanceof Array) {
    if (!v.length) return "[]";
    for (i = 0; i < v.length; i++) parts.push(pad + toJson(v[i], pad));
    return "[\n" + parts.join(",\n") + "\n" + indent + "]";
  }
  for (k in v) if (v.hasOwnProperty(k)) parts.push(pad + quote(k) + ": " + toJson(v[k], pad));
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

// Environment variables; Wine's ExpandEnvironmentStrings leaves a NUL at the end.
function env(name) {
  var v = String(shell.ExpandEnvironmentStrings("%" + name + "%")).replace(/\u0000/g, "");
  return v.charAt(0) == "%" || !v.length ? null : v;
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

