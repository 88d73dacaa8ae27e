// A recorded Windows for the WSH scripts under Wine (test support; see recorded_windows.py).
//
// Prepended, with "var RECORDED = {...};", to an assembled script. Function declarations are hoisted
// and shadow JScript's built-ins for the whole file: ActiveXObject (WScript.Shell, SWbemLocator,
// SWbemNamedValueSet, Scripting.FileSystemObject), Enumerator, VBArray and the ScriptEngine*Version
// functions answer from RECORDED instead of from Wine. Written without push/call/apply/hasOwnProperty,
// so it still works when the JScript 5.1 emulation has removed them.
//
// RECORDED: {jscript: "5.6", os_bits: 32|64, script_bits: 32|64, admin: bool, env: {NAME: value},
//            registry: {"HKLM\\KEY\\PATH": {"Value": "text" | 123 | {"REG_EXPAND_SZ": "text"}}},   (native view)
//            wmi: {"root\\cimv2": {"Win32_Class": [rows] | "8004xxxx"} | "8004xxxx"},
//            stdregprov: bool (false: Wine-like, no methods), fso: bool, folders: ["C:\\..."]}

function ScriptEngineMajorVersion() { return Number(String(RECORDED.jscript).split(".")[0]); }
function ScriptEngineMinorVersion() { return Number(String(RECORDED.jscript).split(".")[1]); }

function RecordedError(hex, text) {
  var n = parseInt(hex, 16);
  if (n > 0x7fffffff) n -= 0x100000000;
  this.number = n; this.description = text; this.message = text;
}

function lower(s) { return String(s).toLowerCase(); }

function lookup(map, name) {          // case-insensitive key lookup; undefined when absent
  var k, want = lower(name);
  if (!map) return undefined;
  for (k in map) if (lower(k) == want) return map[k];
  return undefined;
}

function ActiveXObject(progid) {
  var p = lower(progid);
  if (p == "wscript.shell") return new RecShell();
  if (p == "wbemscripting.swbemlocator") return new RecLocator();
  if (p == "wbemscripting.swbemnamedvalueset") return new RecContext();
  if (p == "scripting.filesystemobject" && RECORDED.fso !== false) return new RecFso();
  throw new RecordedError("800A01AD", "Automation server can't create object");
}

// ---------------------------------------------------------------- registry (views as on 64-bit Windows)
var ROOTS = {hkey_local_machine: "HKLM", hklm: "HKLM", hkey_users: "HKU", hku: "HKU", hkey_current_user: "HKCU",
             hkcu: "HKCU"};
var HIVES = {"2147483650": "HKLM", "2147483651": "HKU", "2147483649": "HKCU"};

function normalKey(path) {             // "HKEY_LOCAL_MACHINE\\Software\\X" -> "hklm\\software\\x"
  var parts = String(path).split("\\"), root = ROOTS[lower(parts[0])], out = root ? lower(root) : lower(parts[0]), i;
  for (i = 1; i < parts.length; i++) if (parts[i].length) out += "\\" + lower(parts[i]);
  return out;
}

function inView(key, bits) {           // what a 32-bit process sees of HKLM\Software on 64-bit Windows
  if (RECORDED.os_bits == 64 && bits == 32 && key.indexOf("hklm\\software\\") == 0 &&
      key.indexOf("hklm\\software\\wow6432node") != 0)
    return "hklm\\software\\wow6432node\\" + key.substr("hklm\\software\\".length);
  return key;
}

function regKey(key) {                 // the values of a key (native view), undefined when there is none
  var k;
  for (k in RECORDED.registry) if (normalKey(k) == key) return RECORDED.registry[k];
  return undefined;
}

function regSubkeyNames(key) {
  var names = [], seen = {}, k, rest, name;
  for (k in RECORDED.registry) {
    rest = normalKey(k);
    if (rest.indexOf(key + "\\") != 0) continue;
    name = k.split("\\")[key.split("\\").length];
    if (!seen[lower(name)]) { seen[lower(name)] = true; names[names.length] = name; }
  }
  return names;
}

function regExists(key) { return regKey(key) !== undefined || regSubkeyNames(key).length > 0; }

function valueOf(raw) { return (raw !== null && typeof raw == "object") ? lookup(raw, "REG_EXPAND_SZ") : raw; }

function expand(text) {
  var parts = String(text).split("%"), out = parts[0], i, v;
  for (i = 1; i < parts.length; i++) {
    v = (i % 2 == 1 && i < parts.length - 1) ? lookup(RECORDED.env, parts[i]) : undefined;
    if (i % 2 == 1 && i < parts.length - 1) out += (v === undefined ? "%" + parts[i] + "%" : v);
    else out += parts[i];
  }
  return out;
}

function RecShell() {}
RecShell.prototype.ExpandEnvironmentStrings = function (s) { return expand(s); };
RecShell.prototype.RegRead = function (path) {
  var text = String(path), cut = text.lastIndexOf("\\"), key = inView(normalKey(text.substr(0, cut)), RECORDED.script_bits);
  var name = text.substr(cut + 1), values = regKey(key), v;
  if (key == "hku\\s-1-5-19") { if (RECORDED.admin) return ""; throw new RecordedError("80070005", "Access is denied."); }
  v = lookup(values, name);
  if (v === undefined) throw new RecordedError("80070002", "Unable to open registry key \"" + text + "\" for reading.");
  return valueOf(v);
};
RecShell.prototype.Run = function () { throw new RecordedError("80070002", "not recorded: WScript.Shell.Run"); };

