// qpfleet evaluator (Windows Script Host, JScript 5.5+): judges a facts document as checks/rules.py does,
// on the terminal itself, without Python. Generated: checks.evaluator.generate writes the profile's
// thresholds and lists, the translated regular expressions, the catalogue's words and the facts schema
// at the data marker below. Never edit a generated evaluate.js by hand.
//
//   cscript //nologo evaluate.js /facts:FILE [/facts:FILE2 ...] [/out:FILE|DIR] [/lang:zh|en] [/quiet]
//   cscript //nologo evaluate.js /kit:collect     the USB kit: verify the kit, collect, measure the clock
//   cscript //nologo evaluate.js /kit:judge       the USB kit: typed time (QP_TIME), judge, report, save
//
// Exit codes: 0 ready, 1 not ready, 3 undetermined, 2 bad input (facts unreadable, kit tampered),
// 10 (/kit:collect) the clock was not measured: ask for Beijing time, 11 (/kit:judge) what was typed
// could not be read: ask again, 70 an error of this script.

var QP = /*@QPFLEET-DATA@*/null;
var EVALUATOR_VERSION = 1;

// ================================================================ Python semantics
var RX = {};
function rx(parts) {
  var src = "", i;
  for (i = 0; i < parts.length; i++) src += typeof parts[i] == "number" ? QP.classes[parts[i]] : parts[i];
  return new RegExp(src, "g");
}
function buildRegexes() {
  var k, i;
  for (k in QP.rx) if (QP.rx.hasOwnProperty(k)) {
    RX[k] = [];
    for (i = 0; i < QP.rx[k].length; i++) RX[k].push(rx(QP.rx[k][i]));
  }
}
function searchAny(list, text) {
  for (var i = 0; i < list.length; i++) if (pySearch(list[i], text)) return true;
  return false;
}

