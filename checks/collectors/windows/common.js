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

// ================================================================ kit and installer (branch kit, issue 9)
// Shared by the evaluator (evaluate.js) and the installer (install.js): a JSON reader that keeps
// Python's meaning (floats vs whole numbers, key order), arguments, files read as bytes, SHA-256,
// ASCII files written whole, registry and Uninstall-key helpers, and a Python-compatible regex search.
// Everything here only runs after the JScript-version gate: regular expressions that need JScript 5.5
// are built with new RegExp(...) from strings, never written as literals (a literal would stop JScript
// 5.1 from even parsing the file).

// The FileSystemObject of the kit's scripts: evaluate.js and install.js set it after the version gate
// (the collector makes its own, only when a probe needs it).
var fso = null;

// ---------------------------------------------------------------- strings
// Wine's JScript compares two strings built by "+" (ropes) of the same length as equal whatever their
// characters ("a [P] Format" == "a [P] Copies"): compare copies made by substring, never two ropes.
function flat(s) { return typeof s == "string" ? s.substring(0, s.length) : s; }
function same(a, b) {
  if (typeof a != "string" || typeof b != "string") return a === b;
  return a.length == b.length && flat(a) === flat(b);
}

// ---------------------------------------------------------------- Python values
// A JSON float (it has a '.' or an exponent), kept apart from a whole number as Python's json does.
function PyFloat(v) { this.v = v; }
// A JSON object with Python dict semantics: keys in first-seen order, no prototype or DontEnum surprises.
function PyDict() { this.k = []; this.m = {}; }
PyDict.prototype.has = function (key) { return this.m.hasOwnProperty("$" + key); };
PyDict.prototype.get = function (key, dflt) {
  return this.has(key) ? this.m["$" + key] : (dflt === undefined ? null : dflt);
};
PyDict.prototype.set = function (key, value) {
  if (!this.has(key)) this.k.push(key);
  this.m["$" + key] = value;
};

// ---------------------------------------------------------------- JSON reader
// parseJson(text, python): Python's json.loads grammar (NaN/Infinity accepted, control characters in
// strings refused). python=true gives PyDict/PyFloat/Array; false gives plain objects and numbers.
function JsonError(message, at) { this.message = message; this.description = message; this.at = at; }

function parseJson(text, python) {
  var i = 0, n = text.length, depth = 0;
  function fail(what) { throw new JsonError(what + " at character " + i, i); }
  function ws() {
    var c;
    while (i < n) { c = text.charAt(i); if (c == " " || c == "\t" || c == "\n" || c == "\r") i++; else break; }
  }
  function isDigit(c) { return c >= "0" && c <= "9"; }
  function str() {
    var out = "", c, h, start;
    i++;                                          // the opening quote
    for (;;) {
      start = i;
      while (i < n) { c = text.charCodeAt(i); if (c == 34 || c == 92 || c < 32) break; i++; }
      out += text.substring(start, i);
      if (i >= n) fail("unterminated string");
      c = text.charAt(i);
      if (c == "\"") { i++; return flat(out); }
      if (c != "\\") fail("invalid control character");
      c = text.charAt(i + 1);
      if (c == "u") {
        h = text.substr(i + 2, 4);
        if (h.length < 4 || !/^[0-9a-fA-F]{4}$/.test(h)) fail("invalid \\uXXXX escape");
        out += String.fromCharCode(parseInt(h, 16)); i += 6;
      } else {
        var map = {"\"": "\"", "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"};
        if (!map.hasOwnProperty(c)) fail("invalid escape");
        out += map[c]; i += 2;
      }
    }
  }
  function num() {
    var start = i, isFloat = false;
    if (text.charAt(i) == "-") i++;
    if (text.charAt(i) == "0") i++;
    else if (text.charAt(i) >= "1" && text.charAt(i) <= "9") { while (isDigit(text.charAt(i))) i++; }
    else fail("expecting value");
    if (text.charAt(i) == "." && isDigit(text.charAt(i + 1))) {
      isFloat = true; i++; while (isDigit(text.charAt(i))) i++;
    }
    var c = text.charAt(i), j = i + 1;
    if (c == "e" || c == "E") {
      if (text.charAt(j) == "+" || text.charAt(j) == "-") j++;
      if (isDigit(text.charAt(j))) { isFloat = true; i = j; while (isDigit(text.charAt(i))) i++; }
    }
    var v = Number(text.substring(start, i));
    return isFloat && python ? new PyFloat(v) : v;
  }
  function value() {
    var c, out, key;
    ws();
    if (i >= n) fail("expecting value");
    c = text.charAt(i);
    if (c == "{") {
      if (++depth > 500) fail("nested too deeply");
      out = python ? new PyDict() : {};
      i++; ws();
      if (text.charAt(i) == "}") { i++; depth--; return out; }
      for (;;) {
        ws();
        if (text.charAt(i) != "\"") fail("expecting property name enclosed in double quotes");
        key = str(); ws();
        if (text.charAt(i) != ":") fail("expecting ':' delimiter");
        i++;
        if (python) out.set(key, value()); else out[key] = value();
        ws(); c = text.charAt(i);
        if (c == "}") { i++; depth--; return out; }
        if (c != ",") fail("expecting ',' delimiter");
        i++;
      }
    }
    if (c == "[") {
      if (++depth > 500) fail("nested too deeply");
      out = []; i++; ws();
      if (text.charAt(i) == "]") { i++; depth--; return out; }
      for (;;) {
        out[out.length] = value(); ws(); c = text.charAt(i);
        if (c == "]") { i++; depth--; return out; }
        if (c != ",") fail("expecting ',' delimiter");
        i++;
      }
    }
    if (c == "\"") return str();
    if (text.substr(i, 4) == "null") { i += 4; return null; }
    if (text.substr(i, 4) == "true") { i += 4; return true; }
    if (text.substr(i, 5) == "false") { i += 5; return false; }
    if (text.substr(i, 3) == "NaN") { i += 3; return python ? new PyFloat(NaN) : NaN; }
    if (text.substr(i, 8) == "Infinity") { i += 8; return python ? new PyFloat(Infinity) : Infinity; }
    if (text.substr(i, 9) == "-Infinity") { i += 9; return python ? new PyFloat(-Infinity) : -Infinity; }
    return num();
  }
  var result = value();
  ws();
  if (i < n) fail("extra data");
  return result;
}