// ---------------------------------------------------------------- WMI
function RecContext() { this.values = {}; }
RecContext.prototype.Add = function (name, value) { this.values[lower(name)] = value; };

function providerBits(ctx) {
  var v = ctx ? ctx.values["__providerarchitecture"] : undefined;
  return v === undefined ? RECORDED.script_bits : Number(v);
}

function RecLocator() {}
RecLocator.prototype.ConnectServer = function (server, ns, user, password, locale, authority, flags, ctx) {
  var data = lookup(RECORDED.wmi, ns);
  if (typeof data == "string") throw new RecordedError(data, "recorded error");
  if (lower(ns) != "root\\default" && data === undefined) throw new RecordedError("8004100E", "Invalid namespace");
  return new RecServices(lower(ns), data, ctx);
};

function RecServices(ns, data, ctx) { this.ns = ns; this.data = data; this.ctx = ctx; }
RecServices.prototype.ExecQuery = function (query) {
  var m = /\bFROM\s+(\w+)/i.exec(query), rows = lookup(this.data, m[1]), out = [], i;
  if (typeof rows == "string") throw new RecordedError(rows, "recorded error");
  for (i = 0; rows && i < rows.length; i++) out[out.length] = new RecRow(rows[i]);
  return new RecSet(out);
};
RecServices.prototype.Get = function (name) {
  if (lower(name) != "stdregprov" || this.ns != "root\\default") throw new RecordedError("80041002", "Not found");
  return new RecRegProv(this.ctx);
};

function RecSet(rows) { this.rows = rows; this.Count = rows.length; }
RecSet.prototype.ItemIndex = function (i) { return this.rows[i]; };

function Enumerator(c) {
  if (!(c instanceof RecSet)) throw new RecordedError("80070057", "Invalid argument");
  this.c = c; this.i = 0;
}
Enumerator.prototype.atEnd = function () { return this.i >= this.c.rows.length; };
Enumerator.prototype.moveNext = function () { this.i++; };
Enumerator.prototype.item = function () { return this.c.rows[this.i]; };

function VBArray(a) { this.a = a; }
VBArray.prototype.toArray = function () { var out = [], i; for (i = 0; i < this.a.length; i++) out[out.length] = this.a[i]; return out; };

function RecProperties(values) { this.values = values; }
RecProperties.prototype.Item = function (name) {
  var v = lookup(this.values, name);
  if (v === undefined) throw new RecordedError("80041002", "Not found");
  return {Value: v};
};
function RecRow(values) { this.Properties_ = new RecProperties(values); }

// StdRegProv: EnumKey, GetStringValue (REG_SZ only, as on Windows), GetExpandedStringValue.
function RecParams(values) {           // In/OutParameters: Properties_.Item(name).Value, read and written
  var k;
  this.cells = {};
  for (k in values) this.cells[k] = {Value: values[k]};
  this.Properties_ = this;
}
RecParams.prototype.Item = function (name) {
  var key = lower(name);
  if (!this.cells[key]) this.cells[key] = {Value: null};
  return this.cells[key];
};
RecParams.prototype.get = function (name) { var c = this.cells[lower(name)]; return c ? c.Value : null; };

function RecRegProv(ctx) {
  var self = this;
  if (RECORDED.stdregprov === false) {   // Wine: the class is there, its methods are not
    this.Methods_ = {Item: function () { throw new RecordedError("80041002", "Not found"); }};
    return;
  }
  this.ctx = ctx;
  this.Methods_ = {Item: function (m) { return {InParameters: {SpawnInstance_: function () { return new RecParams({}); }}}; }};
}
RecRegProv.prototype.ExecMethod_ = function (method, inp, flags, ctx) {
  var m = lower(method), bits = providerBits(ctx || null), hive = HIVES[String(inp.get("hDefKey"))];
  var key = inView(normalKey(hive + "\\" + inp.get("sSubKeyName")), bits), values, raw;
  if (m == "enumkey") {
    if (!regExists(key)) return new RecParams({returnvalue: 2});
    return new RecParams({returnvalue: 0, snames: regSubkeyNames(key)});
  }
  values = regKey(key);
  raw = lookup(values, inp.get("sValueName"));
  if (raw === undefined) return new RecParams({returnvalue: 1});
  if (m == "getstringvalue") {
    if (typeof raw != "string") return new RecParams({returnvalue: 2147749893});   // 0x80041005 type mismatch
    return new RecParams({returnvalue: 0, svalue: raw});
  }
  if (m == "getexpandedstringvalue") {
    if (typeof raw == "string") return new RecParams({returnvalue: 2147749893});
    return new RecParams({returnvalue: 0, svalue: expand(valueOf(raw))});
  }
  throw new RecordedError("80041002", "not recorded: StdRegProv." + method);
};

// ---------------------------------------------------------------- file system
function RecFso() {}
RecFso.prototype.FolderExists = function (p) {
  var i, f = RECORDED.folders || [];
  for (i = 0; i < f.length; i++) if (lower(f[i]) == lower(p)) return true;
  return false;
};
RecFso.prototype.FileExists = function () { return false; };
