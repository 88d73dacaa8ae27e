// qpfleet Windows facts collector (Windows Script Host, JScript 5.x): prints one facts document.
//
//   cscript //nologo collect_facts.js [/paths:"C:\Longda|D:\Longda|..."]
//
// Runs on every Windows from 2000 to 11 without PowerShell or .NET, and as a normal user:
// WMI (root\cimv2, root\SecurityCenter, root\SecurityCenter2), the registry and the file system.
// It records what it observed, never a judgement (schema: checks/schema/facts.schema.json).
// Each probe that throws is recorded as "failed" with the error and the document is still printed
// complete; collector.unread names the probes that could not be read. The output is pure ASCII
// (every other character is written as \uXXXX), so no console code page can garble it.
// Written in ES3 (no JSON object, no Array.prototype.map) for the JScript of Windows 2000/XP.

var COLLECTOR_VERSION = "0.2.0";
// The seed-2007 profile's folders, used when no /paths: argument is given (the offline kit).
var DEFAULT_PATHS = ["C:\\Longda", "C:\\Program Files\\Longda", "C:\\Program Files\\\u9f99\u8fbe", "D:\\Longda",
                     "C:\\Program Files\\\u516c\u8def\u53e3\u5cb8\u7cfb\u7edf"];
var HKLM = 0x80000002, HKU = 0x80000003;
var UNINSTALL = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall";

var fso = new ActiveXObject("Scripting.FileSystemObject");
var locator = null;
var services = {};

// ---------------------------------------------------------------- WMI
function wmi(ns) {
  if (services[ns]) return services[ns];
  if (!locator) locator = new ActiveXObject("WbemScripting.SWbemLocator");
  services[ns] = locator.ConnectServer(".", ns);
  return services[ns];
}

// All rows of a query. Enumerator is what every Windows supports; Wine's JScript cannot enumerate an
// SWbemObjectSet (0x80070057), so Count + ItemIndex (Vista and later, and Wine) is the fallback.
function rows(ns, query) {
  var set = wmi(ns).ExecQuery(query), list = [], e;
  try {
    e = new Enumerator(set);
    for (; !e.atEnd(); e.moveNext()) list.push(e.item());
    return list;
  } catch (x) {
    if (list.length || hexCode(x.number) != "80070057") throw x;
  }
  var n = set.Count, i;
  for (i = 0; i < n; i++) list.push(set.ItemIndex(i));
  return list;
}

// A property read through Properties_ (works everywhere; Wine cannot read o.Name directly).
// Returns undefined when this Windows has no such property, null when it is empty; arrays become JS arrays.
function strictProp(o, name) {
  var p;
  try { p = o.Properties_.Item(name); } catch (x) { return undefined; }
  var v = p.Value;
  if (v === null || v === undefined) return null;
  if (typeof v == "unknown") return new VBArray(v).toArray();
  return v;
}

function prop(o, name) {
  try { return strictProp(o, name); } catch (x) { return null; }
}

function str(v) {
  if (v === null || v === undefined) return null;
  var s = String(v).replace(/\u0000/g, "").replace(/^\s+|\s+$/g, "");
  return s.length ? s : null;
}

function num(v) {
  if (v === null || v === undefined || v === "") return null;
  var n = Number(v);
  return isNaN(n) ? null : Math.floor(n);
}

// ---------------------------------------------------------------- registry
function regRead(path) {
  try { return shell.RegRead(path); } catch (x) { return null; }
}

function stdRegProv() {
  if (!services.reg) services.reg = wmi("root\\default").Get("StdRegProv");
  return services.reg;
}

function regCall(method, hive, key, valueName) {
  var reg = stdRegProv();
  var inp = reg.Methods_.Item(method).InParameters.SpawnInstance_();
  inp.Properties_.Item("hDefKey").Value = hive;
  inp.Properties_.Item("sSubKeyName").Value = key;
  if (valueName !== undefined) inp.Properties_.Item("sValueName").Value = valueName;
  return reg.ExecMethod_(method, inp);
}

function regSubkeys(hive, key) {
  var out = regCall("EnumKey", hive, key);
  var rv = out.Properties_.Item("ReturnValue").Value;
  if (rv == 2) return null;                      // no such key (e.g. WOW6432Node on 32-bit Windows)
  if (rv != 0) throw new Failure("EnumKey returned " + rv);
  var names = out.Properties_.Item("sNames").Value;
  return names === null ? [] : new VBArray(names).toArray();
}