// ---------------------------------------------------------------- arguments
// "/name:value" or "/name" among the raw arguments (Wine's WSH has no WScript.Arguments.Named).
function argValue(name) {
  var args = WScript.Arguments, i, a, lower = "/" + name.toLowerCase();
  for (i = 0; i < args.length; i++) {
    a = String(args(i)).replace(/^"|"$/g, "");
    if (a.charAt(0) == "-") a = "/" + a.substring(1);
    if (a.toLowerCase().indexOf(lower + ":") == 0) return a.substring(lower.length + 1).replace(/"/g, "");
  }
  return null;
}

function argValues(name) {
  var args = WScript.Arguments, i, a, lower = "/" + name.toLowerCase(), out = [];
  for (i = 0; i < args.length; i++) {
    a = String(args(i)).replace(/^"|"$/g, "");
    if (a.charAt(0) == "-") a = "/" + a.substring(1);
    if (a.toLowerCase().indexOf(lower + ":") == 0) out.push(a.substring(lower.length + 1).replace(/"/g, ""));
  }
  return out;
}

function hasArg(name) {
  var args = WScript.Arguments, i, a, lower = "/" + name.toLowerCase();
  for (i = 0; i < args.length; i++) {
    a = String(args(i)).replace(/"/g, "").toLowerCase();
    if (a.charAt(0) == "-") a = "/" + a.substring(1);
    if (a == lower || a.indexOf(lower + ":") == 0) return true;
  }
  return false;
}

// ---------------------------------------------------------------- output
// Human lines (Chinese) go to the console. Wine's cscript converts them for a pipe or file into a
// buffer sized in characters, not bytes, and crashes on long Chinese lines: under Wine, run the kit
// with a console (a pseudo-terminal in the tests), as a person at the terminal does.
function say(text) { print(String(text)); }

// ---------------------------------------------------------------- files
function readAscii(path) {
  if (!fso.FileExists(path)) throw new Failure("file not found: " + path);
  if (fso.GetFile(path).Size == 0) return "";
  var t = fso.OpenTextFile(path, 1, false, 0), s = t.ReadAll();
  t.Close();
  return s;
}

// A whole file written in one go: to NAME.tmp, then put in place (an old NAME is replaced).
function writeAscii(path, text) {
  var tmp = path + ".tmp", t = fso.CreateTextFile(tmp, true, false);
  t.Write(text);
  t.Close();
  if (fso.FileExists(path)) fso.DeleteFile(path, true);
  fso.MoveFile(tmp, path);
}

function ensureFolder(path) {
  if (fso.FolderExists(path)) return;
  var parent = fso.GetParentFolderName(path);
  if (parent && parent != path) ensureFolder(parent);
  fso.CreateFolder(path);
}

function tempFile(ext) {
  return fso.BuildPath(fso.GetSpecialFolder(2).Path, "qpfleet-" + fso.GetTempName().replace(/\.tmp$/i, "") + (ext || ".tmp"));
}

function deleteQuietly(path) { try { if (fso.FileExists(path)) fso.DeleteFile(path, true); } catch (x) { /* left */ } }

// Run a command line through cmd.exe, its output (and errors) into a file read back as text.
// unicode=true makes cmd write its own output as UTF-16 (/U), so any file name survives any code page.
function runCapture(line, unicode) {
  var out = tempFile(".txt"), rc, text = "";
  try {
    rc = shell.Run("%ComSpec% " + (unicode ? "/u " : "") + "/c " + line + " > \"" + out + "\" 2>&1", 0, true);
    if (fso.FileExists(out) && fso.GetFile(out).Size > 0) {
      var t = fso.OpenTextFile(out, 1, false, unicode ? -1 : 0);
      text = t.ReadAll();
      t.Close();
    }
  } finally {
    deleteQuietly(out);
  }
  return {rc: rc, text: text};
}

// ---------------------------------------------------------------- SHA-256 of a file's bytes
// JScript cannot read bytes directly; a file opened as UTF-16 gives each pair of bytes as one unit
// (low byte first). Odd-sized files are read from a copy with one byte appended (copy /b), and a
// leading FF FE that the reader swallows is put back (the sizes tell).
var SHA256_K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1,
  0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
  0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3,
  0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
  0xbef9a3f7, 0xc67178f2];

function Sha256() {
  this.h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  this.w = new Array(64);
  this.rest = "";        // units not yet hashed (fewer than a block)
  this.done = 0;         // bytes hashed
}

// Hash 64-byte blocks. A block's 16 big-endian words come from the units of s (two bytes each, low
// byte first) when s is a string, else from an array of bytes; one loop, no call per word (JScript is slow).
Sha256.prototype.blocks = function (s, count) {
  var w = this.w, hs = this.h, k = SHA256_K, a, b, c, d, e, f, g, h, i, j, t1, t2, x, y, c0, c1, o;
  var text = typeof s == "string";
  for (j = 0; j < count; j++) {
    if (text) {
      for (i = 0, o = j * 32; i < 16; i++, o += 2) {
        c0 = s.charCodeAt(o); c1 = s.charCodeAt(o + 1);
        w[i] = ((c0 & 255) << 24) | ((c0 >>> 8) << 16) | ((c1 & 255) << 8) | (c1 >>> 8);
      }
    } else {
      for (i = 0, o = j * 64; i < 16; i++, o += 4) w[i] = (s[o] << 24) | (s[o + 1] << 16) | (s[o + 2] << 8) | s[o + 3];
    }
    for (i = 16; i < 64; i++) {
      x = w[i - 15]; y = w[i - 2];
      w[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[i - 16] +
             (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + w[i - 7] | 0;
    }
    a = hs[0]; b = hs[1]; c = hs[2]; d = hs[3]; e = hs[4]; f = hs[5]; g = hs[6]; h = hs[7];
    for (i = 0; i < 64; i++) {
      t1 = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
           ((e & f) ^ (~e & g)) + k[i] + w[i] | 0;
      t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
           ((a & b) ^ (a & c) ^ (b & c)) | 0;
      h = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
    }
    hs[0] = hs[0] + a | 0; hs[1] = hs[1] + b | 0; hs[2] = hs[2] + c | 0; hs[3] = hs[3] + d | 0;
    hs[4] = hs[4] + e | 0; hs[5] = hs[5] + f | 0; hs[6] = hs[6] + g | 0; hs[7] = hs[7] + h | 0;
  }
};

// Feed units (each two bytes, low byte first).
Sha256.prototype.units = function (s) {
  if (this.rest.length) { s = this.rest + s; this.rest = ""; }
  var whole = s.length - s.length % 32;
  this.blocks(s, whole / 32);
  this.done += whole * 2;
  this.rest = s.substring(whole);
};

// Finish with the total byte count (odd when the last unit's high byte is padding) and return hex.
Sha256.prototype.finish = function (totalBytes) {
  var bytes = [], i, c, hex = "", s;
  for (i = 0; i < this.rest.length; i++) { c = this.rest.charCodeAt(i); bytes.push(c & 255); bytes.push(c >>> 8); }
  bytes.length = totalBytes - this.done;
  bytes.push(0x80);
  while (bytes.length % 64 != 56) bytes.push(0);
  var hi = Math.floor(totalBytes / 0x20000000), lo = (totalBytes * 8) % 0x100000000;
  bytes.push((hi >>> 24) & 255, (hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255,
             (lo >>> 24) & 255, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255);
  this.blocks(bytes, bytes.length / 64);
  for (i = 0; i < 8; i++) { s = (this.h[i] >>> 0).toString(16); while (s.length < 8) s = "0" + s; hex += s; }
  return hex;
};

function sha256Text(units) {           // SHA-256 of a string's UTF-16LE bytes (used for small texts)
  var h = new Sha256();
  h.units(units);
  return h.finish(units.length * 2);
}

// A file's bytes as UTF-16 units: {src: the file to read (a copy when the size is odd, with one byte
// appended, or when the file is open elsewhere without sharing, as Wine's cmd.exe holds a running
// batch file), size, bom: the reader swallows a leading FF FE (put it back), done(): remove copies}.
function unitsSource(path) {
  var size = fso.GetFile(path).Size, src = path, made = [], t, n = 0;
  var done = function () { for (var i = 0; i < made.length; i++) deleteQuietly(made[i]); };
  function copy(padded) {
    var target = tempFile(".bin"), parts = "\"" + path + "\"";
    if (padded) {
      var pad = tempFile(".pad"), p = fso.CreateTextFile(pad, true, false);
      made.push(pad);
      p.Write("\n");
      p.Close();
      parts += "+\"" + pad + "\"";
    }
    made.push(target);
    runCapture("copy /b " + parts + " \"" + target + "\"", false);
    if (!fso.FileExists(target) || fso.GetFile(target).Size != size + (padded ? 1 : 0))
      throw new Failure("cannot read " + path + " (copy /b failed)");
    return target;
  }
  function count(file) {
    var k = 0, ts = fso.OpenTextFile(file, 1, false, -1);
    try { while (!ts.AtEndOfStream) k += ts.Read(16384).length; } finally { ts.Close(); }
    return k;
  }
  try {
    if (size % 2) src = copy(true);        // one byte appended so the UTF-16 reader sees every byte
    if (size) {
      try { n = count(src); } catch (x) {
        if (src != path) throw x;
        src = copy(false);
        n = count(src);
      }
    }
    var expected = Math.ceil(size / 2);
    if (n != expected && n != expected - 1)
      throw new Failure("cannot read " + path + " as bytes (" + n + " units of " + size + " bytes)");
    return {src: src, size: size, bom: n == expected - 1, done: done};
  } catch (x) {
    done();
    throw x;
  }
}

function fileSha256(path) {
  var u = unitsSource(path), h = new Sha256(), t;
  try {
    if (u.bom) h.units("\ufeff");
    if (u.size) {
      t = fso.OpenTextFile(u.src, 1, false, -1);
      while (!t.AtEndOfStream) h.units(t.Read(16384));
      t.Close();
    }
    return h.finish(u.size);
  } finally {
    u.done();
  }
}

// A (small) file's bytes as an array of numbers.
function fileBytes(path) {
  var u = unitsSource(path), bytes = [], t, s, i, c;
  try {
    if (u.bom) bytes.push(0xFF, 0xFE);
    if (u.size) {
      t = fso.OpenTextFile(u.src, 1, false, -1);
      while (!t.AtEndOfStream) {
        s = t.Read(16384);
        for (i = 0; i < s.length; i++) { c = s.charCodeAt(i); bytes.push(c & 255, c >>> 8); }
      }
      t.Close();
    }
    bytes.length = u.size;
    return bytes;
  } finally {
    u.done();
  }
}

// Every file under a folder (recursively), sorted, through "dir /s /b" in UTF-16 (FileSystemObject
// collections cannot be enumerated under Wine).
function listFiles(folder) {
  if (!fso.FolderExists(folder)) return [];
  var res = runCapture("dir /s /b /a-d \"" + folder + "\"", true), lines = res.text.split(/\r?\n/), out = [], i;
  for (i = 0; i < lines.length; i++) if (lines[i] && fso.FileExists(lines[i])) out.push(lines[i]);
  out.sort();
  return out;
}

// ---------------------------------------------------------------- registry
function regGet(path) {
  try { return shell.RegRead(path); } catch (x) { return null; }
}

// Delete a value (WScript.Shell.RegDelete, else reg.exe: Wine has no RegDelete).
function regDeleteValue(key, name) {
  try { shell.RegDelete(key + "\\" + name); return; } catch (x) { /* fall back to reg.exe */ }
  var res = runCapture("reg delete \"" + key + "\" /v \"" + name + "\" /f", false);
  if (res.rc != 0 && regGet(key + "\\" + name) !== null)
    throw new Failure("reg delete " + key + "\\" + name + " exited " + res.rc);
}

// The direct subkeys of a key with their string values, {subkey: {DisplayName: ..., ...}}
// through "reg export" (UTF-16, so names survive any code page); null when the key does not exist.
function subkeyValues(key) {
  var file = tempFile(".reg"), entries = {}, cur = null, lines, i, m, text = "";
  try {
    runCapture("reg export \"" + key + "\" \"" + file + "\" /y", false);
    if (!fso.FileExists(file)) return null;
    if (fso.GetFile(file).Size > 0) { var t = fso.OpenTextFile(file, 1, false, -1); text = t.ReadAll(); t.Close(); }
  } finally {
    deleteQuietly(file);
  }
  lines = text.split(/\r?\n/);
  for (i = 0; i < lines.length; i++) {
    m = /^\[(.*)\]\s*$/.exec(lines[i]);
    if (m) {
      var rel = m[1].length > key.length + 1 ? m[1].substring(key.length + 1) : "";
      cur = rel && rel.indexOf("\\") < 0 ? (entries[rel] = {}) : null;
      continue;
    }
    m = regLine().exec(lines[i]);
    if (cur && m) cur[m[1].replace(/\\(["\\])/g, "$1")] = m[2].replace(/\\(["\\])/g, "$1");
  }
  return entries;
}

var REG_LINE = null;   // a .reg file's "name"="value" line (made on first use: JScript 5.5 syntax)
function regLine() {
  if (!REG_LINE) REG_LINE = new RegExp("^\"((?:[^\"\\\\]|\\\\.)*)\"=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");
  return REG_LINE;
}
var UNINSTALL_KEYS = ["HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
                      "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall"];

function is64bitWindows() { return /64/.test((env("PROCESSOR_ARCHITEW6432") || "") + (env("PROCESSOR_ARCHITECTURE") || "")); }

// ---------------------------------------------------------------- the USB kit's manifest
// The first kit file (path relative to the kit, "/" separated) whose size or SHA-256 differs from
// manifest.json, or that is missing; null when every file is as built. skipMsi: not the (large) MSI.
function manifestProblem(kitDir, skipMsi) {
  var manifest, rel, entry, path;
  try { manifest = parseJson(readAscii(fso.BuildPath(kitDir, "manifest.json")), false); } catch (x) { return "manifest.json"; }
  for (rel in manifest.files) if (manifest.files.hasOwnProperty(rel)) {
    if (skipMsi && /\.msi$/i.test(rel)) continue;
    entry = manifest.files[rel];
    path = fso.BuildPath(kitDir, rel.replace(/\//g, "\\"));
    if (!fso.FileExists(path) || fso.GetFile(path).Size != entry.size || !same(fileSha256(path), entry.sha256)) return rel;
  }
  return null;
}

// ---------------------------------------------------------------- Python-compatible search
// rx: new RegExp(translatedSource, "g") from checks.evaluator.regex; a match that starts inside a
// surrogate pair is not a match (Python has no position there), so the search goes on after it.
function pySearch(rx, s) {
  var i = 0, m, c, p;
  while (i <= s.length) {
    rx.lastIndex = i;
    m = rx.exec(s);
    if (!m) return false;
    c = s.charCodeAt(m.index);
    if (m.index > 0 && c >= 0xDC00 && c <= 0xDFFF) {
      p = s.charCodeAt(m.index - 1);
      if (p >= 0xD800 && p <= 0xDBFF) { i = m.index + 1; continue; }
    }
    return true;
  }
  return false;
}