// Code points of a string (a surrogate pair is one).
function codePoints(s) {
  var out = [], i, c, d;
  for (i = 0; i < s.length; i++) {
    c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
      d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) { out.push(0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00)); i++; continue; }
    }
    out.push(c);
  }
  return out;
}
function fromCodePoint(cp) {
  if (cp < 0x10000) return String.fromCharCode(cp);
  cp -= 0x10000;
  return String.fromCharCode(0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
}
function pyLen(s) { return codePoints(s).length; }

// str.lower() / str.upper(): Python's full case mappings (QP.tables: [start, count, stride, delta] runs
// and the mappings to several characters).
function caseMap(s, runs, multi) {
  var cps = codePoints(s), out = "", i, cp, lo, hi, mid, r, m;
  for (i = 0; i < cps.length; i++) {
    cp = cps[i];
    m = multi["" + cp];
    if (m !== undefined) { out += m; continue; }
    lo = 0; hi = runs.length - 1; r = null;
    while (lo <= hi) {
      mid = (lo + hi) >> 1;
      if (runs[mid][0] <= cp) { r = runs[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    if (r && (cp - r[0]) % r[2] == 0 && (cp - r[0]) / r[2] < r[1]) out += fromCodePoint(cp + r[3]);
    else out += fromCodePoint(cp);
  }
  return out;
}
function pyLower(s) { return caseMap(s, QP.tables.lower, QP.tables.lower_multi); }
function pyUpper(s) { return caseMap(s, QP.tables.upper, QP.tables.upper_multi); }
function pyIsSpace(c) { return QP.tables.space.hasOwnProperty("" + c.charCodeAt(0)); }
function pyStrip(s) {
  var a = 0, b = s.length;
  while (a < b && pyIsSpace(s.charAt(a))) a++;
  while (b > a && pyIsSpace(s.charAt(b - 1))) b--;
  return s.substring(a, b);
}
function rstripChar(s, ch) { while (s.length && s.charAt(s.length - 1) == ch) s = s.substring(0, s.length - 1); return s; }

// A Unicode decimal digit's value (Python's int() and float() read them), or -1.
function digitValue(cp) {
  var z = QP.tables.zeros, i;
  if (cp >= 48 && cp <= 57) return cp - 48;
  for (i = 0; i < z.length; i++) if (cp >= z[i] && cp < z[i] + 10) return cp - z[i];
  return -1;
}
function asciiDigits(s) {
  var cps = codePoints(s), out = "", i, d;
  for (i = 0; i < cps.length; i++) { d = digitValue(cps[i]); out += d >= 0 ? String(d) : fromCodePoint(cps[i]); }
  return out;
}

// int(text, 16): whitespace around, a sign, an optional 0x, single underscores between digits.
function pyInt16(text) {
  var cps = codePoints(text), s = "", i, d, cp;
  for (i = 0; i < cps.length; i++) {
    cp = cps[i];
    if (QP.tables.space.hasOwnProperty("" + cp)) { s += " "; continue; }
    d = digitValue(cp);
    if (d >= 0) { s += String(d); continue; }
    if (cp > 127) return null;
    s += String.fromCharCode(cp);
  }
  s = s.replace(/^ +| +$/g, "");
  var neg = false;
  if (s.charAt(0) == "+" || s.charAt(0) == "-") { neg = s.charAt(0) == "-"; s = s.substring(1); }
  if (/^0[xX]/.test(s)) { s = s.substring(2); if (s.charAt(0) == "_") s = s.substring(1); }
  if (!/^[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/.test(s)) return null;
  var v = parseInt(s.replace(/_/g, ""), 16);
  return neg ? -v : v;
}

function pyRound(x) {            // round(): half to even
  var f = Math.floor(x), d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 == 0 ? f : f + 1;
}

// format(x, ".Nf") of the exact binary value (ties to even), N = 0..2, x >= 0.
function fixedAbs(x, n) {
  var m = n == 0 ? 1 : n == 1 ? 10 : 100, p = x * m, k, c, hi, lo, e, g, s, up, digits;
  if (p >= 4503599627370496) { digits = String(Math.round(p)); }
  else {
    c = 134217729 * x; hi = c - (c - x); lo = x - hi;
    e = (hi * m - p) + lo * m;           // x * m == p + e exactly
    k = Math.floor(p);
    g = (p - k) - 0.5;
    s = g + e;                           // its sign is exact
    up = s > 0 || (s == 0 && k % 2 != 0);
    digits = String(up ? k + 1 : k);
  }
  if (!n) return digits;
  while (digits.length <= n) digits = "0" + digits;
  return digits.substring(0, digits.length - n) + "." + digits.substring(digits.length - n);
}
function negative(x) { return x < 0 || (x == 0 && 1 / x < 0); }
function pyFixedSigned(x, n) {        // f"{x:+.Nf}"
  if (isNaN(x)) return "+nan";
  var sign = negative(x) ? "-" : "+";
  if (!isFinite(x)) return sign + "inf";
  return sign + fixedAbs(Math.abs(x), n);
}
function pyG(x, plus) {               // format(x, "g") / "+g"
  var sign = negative(x) ? "-" : (plus ? "+" : "");
  if (isNaN(x)) return (plus ? "+" : "") + "nan";
  if (!isFinite(x)) return sign + "inf";
  if (x == 0) return sign + "0";
  var t = Math.abs(x).toExponential(5), m = /^(\d)\.(\d+)e([+-]\d+)$/.exec(t), exp = Number(m[3]);
  var digits = m[1] + m[2], out;
  if (exp >= -4 && exp < 6) {
    if (exp >= 0) out = digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
    else { out = "0."; for (var i = 0; i < -exp - 1; i++) out += "0"; out += digits; }
    out = out.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    var mant = (m[1] + "." + m[2]).replace(/0+$/, "").replace(/\.$/, "");
    var ex = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
    out = mant + "e" + (exp < 0 ? "-" : "+") + ex;
  }
  return sign + out;
}
function pyReprFloat(x) {
  if (isNaN(x)) return "nan";
  if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return negative(x) ? "-0.0" : "0.0";
  var s = String(Math.abs(x)), m = new RegExp("^(\\d+)(?:\\.(\\d+))?(?:e([+-]\\d+))?$").exec(s);
  if (!m) return String(x);
  var intPart = m[1], frac = m[2] || "", exp = Number(m[3] || 0);
  var digits = (intPart + frac).replace(/^0+/, ""), point = intPart.replace(/^0+/, "").length + exp;
  if (!intPart.replace(/^0+/, "").length) { var lead = frac.length - frac.replace(/^0+/, "").length; point = -lead + exp; }
  digits = digits.replace(/0+$/, "");
  var e10 = point - 1, out;
  if (e10 >= -5 && e10 < 16) {
    if (point <= 0) { out = "0."; for (var i = 0; i < -point; i++) out += "0"; out += digits; }
    else if (point >= digits.length) { out = digits; while (out.length < point) out += "0"; out += ".0"; }
    else out = digits.substring(0, point) + "." + digits.substring(point);
  } else {
    out = digits.charAt(0) + (digits.length > 1 ? "." + digits.substring(1) : "") + "e" + (e10 < 0 ? "-" : "+") +
          (Math.abs(e10) < 10 ? "0" : "") + Math.abs(e10);
  }
  return (x < 0 ? "-" : "") + out;
}
function pyStr(v) {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (v instanceof PyFloat) return pyReprFloat(v.v);
  if (typeof v == "number") return Math.abs(v) < 1e21 ? String(v) : pyReprFloat(v).replace(/\.0$/, "");
  return String(v);
}
function isInt(v) { return typeof v == "number"; }        // a JSON whole number (bool is never a number here)
function isNum(v) { return typeof v == "number" || v instanceof PyFloat; }
function numv(v) { return v instanceof PyFloat ? v.v : v; }
function isDict(v) { return v instanceof PyDict; }
function isList(v) { return v instanceof Array; }
function truthy(v) {
  if (v === null || v === undefined || v === false) return false;
  if (v === true) return true;
  if (typeof v == "number") return v != 0;
  if (v instanceof PyFloat) return v.v != 0;     // NaN is true, as in Python
  if (typeof v == "string" || v instanceof Array) return v.length > 0;
  if (v instanceof PyDict) return v.k.length > 0;
  return true;
}
function or(a, b) { return truthy(a) ? a : b; }
function pyEq(a, b) {
  var i;
  if (a === null || b === null) return a === b;
  if (typeof a == "boolean") a = a ? 1 : 0;
  if (typeof b == "boolean") b = b ? 1 : 0;
  if (isNum(a) && isNum(b)) return numv(a) == numv(b);
  if (typeof a == "string" || typeof b == "string") return same(a, b);
  if (isList(a) && isList(b)) {
    if (a.length != b.length) return false;
    for (i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (isDict(a) && isDict(b)) {
    if (a.k.length != b.k.length) return false;
    for (i = 0; i < a.k.length; i++) if (!b.has(a.k[i]) || !pyEq(a.get(a.k[i]), b.get(a.k[i]))) return false;
    return true;
  }
  return false;
}
function pyIn(v, list) { for (var i = 0; i < list.length; i++) if (pyEq(v, list[i])) return true; return false; }
function dget(d, key, dflt) { return isDict(d) ? d.get(key, dflt) : (dflt === undefined ? null : dflt); }
function pyInt(v) {                  // checks.rules._int: 0 and -1 are sentinels, never data
  if (!isNum(v)) return null;
  var x = numv(v);
  return x > 0 ? (x >= 0 ? Math.floor(x) : Math.ceil(x)) : null;
}

// ================================================================ facts: schema and model
function typeName(v) {
  var names = ["null", "boolean", "integer", "number", "string", "array", "object"], i;
  for (i = 0; i < names.length; i++) if (isType(v, names[i])) return names[i];
  return typeof v;
}
function isType(v, name) {
  if (name == "integer") return isInt(v) || (v instanceof PyFloat && isFinite(v.v) && Math.floor(v.v) == v.v);
  if (name == "number") return isNum(v);
  if (name == "string") return typeof v == "string";
  if (name == "boolean") return typeof v == "boolean";
  if (name == "null") return v === null;
  if (name == "array") return isList(v);
  if (name == "object") return isDict(v);
  return false;
}
// Schema problems as catalogue texts: the keys and values of checks/facts.py (_check, validate), so the
// clerk reads them in Chinese on the stick, worded as the CLI words them.
function fieldAt(path, what) { return new Msg("msg.at", {where: path || new Msg("facts.v.document"), what: what}); }
function joinPath(path, key) { return path ? path + "." + key : key; }
function kindMsg(name) {
  return pyIn(name, ["object", "array", "string", "integer", "number", "boolean", "null"]) ? new Msg("facts.type." + name) : name;
}
function anyOfMsg(names) {
  return names.length == 1 ? kindMsg(names[0]) : new Msg("facts.v.or", {a: kindMsg(names[0]), b: anyOfMsg(names.slice(1))});
}
// json.dumps of a scalar (ascii: ensure_ascii); lists and objects are shown by their kind only. Without
// ascii, what json.dumps leaves that a terminal would act on is escaped as checks.textio.safe_text does
// (DEL, C1, bidirectional and invisible characters): checks.facts._shown_json.
var JSON_SHORT = {"\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"};
function hex4(code) { var hex = code.toString(16); while (hex.length < 4) hex = "0" + hex; return hex; }
function unsafeShown(code) {
  return (code >= 0x80 && code <= 0x9f) || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) ||
         (code >= 0x2060 && code <= 0x2064) || (code >= 0x2066 && code <= 0x2069) || code == 0x2028 || code == 0x2029 ||
         code == 0xfeff;
}
function jsonShort(v, ascii) {
  var out = "\"", i, c, code;
  if (v === null) return "null";
  if (typeof v == "boolean") return v ? "true" : "false";
  if (isNum(v)) return pyStr(v);
  if (typeof v != "string") return isList(v) ? "[...]" : "{...}";
  for (i = 0; i < v.length; i++) {
    c = v.charAt(i); code = v.charCodeAt(i);
    if (JSON_SHORT.hasOwnProperty(c)) out += JSON_SHORT[c];
    else if (code < 0x20 || (ascii && code >= 0x7f) || (!ascii && unsafeShown(code))) out += "\\u" + hex4(code);
    else if (code == 0x7f) out += "\\x7f";
    else out += c;
  }
  return out + "\"";
}
function schemaCheck(value, sch, path, errors) {
  var i, errs, trials, best, names, ok, props, req, key, shown;
  if (sch.has("anyOf")) {
    trials = [];
    for (i = 0; i < sch.get("anyOf").length; i++) {
      errs = [];
      schemaCheck(value, sch.get("anyOf")[i], path, errs);
      if (!errs.length) return;
      if (!pyEq(sch.get("anyOf")[i].get("type"), "null")) trials.push(errs);
    }
    best = null;
    for (i = 0; i < trials.length; i++) if (best === null || trials[i].length < best.length) best = trials[i];
    if (best === null) best = [new Msg("msg.at", {where: path, what: new Msg("facts.v.null")})];
    for (i = 0; i < best.length; i++) errors.push(best[i]);
    return;
  }
  if (sch.has("const") && !pyEq(value, sch.get("const"))) {
    errors.push(fieldAt(path, new Msg("facts.v.const", {want: jsonShort(sch.get("const"), true),
                                                        got: jsonShort(value, true).substring(0, 60)})));
    return;
  }
  if (sch.has("enum") && !pyIn(value, sch.get("enum"))) {
    shown = [];
    for (i = 0; i < sch.get("enum").length; i++) shown.push(jsonShort(sch.get("enum")[i], false));
    errors.push(new Msg("msg.at", {where: path, what: new Msg("facts.v.enum", {
      got: jsonShort(value, false).substring(0, 60), valid: new Items(shown, "enum")})}));
    return;
  }
  if (sch.has("type")) {
    names = isList(sch.get("type")) ? sch.get("type") : [sch.get("type")];
    ok = false;
    for (i = 0; i < names.length; i++) if (isType(value, names[i])) ok = true;
    if (!ok) { errors.push(fieldAt(path, new Msg("facts.v.type", {want: anyOfMsg(names), got: kindMsg(typeName(value))}))); return; }
  }
  if (typeof value == "string" && pyLen(value) < numv(sch.get("minLength", 0)))
    errors.push(new Msg("msg.at", {where: path, what: new Msg("facts.v.empty")}));
  if (isDict(value)) {
    props = sch.get("properties", new PyDict());
    req = sch.get("required", []);
    for (i = 0; i < req.length; i++)
      if (!value.has(req[i])) errors.push(new Msg("msg.at", {where: joinPath(path, req[i]), what: new Msg("facts.v.required")}));
    for (i = 0; i < value.k.length; i++) {
      key = value.k[i];
      if (props.has(key)) schemaCheck(value.get(key), props.get(key), joinPath(path, key), errors);
      else if (sch.get("additionalProperties", true) === false)
        errors.push(new Msg("msg.at", {where: joinPath(path, key), what: new Msg("v.unknown_field", {
          hint: "", known: new Items(props.k, "enum")})}));
    }
  }
  if (isList(value) && sch.has("items"))
    for (i = 0; i < value.length; i++) schemaCheck(value[i], sch.get("items"), path + "[" + i + "]", errors);
}
var SCHEMA = null;
function validateFacts(doc) {
  var v = isDict(doc) && doc.has("schema_version") ? doc.get("schema_version") : 1;
  if (!isInt(v))     // never 1.0, "1" or true (checks.facts.validate)
    return [new Msg("msg.at", {where: "schema_version", what: new Msg("facts.v.version_kind", {
      n: 1, kind: v instanceof PyFloat ? new Msg("facts.kind.decimal") : kindMsg(typeName(v)),
      got: jsonShort(v, true).substring(0, 30)})})];
  if (v != 1) return [new Msg("msg.at", {where: "schema_version", what: new Msg("facts.v.version", {got: v, n: 1})})];
  if (SCHEMA === null) SCHEMA = parseJson(QP.schema, true);
  var errors = [];
  schemaCheck(doc, SCHEMA, "", errors);
  return errors;
}
var MISSING = {status: "failed", value: null, error: "not collected by this collector", source: null};
function Facts(doc) {
  this.host = doc.get("host");
  this.collector = doc.get("collector");
  this.collected_at = doc.get("collected_at");
  this.probes = doc.get("probes");
}
Facts.prototype.probe = function (name) {
  if (!this.probes.has(name)) return MISSING;
  var p = this.probes.get(name);
  return {status: p.get("status"), value: p.get("value"), error: p.get("error"), source: p.get("source")};
};
function observed(p) { return p.status == "observed"; }

// ================================================================ the rules (checks/rules.py, line by line)
function Check(id, level, status, obs, required, message, params, remedy) {
  this.id = id; this.level = level; this.status = status; this.observed = obs; this.required = required;
  this.message = message; this.params = params || {}; this.remedy = remedy || null;
}
// A catalogue text not rendered yet (checks.i18n.Msg): its key and values, shown by render() in a language;
// its English rendering is what verdict.json records (the text of record, as in the Python rules).
function Msg(key, params) { this.key = key; this.params = params || {}; }
// Texts shown together: "list" as separate items (a; b / a\uff1bb), "enum" as one enumeration (a, b / a\u3001b).
function Items(list, kind) { this.items = list; this.kind = kind || "list"; }
var SEPARATORS = {list: {zh: "\uff1b", en: "; "}, "enum": {zh: "\u3001", en: ", "}};
function render(v, lang) {
  var i, out = [];
  lang = lang || LANG;
  if (v instanceof Msg) return t(v.key, v.params, lang);
  if (v instanceof Items) {
    for (i = 0; i < v.items.length; i++)
      if (v.items[i] !== null && v.items[i] !== undefined && v.items[i] !== "") out.push(render(v.items[i], lang));
    return out.join(SEPARATORS[v.kind][lang] || SEPARATORS[v.kind].en);
  }
  if (v === null || v === undefined) return t("value.unknown", {}, lang);
  return pyStr(v);
}
// A Windows language id as a catalogue text (checks.humanize.language_msg): 2052 -> Simplified Chinese (2052).
function languageMsg(v) {
  if (typeof v == "string") {
    var s = pyStrip(v), n;
    if (!s) return null;
    n = pyInt16(s);
    if (n === null) return s;
    v = n;
  }
  if (!isInt(v)) return null;
  if (QP.texts.hasOwnProperty("lcid." + v)) return new Msg("value.lcid", {name: new Msg("lcid." + v), id: v});
  return new Msg("value.lcid_other", {id: v});
}
function strs(list) { var out = [], i; for (i = 0; i < list.length; i++) out.push(pyStr(list[i])); return out; }
function why(p) { return truthy(p.error) ? p.error : (p.status == "failed" ? "not collected" : p.status); }
// The cause of a failed probe (checks/causes.py: QP.causes, first match wins) and its advice.
function remedyKey(error) {
  var i;
  if (truthy(error)) for (i = 0; i < QP.causes.length; i++) if (pySearch(RX["causes"][i], error)) return "remedy.cause." + QP.causes[i];
  return "remedy.cause.unexplained";
}
function unknownCheck(id, level, required, p, what) {
  return new Check(id, level, "unknown", new Msg("obs.not_readable"), required, "probe_failed", {what: what, why: why(p)},
                   remedyKey(why(p)));
}
function notReported(id, level, obs, required, what) {
  return new Check(id, level, "unknown", obs, required, "probe_failed", {what: what, why: "not reported"},
                   remedyKey("not reported"));
}
function items(p) {
  var v = observed(p) ? p.value : [], out = [], i;
  if (!isList(v)) return [];
  for (i = 0; i < v.length; i++) if (isDict(v[i])) out.push(v[i]);
  return out;
}
var MIB = 1024 * 1024, GIB = 1024 * MIB;
function fmtBytes(n) {
  if (n >= GIB) return fixedAbs(n / GIB, 2) + " GB";
  return fixedAbs(n / MIB, 0) + " MB";
}
function sortedNumbers(list) { var c = list.slice(0); c.sort(function (a, b) { return a - b; }); return c; }
function uniq(list) { var out = [], i; for (i = 0; i < list.length; i++) if (!pyIn(list[i], out)) out.push(list[i]); return out; }

function ruleChassis(f, prm, level) {
  var required = new Msg("req.chassis"), p = f.probe("chassis"), i, types = [], system, model, k, obs, portable = [], odd = [];
  if (!observed(p) || !isDict(p.value)) return unknownCheck("chassis", level, required, p, new Msg("what.chassis"));
  var raw = or(p.value.get("types"), []);
  for (i = 0; i < raw.length; i++) if (isInt(raw[i])) types.push(raw[i]);
  obs = new Msg("obs.chassis", {types: types.length ? new Items(strs(types), "enum") : new Msg("obs.none_reported")});
  system = f.probe("system");
  if (observed(system) && isDict(system.value)) {
    var partsM = [];
    for (k = 0; k < 2; k++) partsM.push(pyStr(or(system.value.get(["manufacturer", "model"][k]), "")));
    model = pyStrip(partsM.join(" "));
    if (model) obs = new Msg("obs.also", {first: obs, then: model});
  }
  for (i = 0; i < types.length; i++) if (pyIn(types[i], prm.portable_types) && !pyIn(types[i], portable)) portable.push(types[i]);
  if (portable.length) return new Check("chassis", level, "fail", obs, required, "chassis.portable",
                                        {types: sortedNumbers(portable).join(", ")}, "remedy.chassis.portable");
  if (observed(system) && isDict(system.value) && system.value.get("virtual") === true)
    return new Check("chassis", level, "unknown", obs, required, "chassis.virtual", {}, "remedy.chassis.inspect");
  for (i = 0; i < types.length; i++) if (!pyIn(types[i], prm.desktop_types) && !pyIn(types[i], odd)) odd.push(types[i]);
  if (!types.length || odd.length)
    return new Check("chassis", level, "unknown", obs, required, "chassis.unclear",
                     {types: odd.length ? sortedNumbers(odd).join(", ") : "-"}, "remedy.chassis.inspect");
  var battery = f.probe("battery");
  if (observed(battery) && truthy(battery.value) && truthy(or(battery.value.get("batteries"), [])))
    return new Check("chassis", level, "warn", new Msg("obs.also", {first: obs, then: new Msg("obs.battery")}), required,
                     "chassis.battery", {},
                     "remedy.chassis.battery");
  return new Check("chassis", level, "pass", obs, required, "chassis.desktop", {});
}

function cpuNameMhz(name) {
  if (!truthy(name)) return null;
  var m = firstMatch(RX["cpu.ghz"][0], name);
  if (m) return pyRound(parseFloat(asciiDigits(m[1])) * 1000);
  m = firstMatch(RX["cpu.mhz"][0], name);
  return m ? parseInt(asciiDigits(m[1]), 10) : null;
}
// The first match (as Python's search finds it) and its groups.
function firstMatch(re, s) {
  var i = 0, m, c, p;
  while (i <= s.length) {
    re.lastIndex = i;
    m = re.exec(s);
    if (!m) return null;
    c = s.charCodeAt(m.index);
    if (m.index > 0 && c >= 0xDC00 && c <= 0xDFFF) {
      p = s.charCodeAt(m.index - 1);
      if (p >= 0xD800 && p <= 0xDBFF) { i = m.index + 1; continue; }
    }
    return m;
  }
  return null;
}
function newerThanP4(cpu) {
  var name = pyStr(or(cpu.get("name"), "")), family = cpu.get("family"), model = cpu.get("model");
  if (pySearch(RX["cpu.newer"][0], name)) return !pySearch(RX["cpu.p4"][0], name);
  var vendor = pyStr(or(cpu.get("manufacturer"), ""));
  if (isInt(family) && pyUpper(vendor).indexOf("AMD") >= 0) return family >= 15;
  if (isInt(family) && isInt(model)) return family == 6 && model >= 14;
  return false;
}
function ruleCpu(f, prm, level) {
  var floor = prm.min_mhz - prm.tolerance_mhz, required = new Msg("req.cpu", {mhz: prm.min_mhz});
  var p = f.probe("cpu");
  if (!observed(p) || !isDict(p.value)) return unknownCheck("cpu", level, required, p, new Msg("what.cpu"));
  var cpu = p.value, keys = ["name", "registry", "wmi", "current"];
  var vals = [cpuNameMhz(cpu.get("name")), pyInt(cpu.get("registry_mhz")), pyInt(cpu.get("max_clock_mhz")),
              pyInt(cpu.get("current_clock_mhz"))];
  var seen = [], i, best = null, bestSrc = null, text = [];
  for (i = 0; i < 4; i++) if (truthy(vals[i])) seen.push(i);
  for (i = 0; i < seen.length; i++) text.push(new Msg("obs.cpu.speed", {mhz: vals[seen[i]], source: new Msg("obs.cpu.src." + keys[seen[i]])}));
  var obs = new Msg("obs.cpu", {name: pyStrip(pyStr(or(cpu.get("name"), "?"))),
                                speeds: text.length ? new Items(text, "enum") : new Msg("obs.cpu.none")});
  if (!seen.length) return new Check("cpu", level, "unknown", obs, required, "cpu.no_speed", {}, "remedy.cause.not_available");
  for (i = 0; i < seen.length; i++) if (best === null || vals[seen[i]] > best) { best = vals[seen[i]]; bestSrc = keys[seen[i]]; }
  if (best >= floor) return new Check("cpu", level, "pass", obs, required, "cpu.ok", {mhz: best, source: bestSrc});
  if (newerThanP4(cpu)) return new Check("cpu", level, "warn", obs, required, "cpu.review", {mhz: best}, "remedy.cpu.review");
  if (bestSrc == "current") return new Check("cpu", level, "unknown", obs, required, "cpu.no_speed", {}, "remedy.cause.not_available");
  return new Check("cpu", level, "fail", obs, required, "cpu.slow", {mhz: best}, "remedy.cpu.slow");
}

function ruleMemory(f, prm, level) {
  var need = prm.min_bytes, margin = prm.shared_video_margin_bytes, required = new Msg("req.at_least", {size: fmtBytes(need)});
  var p = f.probe("memory");
  if (!observed(p) || !isDict(p.value)) return unknownCheck("memory", level, required, p, new Msg("what.memory"));
  var installed = pyInt(p.value.get("installed_bytes")), usable = pyInt(p.value.get("usable_bytes")), parts = [];
  if (installed) parts.push(new Msg("obs.memory.installed", {size: fmtBytes(installed)}));
  if (usable) parts.push(new Msg("obs.memory.usable", {size: fmtBytes(usable)}));
  var obs = parts.length ? new Msg("obs.list", {items: new Items(parts, "enum")}) : new Msg("obs.not_reported");
  if (installed) {
    if (installed >= need) return new Check("memory", level, "pass", obs, required, "memory.ok", {size: fmtBytes(installed)});
    return new Check("memory", level, "fail", obs, required, "memory.low", {size: fmtBytes(installed)}, "remedy.memory");
  }
  if (usable) {
    if (usable >= need) return new Check("memory", level, "pass", obs, required, "memory.ok", {size: fmtBytes(usable)});
    if (usable >= need - margin)
      return new Check("memory", level, "warn", obs, required, "memory.shared", {size: fmtBytes(usable)}, "remedy.memory.shared");
    return new Check("memory", level, "fail", obs, required, "memory.low", {size: fmtBytes(usable)}, "remedy.memory");
  }
  return notReported("memory", level, obs, required, new Msg("what.memory"));
}

function ruleDiskC(f, prm, level) {
  var need = prm.min_free_bytes, p = f.probe("disks"), osP = f.probe("os"), i;
  var windows = !(observed(osP) && isDict(osP.value) && !pyIn(osP.value.get("family"), ["windows", null]));
  var target = pyStr(prm.drive);
  if (!windows && observed(p) && isDict(p.value) && truthy(p.value.get("system_drive"))) target = pyStr(p.value.get("system_drive"));
  var required = new Msg("req.disk", {size: fmtBytes(need), drive: target});
  if (!observed(p) || !isDict(p.value)) return unknownCheck("disk_c", level, required, p, new Msg("what.disks"));
  var raw = or(p.value.get("drives"), []), drive = null, d;
  for (i = 0; i < raw.length; i++) {
    d = raw[i];
    if (!isDict(d)) continue;
    if (same(pyUpper(rstripChar(pyStr(d.get("id", "")), "\\")), pyUpper(target))) { drive = d; break; }
  }
  if (drive === null) return new Check("disk_c", level, "fail", new Msg("obs.disk.none", {drive: target}), required, "disk.missing",
                                       {drive: target}, "remedy.disk.missing");
  var free = drive.get("free_bytes");
  if (!isInt(free) || free < 0)
    return notReported("disk_c", level, new Msg("obs.disk.free_unknown", {drive: target}), required,
                       new Msg("what.disk_free", {drive: target}));
  var total = drive.get("total_bytes");
  var obs = isInt(total) ? new Msg("obs.disk.free_of", {drive: target, free: fmtBytes(free), total: fmtBytes(total)})
                         : new Msg("obs.disk.free", {drive: target, free: fmtBytes(free)});
  if (!pyIn(drive.get("type"), ["fixed", null])) {
    var kind = pyStr(drive.get("type"));
    var shown = QP.texts.hasOwnProperty("obs.disk.kind." + kind) ? new Msg("obs.disk.kind." + kind) : kind;
    return new Check("disk_c", level, "fail", new Msg("obs.disk.kind", {disk: obs, kind: shown}), required, "disk.not_fixed",
                     {drive: target}, "remedy.disk.missing");
  }
  if (free >= need) return new Check("disk_c", level, "pass", obs, required, "disk.ok", {drive: target, free: fmtBytes(free)});
  return new Check("disk_c", level, "fail", obs, required, "disk.low", {drive: target, free: fmtBytes(free)}, "remedy.disk.low");
}

function devices(id, probeName, f, level, required, what, isReal) {
  var p = f.probe(probeName), list, i, names = [], real = [], trues = 0, nones = 0;
  if (p.status == "failed") return unknownCheck(id, level, required, p, what);
  list = items(p);
  if (p.status == "absent" || !list.length)
    return new Check(id, level, "fail", new Msg("obs.none_of", {what: what}), required, id + ".none", {}, "remedy." + id);
  for (i = 0; i < list.length; i++) { real.push(isReal(list[i])); if (real[i] === true) trues++; if (real[i] === null) nones++; }
  for (i = 0; i < list.length && i < 4; i++)
    names.push(real[i] === false ? new Msg("obs.virtual", {name: pyStr(or(or(list[i].get("name"), list[i].get("id")), "?"))})
                                 : pyStr(or(or(list[i].get("name"), list[i].get("id")), "?")));
  var shown = new Msg("obs.items", {items: new Items(names, "list")});
  if (trues) return new Check(id, level, "pass", shown, required, id + ".ok", {count: trues});
  if (nones) return new Check(id, level, "unknown", shown, required, id + ".unclear", {}, "remedy." + id);
  return new Check(id, level, id == "network" ? "fail" : "warn", shown, required, id + ".virtual", {}, "remedy." + id);
}
function driveText(d) {
  var keys = ["name", "id", "manufacturer", "description", "caption"], out = [], i;
  for (i = 0; i < keys.length; i++) out.push(pyStr(or(d.get(keys[i]), "")));
  return out.join(" ");
}
function ruleOptical(f, prm, level) {
  return devices("optical_drive", "optical_drives", f, level, new Msg("req.optical_drive"), new Msg("what.optical_drive"),
                 function (d) {
                   if (d.get("virtual") === true) return false;
                   return !(RX["optical_drive.virtual_drives"].length && searchAny(RX["optical_drive.virtual_drives"], driveText(d)));
                 });
}
function ruleNetwork(f, prm, level) {
  return devices("network", "network_adapters", f, level, new Msg("req.network"), new Msg("what.network"),
                 function (d) { return typeof d.get("physical") == "boolean" ? d.get("physical") : null; });
}
function ruleUsb(f, prm, level) {
  return devices("usb", "usb_controllers", f, level, new Msg("req.usb"), new Msg("what.usb"), function () { return true; });
}

function winName(v, dflt) { return QP.win_names.hasOwnProperty(v) ? QP.win_names[v] : dflt; }
function ruleOs(f, prm, level) {
  var i, vs = [], langs = [];
  for (i = 0; i < prm.versions.length; i++) vs.push(winName(prm.versions[i], prm.versions[i]));
  for (i = 0; i < prm.language_ids.length; i++) langs.push(languageMsg(prm.language_ids[i]));
  var required = new Msg("req.os", {versions: new Items(vs, "enum"),
                                    languages: langs.length ? new Items(langs, "enum") : new Msg("req.os.any_language")});
  var p = f.probe("os");
  if (!observed(p) || !isDict(p.value)) return unknownCheck("os", level, required, p, new Msg("what.os"));
  var o = p.value, family = o.get("family"), version = pyStr(or(o.get("version"), ""));
  var caption = pyStrip(pyStr(or(or(o.get("caption"), family), "?")));
  var lang = o.get("language_id"), installLang = o.get("install_language"), cp = o.get("code_page");
  var obs = new Msg("obs.os", {system: pyStrip(caption + " " + version + " " + pyStr(or(o.get("service_pack"), ""))),
                               lang: languageMsg(lang !== null && lang !== undefined ? lang : installLang), cp: cp});
  if (!pyIn(family, prm.families)) return new Check("os", level, "fail", obs, required, "os.family", {family: family}, "remedy.os.version");
  if (family == "windows") {
    var majorMinor = version.split(".").slice(0, 2).join(".");
    if (!version) return notReported("os", level, obs, required, new Msg("what.windows_version"));
    if (!pyIn(majorMinor, prm.versions))
      return new Check("os", level, "fail", obs, required, "os.version", {name: winName(majorMinor, caption)}, "remedy.os.version");
  }
  var wanted = prm.language_ids;
  if (!wanted.length) return new Check("os", level, "pass", obs, required, "os.ok", {name: caption});
  if (isInt(lang)) {
    if (pyIn(lang, wanted)) return new Check("os", level, "pass", obs, required, "os.ok", {name: caption});
    return new Check("os", level, "fail", obs, required, "os.language", {lang: languageMsg(lang), cp: cp}, "remedy.os.language");
  }
  if (typeof installLang == "string" && pyStrip(installLang)) {
    var id = pyInt16(pyStrip(installLang));
    if (id === null) id = -1;
    if (pyIn(id, wanted)) return new Check("os", level, "pass", obs, required, "os.ok", {name: caption});
    return new Check("os", level, "fail", obs, required, "os.language", {lang: languageMsg(installLang), cp: cp}, "remedy.os.language");
  }
  return new Check("os", level, "unknown", obs, required, "os.language_unknown", {cp: cp}, "remedy.cause.not_available");
}

function programTexts(p) {
  var list = items(p), out = [], i;
  for (i = 0; i < list.length; i++)
    out.push([pyStr(list[i].get("name")), pyStr(list[i].get("name")) + " " + pyStr(or(list[i].get("publisher"), ""))]);
  return out;
}
function matchTexts(list, texts) {            // checks.rules._match
  var found = [], i;
  if (!list.length) return found;
  for (i = 0; i < texts.length; i++) if (searchAny(list, texts[i]) && !pyIn(texts[i], found)) found.push(texts[i]);
  return found;
}

function avState(product) {                 // checks.rules.software._state
  var on = product.get("enabled"), current = product.get("up_to_date");
  return new Msg("obs.av.state", {name: pyStr(or(product.get("name"), "?")),
                                  state: new Msg(on === true ? "obs.av.on" : on === false ? "obs.av.off" : "obs.av.unreported"),
                                  current: current === true ? new Msg("obs.av.current") : current === false ? new Msg("obs.av.outdated") : ""});
}
function avNames(products) {
  var out = [], i;
  for (i = 0; i < products.length; i++) out.push(pyStr(or(products[i].get("name"), "?")));
  return out.join(", ");
}
function ruleAntivirus(f, prm, level) {
  var required = new Msg("req.antivirus"), sc = f.probe("security_center"), progs = f.probe("programs");
  var products = items(sc), texts = programTexts(progs), hits = [], on = [], off = [], unsure = [], st = [], i;
  for (i = 0; i < texts.length; i++) if (RX["antivirus.vendors"].length && searchAny(RX["antivirus.vendors"], texts[i][1])) hits.push(texts[i][0]);
  var byProgram = new Msg("obs.av.from_programs", {names: new Items(hits.slice(0, 3), "list")});
  for (i = 0; i < products.length; i++) {
    var e = products[i].get("enabled");
    if (e === true) on.push(products[i]); else if (e === false) off.push(products[i]); else unsure.push(products[i]);
    st.push(avState(products[i]));
  }
  var states = new Msg("obs.av.from_sc", {states: new Items(st, "list")});
  if (on.length) {
    var current = [];
    for (i = 0; i < on.length; i++) if (on[i].get("up_to_date") !== false) current.push(on[i]);
    if (current.length) return new Check("antivirus", level, "pass", states, required, "antivirus.ok",
                                         {names: avNames(current), source: new Msg("src.security_center")});
    return new Check("antivirus", level, "warn", states, required, "antivirus.outdated", {names: avNames(on)},
                     "remedy.antivirus.outdated");
  }
  if (unsure.length) {
    if (hits.length) return new Check("antivirus", level, "pass", new Msg("obs.items", {items: new Items([states, byProgram], "list")}),
                                      required, "antivirus.ok", {names: hits.slice(0, 3).join(", "), source: new Msg("src.programs")});
    if (progs.status == "failed") return unknownCheck("antivirus", level, required, progs, new Msg("what.programs"));
    return new Check("antivirus", level, "unknown", states, required, "antivirus.state_unknown", {names: avNames(unsure)},
                     "remedy.antivirus.state_unknown");
  }
  if (off.length) return new Check("antivirus", level, "fail", states, required, "antivirus.disabled", {names: avNames(off)},
                                   "remedy.antivirus.disabled");
  if (hits.length) return new Check("antivirus", level, "pass", byProgram, required, "antivirus.ok",
                                    {names: hits.slice(0, 3).join(", "), source: new Msg("src.programs")});
  if (sc.status == "absent" && (progs.status == "observed" || progs.status == "absent"))
    return new Check("antivirus", level, "fail", new Msg("obs.av.none"), required,
                     "antivirus.none", {}, "remedy.antivirus");
  var failed = sc.status == "failed" ? sc : progs;
  return new Check("antivirus", level, "unknown", new Msg("obs.av.unknown", {why: why(sc)}), required,
                   "antivirus.unknown", {why: why(failed)}, remedyKey(why(failed)));
}

function ruleClock(f, prm, level) {
  var required = new Msg("req.clock", {s: pyG(prm.warn_seconds, false), tz: pyG(prm.utc_offset_minutes / 60, true)});
  var p = f.probe("clock");
  if (!observed(p) || !isDict(p.value)) return unknownCheck("clock", level, required, p, new Msg("what.clock"));
  var c = p.value, manual = p.source == QP.manual_source;
  var margin = manual ? (prm.manual_margin_seconds === undefined ? 0 : prm.manual_margin_seconds) : 0;
  // A reading without a finite offset is not a measurement: never a PASS (as checks/rules/software.py).
  var raw = c.get("offset_seconds");
  var valid = isNum(raw) && isFinite(numv(raw));
  var offset = valid ? numv(raw) : 0;
  var tz = c.has("utc_offset_minutes") ? c.get("utc_offset_minutes") : dget(f.collected_at, "utc_offset_minutes");
  var server = c.get("server");
  var obs = manual ? new Msg(valid ? "obs.clock.manual" : "obs.clock.manual_none",
                             {offset: pyFixedSigned(offset, 1), margin: pyG(margin, false)})
                   : new Msg(valid ? "obs.clock" : "obs.clock.none",
                             {offset: pyFixedSigned(offset, 1),
                              server: server == "evaluator" ? new Msg("obs.clock.evaluator")
                                      : truthy(server) ? pyStr(server) : new Msg("obs.clock.reference")});
  if (tz !== null) obs = new Msg("obs.clock.tz", {clock: obs, tz: pyG(numv(tz) / 60, true)});
  if (tz !== null && !pyEq(tz, prm.utc_offset_minutes))
    return new Check("clock", level, "fail", obs, required, "clock.tz", {tz: "UTC" + pyG(numv(tz) / 60, true)}, "remedy.clock.tz");
  var localDate = c.get("local_date"), shDate = c.get("shanghai_date");
  if (truthy(localDate) && truthy(shDate) && !pyEq(localDate, shDate))
    return new Check("clock", level, "fail", new Msg("obs.clock.date", {clock: obs, local: localDate, real: shDate}), required, "clock.date",
                     {local: localDate, real: shDate}, "remedy.clock");
  if (!valid) return notReported("clock", level, obs, required, new Msg("what.clock_offset"));
  var offKey = manual ? "clock.off_manual" : "clock.off", okKey = manual ? "clock.ok_manual" : "clock.ok";
  var params = function (digits) {
    var o = {offset: pyFixedSigned(offset, digits)};
    if (manual) o.margin = pyG(margin, false);
    return o;
  };
  if (Math.abs(offset) > prm.fail_seconds + margin) return new Check("clock", level, "fail", obs, required, offKey, params(0), "remedy.clock");
  if (Math.abs(offset) > prm.warn_seconds + margin) return new Check("clock", level, "warn", obs, required, offKey, params(0), "remedy.clock");
  return new Check("clock", level, "pass", obs, required, okKey, params(1));
}

function ruleDedicated(f, prm, level) {
  var required = new Msg("req.dedicated"), p = f.probe("programs"), i, j, found = [], texts;
  if (p.status == "failed") return unknownCheck("dedicated", level, required, p, new Msg("what.programs"));
  texts = programTexts(p);
  var all = [], only = [];
  for (i = 0; i < texts.length; i++) only.push(texts[i][1]);
  var suspects = matchTexts(RX["dedicated.software"], only);
  for (j = 0; j < prm.software.length; j++)
    for (i = 0; i < texts.length; i++)
      if (pyIn(texts[i][1], suspects) && pySearch(RX["dedicated.software"][j], texts[i][1]))
        found.push(prm.software[j].name + ": " + texts[i][0]);
  if (found.length) {
    var top = found.slice(0, 5).join("; ");
    return new Check("dedicated", level, "warn", top, required, "dedicated.found", {names: found.slice(0, 5).join(", ")},
                     "remedy.dedicated");
  }
  return new Check("dedicated", level, "pass", new Msg("obs.none_found"), required, "dedicated.ok", {});
}

function signatures(f, id, prm) {
  var evidence = [], failed = [], i, progs = f.probe("programs"), texts = [], list, found;
  if (progs.status == "failed") failed.push(progs);
  list = programTexts(progs);
  for (i = 0; i < list.length; i++) texts.push(list[i][1]);
  found = matchTexts(RX[id + ".programs"], texts);
  for (i = 0; i < found.length; i++) evidence.push(new Msg("obs.program", {name: found[i]}));
  if (prm.services !== undefined) {
    var svc = f.probe("services"), stexts = [], sl = items(svc);
    if (svc.status == "failed") failed.push(svc);
    for (i = 0; i < sl.length; i++)
      stexts.push(pyStr(sl[i].get("name")) + " " + pyStr(or(sl[i].get("display_name"), "")) + " " + pyStr(or(sl[i].get("path"), "")));
    found = matchTexts(RX[id + ".services"], stexts);
    for (i = 0; i < found.length; i++) evidence.push(new Msg("obs.service", {name: pyStrip(found[i])}));
  }
  var wanted = QP.lower_paths[id], paths = f.probe("paths");
  if (wanted.length) {
    if (paths.status == "failed") failed.push(paths);
    var pl = items(paths);
    for (i = 0; i < pl.length; i++)
      if (pl[i].get("exists") === true && pyIn(pyLower(pyStr(pl[i].get("path"))), wanted))
        evidence.push(new Msg("obs.folder", {name: pyStr(pl[i].get("path"))}));
  }
  return {evidence: evidence, failed: failed};
}
function ruleLongda(f, prm, level) {
  var required = new Msg("req.longda");
  if (!(prm.programs.length || prm.services.length || prm.paths.length))
    return new Check("longda", level, "unknown", new Msg("obs.no_signatures"), required, "longda.no_signatures", {}, "remedy.profile.longda");
  var s = signatures(f, "longda", prm);
  if (s.evidence.length) {
    var top = new Items(s.evidence.slice(0, 4), "list");
    return new Check("longda", level, "fail", new Msg("obs.items", {items: top}), required, "longda.found", {evidence: top},
                     "remedy.longda");
  }
  if (s.failed.length) return unknownCheck("longda", level, required, s.failed[0], new Msg("what.longda"));
  return new Check("longda", level, "pass", new Msg("obs.none_found"), required, "longda.ok", {});
}
function ruleRoadPort(f, prm, level) {
  var required = new Msg("req.road_port"), s = signatures(f, "road_port", prm);
  if (s.evidence.length)
    return new Check("road_port", level, "pass", new Msg("obs.items", {items: new Items(s.evidence.slice(0, 3), "list")}), required,
                     "road_port.found", {});
  if (s.failed.length) return unknownCheck("road_port", level, required, s.failed[0], new Msg("what.road_port"));
  return new Check("road_port", level, "pass", new Msg("obs.not_installed"), required, "road_port.absent", {});
}

var RULES = {chassis: ruleChassis, cpu: ruleCpu, memory: ruleMemory, disk_c: ruleDiskC, optical_drive: ruleOptical,
             network: ruleNetwork, usb: ruleUsb, os: ruleOs, antivirus: ruleAntivirus, clock: ruleClock,
             dedicated: ruleDedicated, longda: ruleLongda, road_port: ruleRoadPort};

function judge(f) {
  var checks = [], i, id, prm, level, check, must = [];
  for (i = 0; i < QP.order.length; i++) {
    id = QP.order[i];
    prm = QP.profile.rules[id];
    level = prm.level;
    if (level == "off") continue;
    try {
      check = RULES[id](f, prm, level);
    } catch (x) {
      check = new Check(id, level, "unknown", new Msg("obs.unreadable", {kind: describe(id, x)}), new Msg("req.none"),
                        "probe_failed", {what: new Msg("rule." + id), why: describe(id, x)}, "remedy.cause.unexplained");
    }
    if (level == "recommended" && check.status == "fail") check.status = "warn";
    checks.push(check);
    if (level == "must") must.push(check.status);
  }
  var verdict = "ready";
  for (i = 0; i < must.length; i++) if (must[i] == "unknown") verdict = "undetermined";
  for (i = 0; i < must.length; i++) if (must[i] == "fail") verdict = "not_ready";
  return {verdict: verdict, checks: checks};
}

// ================================================================ words and the report
var LANG = "zh";
// A parameter as checks.i18n.t shows it: a Msg, Items or None in the language, anything else as Python's str().
function shownParam(v, lang) {
  return (v instanceof Msg || v instanceof Items || v === null || v === undefined) ? render(v, lang) : pyStr(v);
}
function t(key, params, lang) {
  var texts = QP.texts[key], template, out = "", re = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g, m, last = 0;
  if (!texts) return key;
  template = texts[lang || LANG] || texts.en;
  params = params || {};
  while ((m = re.exec(template)) !== null) {
    if (!params.hasOwnProperty(m[1])) return template;     // Python: a missing parameter leaves the template
    out += template.substring(last, m.index) + shownParam(params[m[1]], lang);
    last = m.index + m[0].length;
  }
  return out + template.substring(last);
}
// Display width: East Asian wide and full-width characters take two columns (QP.tables.wide).
function width(s) {
  var cps = codePoints(s), w = 0, i, j, wide;
  for (i = 0; i < cps.length; i++) {
    wide = false;
    for (j = 0; j < QP.tables.wide.length; j++) if (cps[i] >= QP.tables.wide[j][0] && cps[i] <= QP.tables.wide[j][1]) { wide = true; break; }
    w += wide ? 2 : 1;
  }
  return w;
}
function padTo(s, n) { var w = width(s); while (w++ < n) s += " "; return s; }
// Marks a Chinese (GBK) console can show: the Python report's check marks are not in GBK.
var MARKS = {pass: "\u221a", warn: "!", fail: "\u00d7", unknown: "?"};

function clockSource(j, f) {
  var p = f.probe("clock"), i, margin = "?";
  if (!observed(p) || !isDict(p.value)) return t("clock.source.none", {why: truthy(p.error) ? p.error : p.status});
  var server = pyStr(or(p.value.get("server"), "?")), source = truthy(p.source) ? p.source : "";
  if (source == QP.manual_source) {
    for (i = 0; i < j.checks.length; i++) if (j.checks[i].id == "clock" && j.checks[i].params.margin !== undefined) margin = j.checks[i].params.margin;
    return t("clock.source.manual", {margin: margin});
  }
  if (source == "sntp" || source == "w32tm" || source == "evaluator") return t("clock.source." + source, {server: server});
  return t("clock.source.other", {source: pyStrip((source || "?") + " " + server)});
}

// When the facts were collected, for people (checks.humanize.collected): 2026-11-30 09:12 (Beijing time).
function collectedText(f) {
  var local = dget(f.collected_at, "local", null), offset = dget(f.collected_at, "utc_offset_minutes", null), shown;
  if (typeof local != "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(local)) return local === null ? t("value.unknown") : pyStr(local);
  shown = local.substring(0, 10) + " " + local.substring(11, 16);
  if (!isInt(offset)) return shown;
  if (offset == 480) return t("value.beijing_time", {time: shown});
  return t("value.local_time", {time: shown, offset: pyG(offset / 60, true)});
}
function reportLines(j, f) {
  var lines = [t("report.title"), t("report.host") + t("punct.colon") + f.host + "    " + t("report.profile") + t("punct.colon") + QP.profile.name +
               "    " + t("report.collected") + t("punct.colon") + collectedText(f),
               t("clock.source") + t("punct.colon") + clockSource(j, f), ""];
  var names = {}, nameW = 10, statusW = 0, i, c, s, statuses = ["pass", "warn", "fail", "unknown"];
  for (i = 0; i < j.checks.length; i++) {
    c = j.checks[i];
    names[c.id] = t("rule." + c.id) + (c.level != "must" ? t("report.level." + c.level) : "");
    if (i == 0 || width(names[c.id]) > nameW) nameW = width(names[c.id]);
  }
  for (i = 0; i < statuses.length; i++) statusW = Math.max(statusW, width(t("status." + statuses[i])));
  var indent = "";
  while (indent.length < statusW + 4 + nameW) indent += " ";
  for (i = 0; i < j.checks.length; i++) {
    c = j.checks[i];
    s = t("status." + c.status);
    lines.push(MARKS[c.status] + " " + padTo(s, statusW) + "  " + padTo(names[c.id], nameW) + "  " + t(c.message, c.params));
    lines.push(indent + t("report.observed") + t("punct.colon") + render(c.observed));
    if (c.status != "pass" && c.remedy) lines.push(indent + "\u2192 " + t(c.remedy, c.params));
  }
  lines.push("");
  lines.push("== " + t("verdict." + j.verdict) + " ==");
  return lines;
}

function verdictDocument(j, f) {
  var checks = [], i, now = new Date();
  for (i = 0; i < j.checks.length; i++)
    checks.push({id: j.checks[i].id, status: j.checks[i].status, level: j.checks[i].level,
                 message: j.checks[i].message, observed: render(j.checks[i].observed, "en")});
  return {schema: "qpfleet.verdict", schema_version: 1, host: f.host, verdict: j.verdict, checks: checks,
          profile: QP.profile.name, profile_sha256: QP.profile.sha256, judged_at: localIso(now),
          utc_offset_minutes: -now.getTimezoneOffset(), judged_by: "qpfleet kit evaluator " + EVALUATOR_VERSION,
          clock_source: f.probe("clock").source || null};
}

var VERDICT_EXIT = {ready: 0, not_ready: 1, undetermined: 3};

// Judge a facts document's text; {error} when it is not a valid facts document.
function judgeText(text) {
  var doc, errors;
  try { doc = parseJson(pyStrip(text), true); } catch (x) {
    if (x instanceof JsonError) return {error: new Msg("io.json.not", {what: new Msg("file.facts JSON document"), detail: x.message})};
    throw x;
  }
  errors = validateFacts(doc);
  if (errors.length > 5) errors = errors.slice(0, 5).concat([new Msg("facts.v.more", {n: errors.length - 5})]);
  if (errors.length) return {error: new Items(errors, "list")};
  var f = new Facts(doc);
  return {facts: f, judgement: judge(f)};
}

// ================================================================ reading text files (any encoding we write)
function fileText(path) {
  if (!fso.FileExists(path)) throw new Failure("file not found: " + path);
  var size = fso.GetFile(path).Size;
  if (size == 0) return "";
  var t = fso.OpenTextFile(path, 1, false, 0), head = t.Read(Math.min(size, 3));
  t.Close();
  if (head.charCodeAt(0) == 0xFF && head.charCodeAt(1) == 0xFE) { t = fso.OpenTextFile(path, 1, false, -1); head = t.ReadAll(); t.Close(); return head.charCodeAt(0) == 0xFEFF ? head.substring(1) : head; }
  return utf8(path, size);
}
// UTF-8 (with or without BOM) through the byte reader; ASCII files read the same either way.
function utf8(path, size) {
  var ascii = readAscii(path), i, ok = true;
  for (i = 0; i < ascii.length; i++) if (ascii.charCodeAt(i) > 127) { ok = false; break; }
  if (ok) return ascii;
  var bytes = fileBytes(path), out = "", b, n, cp, k;
  i = bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
  for (; i < bytes.length; i++) {
    b = bytes[i];
    if (b < 0x80) { out += String.fromCharCode(b); continue; }
    n = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
    if (n < 0) throw new Failure(path + ": not UTF-8 text");
    cp = b & (0x3F >> n);
    for (k = 0; k < n; k++) { b = bytes[++i]; if ((b & 0xC0) != 0x80) throw new Failure(path + ": not UTF-8 text"); cp = cp * 64 + (b & 0x3F); }
    out += fromCodePoint(cp);
  }
  return out;
}

// ================================================================ the USB kit's self-check steps
function kitFolder() { return fso.GetParentFolderName(fso.GetParentFolderName(WScript.ScriptFullName)); }
function kitPath(rel) { return fso.BuildPath(kitFolder(), rel.replace(/\//g, "\\")); }
function hostName() { return env("COMPUTERNAME") || "UNKNOWN-HOST"; }
// What kit:collect hands to kit:judge (a second cscript, after cmd asked for the time); removed by judge.
function statePath() { return fso.BuildPath(fso.GetSpecialFolder(2).Path, "qpfleet-kit-" + hostName() + ".json"); }

function loadSettings() {
  var s = parseJson(readAscii(kitPath("qpfleet/settings.json")), false);
  if (s.schema != "qpfleet.install-settings" || s.schema_version != 1) throw new Failure("not an install-settings document, version 1");
  return s;
}

function runCollector(paths) {
  var out = tempFile(".json"), err = tempFile(".err"), text = "", problem = "";
  try {
    shell.Run("%ComSpec% /c cscript //nologo \"" + kitPath("qpfleet/collect_facts.js") + "\" \"/paths:" + paths.join("|") +
              "\" > \"" + out + "\" 2> \"" + err + "\"", 0, true);
    if (fso.FileExists(out) && fso.GetFile(out).Size) text = readAscii(out);
    if (fso.FileExists(err) && fso.GetFile(err).Size) problem = readAscii(err).replace(/\s+/g, " ");
  } finally {
    deleteQuietly(out);
    deleteQuietly(err);
  }
  try { return parseJson(text, false); } catch (x) {
    throw new Failure((problem || text.replace(/\s+/g, " ")).substring(0, 200) || "no output");
  }
}

function isoDate(y, m, d) { return y + "-" + pad2(m) + "-" + pad2(d); }
function utcIso(ms) {
  var d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) + "T" + pad2(d.getUTCHours()) + ":" +
         pad2(d.getUTCMinutes()) + ":" + pad2(d.getUTCSeconds()) + "+00:00";
}
function shanghaiDate(utcMs) { var d = new Date(utcMs + 8 * 3600000); return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()); }
function round3(x) { return Math.round(x * 1000) / 1000; }

function clockValue(offset, server, refMs, now, doc) {
  return {offset_seconds: round3(offset), server: server, rtt_seconds: null, reference_utc: utcIso(refMs),
          utc_offset_minutes: -now.getTimezoneOffset(), tz_name: doc.collected_at ? doc.collected_at.tz_name || null : null,
          local_date: isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate()), shanghai_date: shanghaiDate(refMs)};
}

// w32tm /stripchart: each data line "HH:MM:SS, +00.0123456s" is the server's time minus ours; the
// rest of the output is localised and ignored. {probe} when measured, else {why}.
function w32tmClock(clock, doc) {
  var W32TM_LINE = new RegExp("^\\s*\\d{1,2}:\\d{2}:\\d{2},\\s*([+-]?\\d+(?:\\.\\d+)?)s\\s*$");
  if (!clock || !clock.ntp_server) return {why: "no NTP server in the kit's settings"};
  var samples = clock.w32tm_samples || 3, res, lines, i, m, offsets = [], other = "";
  res = runCapture("w32tm /stripchart /computer:" + clock.ntp_server + " /dataonly /samples:" + samples, false);
  lines = res.text.split(/\r?\n/);
  for (i = 0; i < lines.length; i++) {
    m = W32TM_LINE.exec(lines[i]);
    if (m) offsets.push(Number(m[1]));
    else if (!other && new RegExp("error|0x8|not recognized|\u4e0d\u662f", "i").test(lines[i])) other = lines[i].replace(/^\s+|\s+$/g, "");
  }
  if (!offsets.length)
    return {why: "no answer from NTP server " + clock.ntp_server + " (w32tm exit code " + res.rc + (other ? ": " + other.substring(0, 120) : "") + ")"};
  offsets.sort(function (a, b) { return a - b; });
  var median = offsets.length % 2 ? offsets[(offsets.length - 1) / 2]
                                  : (offsets[offsets.length / 2 - 1] + offsets[offsets.length / 2]) / 2;
  var now = new Date();
  return {probe: {status: "observed", source: "w32tm",
                  value: clockValue(-median, clock.ntp_server, now.getTime() + median * 1000, now, doc)}};
}

// Beijing time typed from a phone: "2026-12-01 10:05", "2026/12/1 10:05:30", or with Chinese date words.
// Typed to the minute, the middle of that minute is taken.
function parseTyped(text) {
  var groups = asciiDigits(text).match(/\d+/g) || [], n = [], i;
  for (i = 0; i < groups.length; i++) n.push(parseInt(groups[i], 10));
  if (n.length < 5 || n.length > 6 || groups[0].length != 4) return null;
  var y = n[0], mo = n[1], d = n[2], h = n[3], mi = n[4], s = n.length == 6 ? n[5] : 30;
  var ms = Date.UTC(y, mo - 1, d, h, mi, s), check = new Date(ms);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || check.getUTCDate() != d) return null;
  return {utcMs: ms - 8 * 3600000, seconds: n.length == 6};
}

function notMeasured(why) { return {status: "failed", value: null, error: "not measured: " + why, source: "kit"}; }

function kitCollect() {
  say(t("kit.title"));
  say(t("kit.verifying"));
  var bad = manifestProblem(kitFolder(), true);
  if (bad) { say(t("kit.tampered", {file: bad})); return 2; }
  var settings;
  try { settings = loadSettings(); } catch (x) { say(t("kit.settings_invalid", {why: x.message || describe("settings", x)})); return 2; }
  say(t("kit.collecting"));
  var doc;
  try { doc = runCollector(settings.paths || []); } catch (x) { say(t("kit.collector_failed", {why: x.message})); return 2; }
  var clock = w32tmClock(settings.clock, doc), state = {facts: doc, measured: !!clock.probe, why: clock.why || null};
  if (clock.probe) doc.probes.clock = clock.probe;
  writeAscii(statePath(), toJson(state, ""));
  if (clock.probe) { say(t("kit.clock_w32tm", {server: settings.clock.ntp_server})); return 0; }
  say(t("kit.ask_time"));
  return 10;
}

function kitJudge() {
  var path = statePath(), state, doc, typed, parsed, asked = Number(argValue("asked") || 0);
  if (!fso.FileExists(path)) { say(t("kit.no_state")); return 2; }
  state = parseJson(readAscii(path), false);
  doc = state.facts;
  if (!state.measured) {
    typed = env("QP_TIME");
    parsed = typed ? parseTyped(typed) : null;
    if (typed && !parsed && asked < 3) {
      say(t("kit.typed_unreadable", {text: typed}));
      say(t("kit.ask_time"));
      return 11;
    }
    if (parsed) {
      var now = new Date(), value = clockValue((now.getTime() - parsed.utcMs) / 1000, "manual", parsed.utcMs, now, doc);
      value.typed = typed;
      value.precision_seconds = parsed.seconds ? 1 : 60;
      doc.probes.clock = {status: "observed", value: value, source: QP.manual_source};
      say(t("kit.typed_used", {typed: typed}));
    } else {
      doc.probes.clock = notMeasured((state.why || "no NTP answer") + "; no Beijing time typed" +
                                     (typed ? " (\"" + typed + "\" could not be read)" : " (no console input)"));
      say(t("kit.no_time"));
    }
  }
  var text = toJson(doc, ""), dir = kitPath("results/" + hostName()), saved = true, why = "";
  try { ensureFolder(dir); writeAscii(fso.BuildPath(dir, "facts.json"), text); } catch (x) { saved = false; why = describe("results", x); }
  var r = judgeText(text);
  if (r.error) { say(t("kit.facts_invalid", {why: r.error})); return 2; }
  var lines = reportLines(r.judgement, r.facts), i;
  say("");
  for (i = 0; i < lines.length; i++) say(lines[i]);
  say("");
  if (saved) {
    try { writeAscii(fso.BuildPath(dir, "verdict.json"), toJson(verdictDocument(r.judgement, r.facts), "")); }
    catch (x) { saved = false; why = describe("verdict.json", x); }
  }
  say(saved ? t("kit.saved", {path: dir}) : t("kit.cannot_save", {why: why}));
  deleteQuietly(path);
  return VERDICT_EXIT[r.judgement.verdict];
}

// Judge facts files given on the command line (the conformance test, an engineer's own files).
function judgeFiles() {
  var files = argValues("facts"), out = argValue("out"), quiet = hasArg("quiet"), code = 0, i, text, r, lines, k, target;
  for (i = 0; i < files.length; i++) {
    try { text = fileText(files[i]); } catch (x) { say(files[i] + ": " + (x.message || describe("read", x))); code = 2; continue; }
    r = judgeText(text);
    if (r.error) { say(files[i] + ": " + t("kit.facts_invalid", {why: r.error})); code = 2; continue; }
    if (!quiet) { lines = reportLines(r.judgement, r.facts); for (k = 0; k < lines.length; k++) say(lines[k]); }
    if (out) {
      target = files.length > 1 ? fso.BuildPath(out, fso.GetBaseName(files[i]) + ".verdict.json") : out;
      if (files.length > 1) ensureFolder(out);
      writeAscii(target, toJson(verdictDocument(r.judgement, r.facts), ""));
    }
    if (files.length == 1) code = VERDICT_EXIT[r.judgement.verdict];
  }
  return code;
}

function evaluatorMain() {
  if (jscriptTooOld()) { print(tooOldMessage()); return 2; }   // Windows 2000 with JScript 5.1: one line
  fso = new ActiveXObject("Scripting.FileSystemObject");
  if (argValue("lang") == "en" || argValue("lang") == "zh") LANG = argValue("lang");
  try {
    buildRegexes();
    var step = argValue("kit");
    if (step == "collect") return kitCollect();
    if (step == "judge") return kitJudge();
    if (!argValues("facts").length) { say("usage: cscript //nologo evaluate.js /facts:FILE [/out:FILE] [/lang:zh|en]"); return 2; }
    return judgeFiles();
  } catch (x) {
    say(t("kit.internal", {why: x instanceof Failure ? x.message : describe("evaluate.js", x)}));
    return 70;
  }
}

WScript.Quit(evaluatorMain());