function regString(hive, key, name) {
  var out = regCall("GetStringValue", hive, key, name);
  return out.Properties_.Item("ReturnValue").Value == 0 ? str(out.Properties_.Item("sValue").Value) : null;
}

// Uninstall entries of one root through StdRegProv: null when the key does not exist.
function uninstallViaWmi(hive, key, source) {
  var subs = regSubkeys(hive, key), list = [], i, k, name;
  if (subs === null) return null;
  for (i = 0; i < subs.length; i++) {
    k = key + "\\" + subs[i];
    name = regString(hive, k, "DisplayName");
    if (!name) continue;
    list.push({name: name, publisher: regString(hive, k, "Publisher"), version: regString(hive, k, "DisplayVersion"),
               install_location: regString(hive, k, "InstallLocation"), source: source});
  }
  return list;
}

// The same through reg.exe (Wine has no StdRegProv methods). "reg export" writes a UTF-16 .reg file,
// so names survive whatever the ANSI code page is ("reg query" output turns Chinese names into ?? on an
// English code page); "reg query" is used only to list HKU's SIDs, which are ASCII.
function regExe(args) {
  var tmp = fso.BuildPath(fso.GetSpecialFolder(2).Path, fso.GetTempName());
  try {
    var rc = shell.Run("%ComSpec% /c reg " + args + " > \"" + tmp + "\" 2>&1", 0, true);
    var text = fso.FileExists(tmp) && fso.GetFile(tmp).Size > 0 ? fso.OpenTextFile(tmp, 1).ReadAll() : "";
    return {rc: rc, text: text};
  } finally {
    try { fso.DeleteFile(tmp, true); } catch (x) { /* already gone */ }
  }
}

function regUnescape(s) { return s.replace(/\\(["\\])/g, "$1"); }

function uninstallViaRegExe(key, source) {
  var file = fso.BuildPath(fso.GetSpecialFolder(2).Path, fso.GetTempName() + ".reg");
  var list = [], cur = null, lines, i, line, m, text, res;
  try {
    res = regExe("export \"" + key + "\" \"" + file + "\"");
    if (!fso.FileExists(file)) {
      if (/unable to find|not find|\u627e\u4e0d\u5230/i.test(res.text) || !res.text.replace(/\s+/g, "")) return null;
      throw new Failure("reg export " + key + " exited " + res.rc + ": " + res.text.replace(/\s+/g, " ").substr(0, 120));
    }
    text = fso.GetFile(file).Size > 0 ? fso.OpenTextFile(file, 1, false, -1).ReadAll() : "";
  } finally {
    try { fso.DeleteFile(file, true); } catch (x) { /* already gone */ }
  }
  lines = text.split(/\r?\n/);
  for (i = 0; i < lines.length; i++) {
    line = lines[i];
    m = /^\[(.*)\]\s*$/.exec(line);
    if (m) {
      if (cur && cur.name) list.push(cur);
      cur = m[1].length > key.length + 1 ? {name: null, publisher: null, version: null,
                                            install_location: null, source: source} : null;
      continue;
    }
    m = /^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (!cur || !m) continue;
    var name = regUnescape(m[1]), value = str(regUnescape(m[2]));
    if (name == "DisplayName") cur.name = value;
    else if (name == "Publisher") cur.publisher = value;
    else if (name == "DisplayVersion") cur.version = value;
    else if (name == "InstallLocation") cur.install_location = value;
  }
  if (cur && cur.name) list.push(cur);
  return list;
}

// ---------------------------------------------------------------- probes
var VIRTUAL = /vmware|virtualbox|vbox|virtual machine|qemu|kvm|xen|bochs|parallels|hyper-v|wine/i;

function probeSystem() {
  var r = rows("root\\cimv2", "SELECT * FROM Win32_ComputerSystem")[0];
  if (!r) return {status: "absent", value: null, source: "Win32_ComputerSystem"};
  var man = str(prop(r, "Manufacturer")), model = str(prop(r, "Model"));
  var wine = /^wine$/i.test(model || "") || /wine project/i.test(man || "");
  return {status: "observed", source: "Win32_ComputerSystem",
          value: {manufacturer: man, model: model, virtual: wine || VIRTUAL.test((man || "") + " " + (model || "")),
                  emulator: wine ? "wine" : null}};
}

function probeChassis() {
  var list = rows("root\\cimv2", "SELECT * FROM Win32_SystemEnclosure"), types = [], i, j, t;
  if (!list.length) return {status: "absent", value: null, source: "Win32_SystemEnclosure"};
  for (i = 0; i < list.length; i++) {
    try { t = strictProp(list[i], "ChassisTypes"); } catch (x) { throw new Failure(describe("Win32_SystemEnclosure.ChassisTypes", x)); }
    if (t === null || t === undefined) continue;
    if (!(t instanceof Array)) t = [t];
    for (j = 0; j < t.length; j++) if (num(t[j]) !== null) types.push(num(t[j]));
  }
  if (!types.length) throw new Failure("Win32_SystemEnclosure.ChassisTypes: not reported (null)");
  return {status: "observed", value: {types: types}, source: "Win32_SystemEnclosure"};
}

function probeBattery() {
  var list = rows("root\\cimv2", "SELECT * FROM Win32_Battery"), out = [], i;
  for (i = 0; i < list.length; i++)
    out.push({name: str(prop(list[i], "Name")), chemistry: str(prop(list[i], "Chemistry")),
              kind: str(prop(list[i], "DeviceID"))});
  return {status: out.length ? "observed" : "absent", value: {batteries: out}, source: "Win32_Battery"};
}

function probeCpu() {
  var key = "HKLM\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0\\";
  var regMhz = num(regRead(key + "~MHz")), regName = str(regRead(key + "ProcessorNameString"));
  var ident = str(regRead(key + "Identifier")) || "", list = [], err = null, sources = [];
  try { list = rows("root\\cimv2", "SELECT * FROM Win32_Processor"); sources.push("Win32_Processor"); }
  catch (x) { err = describe("Win32_Processor", x); }
  var r = list[0], v = {name: regName, manufacturer: str(regRead(key + "VendorIdentifier")), max_clock_mhz: null,
                        current_clock_mhz: null, registry_mhz: regMhz, family: null, model: null,
                        count: list.length || null};
  if (r) {
    v.name = str(prop(r, "Name")) || v.name;
    v.manufacturer = str(prop(r, "Manufacturer")) || v.manufacturer;
    v.max_clock_mhz = num(prop(r, "MaxClockSpeed"));
    v.current_clock_mhz = num(prop(r, "CurrentClockSpeed"));
    ident = str(prop(r, "Description")) || str(prop(r, "Caption")) || ident;
  }
  var m = /Family (\d+) Model (\d+)/i.exec(ident);
  if (m) { v.family = Number(m[1]); v.model = Number(m[2]); }
  if (regMhz !== null || regName) sources.push("HKLM CentralProcessor\\0");
  if (!r && regMhz === null && !regName) throw new Failure(err || "Win32_Processor: no rows");
  return {status: "observed", value: v, source: sources.join(", "), error: err};
}

function probeMemory() {
  var list = rows("root\\cimv2", "SELECT * FROM Win32_PhysicalMemory"), total = 0, i, c, err = null;
  for (i = 0; i < list.length; i++) { c = num(prop(list[i], "Capacity")); if (c) total += c; }
  var usable = null;
  try { usable = num(prop(rows("root\\cimv2", "SELECT * FROM Win32_ComputerSystem")[0], "TotalPhysicalMemory")); }
  catch (x) { err = describe("Win32_ComputerSystem", x); }
  return {status: "observed", value: {installed_bytes: total || null, usable_bytes: usable},
          source: "Win32_PhysicalMemory, Win32_ComputerSystem", error: err};
}

var DRIVE_TYPES = {2: "removable", 3: "fixed", 4: "network", 5: "cdrom", 6: "ram"};

function probeDisks() {
  var list = rows("root\\cimv2", "SELECT * FROM Win32_LogicalDisk"), drives = [], i, r;
  for (i = 0; i < list.length; i++) {
    r = list[i];
    drives.push({id: str(prop(r, "DeviceID")) || "?", type: DRIVE_TYPES[num(prop(r, "DriveType"))] || "other",
                 free_bytes: num(prop(r, "FreeSpace")), total_bytes: num(prop(r, "Size")),
                 filesystem: str(prop(r, "FileSystem"))});
  }
  return {status: "observed", value: {system_drive: env("SystemDrive"), drives: drives},
          source: "Win32_LogicalDisk"};
}

function devices(cls, fields) {
  var list = rows("root\\cimv2", "SELECT * FROM " + cls), out = [], i, item;
  for (i = 0; i < list.length; i++) {
    item = {name: str(prop(list[i], "Name")), id: str(prop(list[i], "PNPDeviceID"))};
    if (fields) fields(list[i], item);
    out.push(item);
  }
  return {status: out.length ? "observed" : "absent", value: out.length ? out : null, source: cls};
}

var VIRTUAL_DRIVE = /virtual|daemon|alcohol|dtsoftbus|vmware|vbox|qemu|msft/i;

function probeOptical() {
  return devices("Win32_CDROMDrive", function (r, item) {
    item.virtual = VIRTUAL_DRIVE.test((item.name || "") + " " + (item.id || ""));
  });
}

function probeNetwork() {
  return devices("Win32_NetworkAdapter", function (r, item) {
    var phys = prop(r, "PhysicalAdapter");       // Vista and later only
    var id = (item.id || "").toUpperCase();
    if (typeof phys == "boolean") item.physical = phys;
    else if (/^ROOT\\|^SW\\|^\{|^SWD\\/.test(id) || /miniport|loopback|ras async|vpn|tunnel/i.test(item.name || ""))
      item.physical = false;
    else if (/^PCI\\|^USB\\|^PCMCIA\\/.test(id)) item.physical = true;
    else item.physical = null;
  });
}

function probeUsb() { return devices("Win32_USBController"); }

function probeOs() {
  var r = rows("root\\cimv2", "SELECT * FROM Win32_OperatingSystem")[0];
  if (!r) return {status: "absent", value: null, source: "Win32_OperatingSystem"};
  var arch = str(prop(r, "OSArchitecture"));   // Vista and later only
  if (!arch) {
    var pa = (env("PROCESSOR_ARCHITEW6432") || "") + "|" + (env("PROCESSOR_ARCHITECTURE") || "");
    arch = /AMD64|IA64/i.test(pa) ? "64-bit" : /x86/i.test(pa) ? "32-bit" : null;
  }
  return {status: "observed", source: "Win32_OperatingSystem, HKLM Nls\\Language",
          value: {family: "windows", caption: str(prop(r, "Caption")), version: str(prop(r, "Version")),
                  service_pack: str(prop(r, "CSDVersion")), architecture: arch,
                  language_id: num(prop(r, "OSLanguage")),
                  install_language: str(regRead("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\Language\\InstallLanguage")),
                  code_page: num(prop(r, "CodeSet")), locale: str(prop(r, "Locale"))}};
}

// SecurityCenter2 (Vista+) productState: bits 12-13 on/off, bits 4 out of date (not documented by Microsoft).
function probeSecurityCenter() {
  var spaces = ["root\\SecurityCenter2", "root\\SecurityCenter"], out = [], errors = [], reached = [], i, j, list, r;
  for (i = 0; i < spaces.length; i++) {
    try { list = rows(spaces[i], "SELECT * FROM AntiVirusProduct"); }
    catch (x) { errors.push(describe(spaces[i], x)); continue; }
    reached.push(spaces[i]);
    for (j = 0; j < list.length; j++) {
      r = list[j];
      var item = {name: str(prop(r, "displayName")) || "?", namespace: spaces[i], enabled: null, up_to_date: null};
      var state = num(prop(r, "productState"));
      if (state !== null) {
        item.enabled = Math.floor(state / 0x1000) % 4 == 1;
        item.up_to_date = Math.floor(state / 0x10) % 2 == 0;
      } else {
        var on = prop(r, "onAccessScanningEnabled"), up = prop(r, "productUptoDate");
        item.enabled = typeof on == "boolean" ? on : null;
        item.up_to_date = typeof up == "boolean" ? up : null;
      }
      out.push(item);
    }
    if (out.length) break;
  }
  if (!reached.length) return {status: "failed", value: null, error: errors.join("; "), source: spaces.join(", ")};
  return {status: out.length ? "observed" : "absent", value: out.length ? out : null,
          source: reached.join(", ") + " AntiVirusProduct"};
}

function probePrograms() {
  var roots = [{hive: HKLM, name: "HKLM", key: UNINSTALL, source: "HKLM"},
               {hive: HKLM, name: "HKLM", key: "Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
                source: "HKLM\\WOW6432Node"}];
  var out = [], errors = [], via = "StdRegProv", sids = null, i, list;
  try { sids = regSubkeys(HKU, ""); } catch (x) { via = "reg.exe"; }
  if (via == "reg.exe") sids = hkuViaRegExe();
  for (i = 0; sids && i < sids.length; i++)
    if (!/_Classes$/i.test(sids[i]))
      roots.push({hive: HKU, name: "HKU", key: sids[i] + "\\" + UNINSTALL, source: "HKU\\" + sids[i]});
  for (i = 0; i < roots.length; i++) {
    try {
      list = via == "StdRegProv" ? uninstallViaWmi(roots[i].hive, roots[i].key, roots[i].source)
                                 : uninstallViaRegExe(roots[i].name + "\\" + roots[i].key, roots[i].source);
      if (list) out = out.concat(list);
    } catch (x) { errors.push(describe(roots[i].source, x)); }
  }
  if (errors.length == roots.length) throw new Failure(errors.join("; "));
  return {status: out.length ? "observed" : "absent", value: out.length ? out : null,
          source: "Uninstall keys (" + via + ")", error: errors.length ? errors.join("; ") : null};
}

function hkuViaRegExe() {
  var res = regExe("query HKU"), sids = [], lines = res.text.split(/\r?\n/), i, m;
  for (i = 0; i < lines.length; i++) {
    m = /^HKEY_USERS\\([^\\]+)\s*$/.exec(lines[i]);
    if (m) sids.push(m[1]);
  }
  return sids;
}

function probeServices() {
  var list = rows("root\\cimv2", "SELECT Name, DisplayName, PathName, State FROM Win32_Service"), out = [], i;
  for (i = 0; i < list.length; i++)
    out.push({name: str(prop(list[i], "Name")) || "?", display_name: str(prop(list[i], "DisplayName")),
              path: str(prop(list[i], "PathName")), state: str(prop(list[i], "State"))});
  return {status: out.length ? "observed" : "absent", value: out.length ? out : null, source: "Win32_Service"};
}

function probePaths(paths, given) {
  var out = [], i;
  for (i = 0; i < paths.length; i++) {
    var exists = null;
    try { exists = fso.FolderExists(paths[i]) || fso.FileExists(paths[i]); } catch (x) { exists = null; }
    out.push({path: paths[i], exists: exists});
  }
  return {status: "observed", value: out, source: "FileSystemObject.FolderExists" + (given ? "" : " (default folders)")};
}

// ---------------------------------------------------------------- document
function isAdmin() {
  try { shell.RegRead("HKEY_USERS\\S-1-5-19\\"); return true; } catch (x) { return false; }
}

function run(name, fn, doc) {
  var p;
  try {
    p = fn();
  } catch (x) {
    p = {status: "failed", value: null, error: x instanceof Failure ? x.message : describe(name, x), source: null};
  }
  if (p.error === null || p.error === undefined) delete p.error;
  if (p.status == "failed") doc.collector.unread.push(name);
  doc.probes[name] = p;
}

// The /paths: argument, read from the raw arguments (Wine's WSH has no WScript.Arguments.Named).
function pathsArgument() {
  var args = WScript.Arguments, i, m, parts, out = [];
  for (i = 0; i < args.length; i++) {
    m = /^[\/-]paths:(.*)$/i.exec(String(args(i)));
    if (!m) continue;
    parts = m[1].replace(/"/g, "").split("|");
    for (i = 0; i < parts.length; i++) if (str(parts[i])) out.push(str(parts[i]));
    return out;
  }
  return null;
}

function main() {
  var paths = pathsArgument(), given = paths !== null;
  if (!given) paths = DEFAULT_PATHS;
  var now = new Date();
  var tz = str(regRead("HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation\\StandardName"));
  var user = env("USERNAME"), domain = env("USERDOMAIN");
  var doc = {
    schema: "qpfleet.facts", schema_version: 1,
    host: env("COMPUTERNAME") || "unknown-host",
    collector: {name: "wsh", version: COLLECTOR_VERSION,
                user: user ? (domain ? domain + "\\" : "") + user : null,
                admin: isAdmin(), script_host: WScript.Name + " " + WScript.Version,
                jscript: ScriptEngineMajorVersion() + "." + ScriptEngineMinorVersion(), unread: []},
    collected_at: {local: localIso(now), utc_offset_minutes: -now.getTimezoneOffset(), tz_name: tz},
    probes: {}
  };
  run("system", probeSystem, doc);
  run("chassis", probeChassis, doc);
  run("battery", probeBattery, doc);
  run("cpu", probeCpu, doc);
  run("memory", probeMemory, doc);
  run("disks", probeDisks, doc);
  run("optical_drives", probeOptical, doc);
  run("network_adapters", probeNetwork, doc);
  run("usb_controllers", probeUsb, doc);
  run("os", probeOs, doc);
  run("security_center", probeSecurityCenter, doc);
  run("programs", probePrograms, doc);
  run("services", probeServices, doc);
  run("paths", function () { return probePaths(paths, given); }, doc);
  // The terminal cannot judge its own clock: the evaluator compares collected_at with a reference.
  doc.probes.clock = {status: "failed", value: null, error: "needs a reference clock: measured by the evaluator",
                      source: null};
  print(toJson(doc, ""));
}

main();
