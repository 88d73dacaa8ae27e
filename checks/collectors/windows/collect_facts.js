// qpfleet Windows facts collector (Windows Script Host, JScript 5.5+): prints one facts document.
//
//   cscript //nologo collect_facts.js [/paths:"C:\Longda|D:\Longda|..."]
//
// Runs on every Windows from 2000 to 11 without PowerShell or .NET, and as a normal user:
// WMI (root\cimv2, root\SecurityCenter, root\SecurityCenter2), the registry and the file system.
// It records what it observed, never a judgement (schema: checks/schema/facts.schema.json).
// Each probe that throws is recorded as "failed" with the error and the document is still printed
// complete; collector.unread names the probes that could not be read. The output is pure ASCII
// (every other character is written as \uXXXX), so no console code page can garble it.
// Written in ES3 (no JSON object, no Array.prototype.map). Under JScript 5.1 (Windows 2000 without
// Windows Script 5.6) the version gate of common.js stops it before any probe, with a complete
// document that says why. Behaviour on real Windows that Wine cannot show is documented at each place
// (Microsoft's documentation) and replayed in tests/integration/test_wsh_recorded.py.

var COLLECTOR_VERSION = "0.3.0";
// The seed-2007 profile's folders, used when no /paths: argument is given (the offline kit).
var DEFAULT_PATHS = ["C:\\Longda", "C:\\Program Files\\Longda", "C:\\Program Files\\\u9f99\u8fbe", "D:\\Longda",
                     "C:\\Program Files\\\u516c\u8def\u53e3\u5cb8\u7cfb\u7edf"];
var HKLM = 0x80000002, HKU = 0x80000003;
var UNINSTALL = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
var TIMEZONE = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation\\";

var locator = null;
var services = {};
var fsoObject = null;     // Scripting.FileSystemObject, made only by the probes that need it
var ARCH = null;          // {script: 32|64, os: 32|64}, set by main()

// Scripting.FileSystemObject when first needed: XP images hardened with "regsvr32 /u scrrun.dll" have
// none, and they must still yield every WMI and registry fact.
function fileSystem() {
  if (!fsoObject) {
    try { fsoObject = new ActiveXObject("Scripting.FileSystemObject"); }
    catch (x) { throw new Failure(describe("Scripting.FileSystemObject", x)); }
  }
  return fsoObject;
}

// The bitness of this script host and of Windows. A 32-bit cscript on 64-bit Windows (started from a
// 32-bit program, or SysWOW64\cscript.exe) runs under WOW64, which sets PROCESSOR_ARCHITEW6432 to the
// real architecture and redirects its view of HKLM\Software to HKLM\Software\WOW6432Node.
function architecture() {
  var script = /64/.test(env("PROCESSOR_ARCHITECTURE") || "") ? 64 : 32;
  return {script: script, os: (script == 64 || env("PROCESSOR_ARCHITEW6432")) ? 64 : 32};
}

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
  var s = stripNul(v).replace(/^\s+|\s+$/g, "");
  return s.length ? s : null;
}

function num(v) {
  if (v === null || v === undefined || v === "") return null;
  var n = Number(v);
  return isNaN(n) ? null : Math.floor(n);
}

// ---------------------------------------------------------------- registry
function regRead(path) { return regValue(path); }

// StdRegProv, asked for the 64-bit registry on 64-bit Windows whatever this script's bitness
// ("Requesting WMI Data on a 64-bit Platform": __ProviderArchitecture=64 with __RequiredArchitecture in
// an SWbemNamedValueSet, passed to ConnectServer and to every ExecMethod_). Without it a 32-bit cscript
// would read WOW6432Node twice and never see a 64-bit program. Windows ignores the flags where it
// does not know them (32-bit Windows, 2003 before SP1), so they are only sent to 64-bit Windows.
function stdRegProv() {
  if (services.reg) return services.reg;
  var ctx = null, svc;
  if (!locator) locator = new ActiveXObject("WbemScripting.SWbemLocator");
  if (ARCH.os == 64) {
    ctx = new ActiveXObject("WbemScripting.SWbemNamedValueSet");
    ctx.Add("__ProviderArchitecture", 64);
    ctx.Add("__RequiredArchitecture", true);
    svc = locator.ConnectServer(".", "root\\default", "", "", "", "", 0, ctx);
  } else {
    svc = locator.ConnectServer(".", "root\\default");
  }
  services.reg = {provider: svc.Get("StdRegProv"), ctx: ctx};
  return services.reg;
}

function regCall(method, hive, key, valueName) {
  var reg = stdRegProv(), p = reg.provider;
  var inp = p.Methods_.Item(method).InParameters.SpawnInstance_();
  inp.Properties_.Item("hDefKey").Value = hive;
  inp.Properties_.Item("sSubKeyName").Value = key;
  if (valueName !== undefined) inp.Properties_.Item("sValueName").Value = valueName;
  return reg.ctx ? p.ExecMethod_(method, inp, 0, reg.ctx) : p.ExecMethod_(method, inp);
}

function regSubkeys(hive, key) {
  var out = regCall("EnumKey", hive, key);
  var rv = out.Properties_.Item("ReturnValue").Value;
  if (rv == 2) return null;                      // no such key (e.g. WOW6432Node on 32-bit Windows)
  if (rv != 0) throw new Failure("EnumKey returned " + rv);
  var names = out.Properties_.Item("sNames").Value;
  return names === null ? [] : new VBArray(names).toArray();
}

// A text value of the registry. WScript.Shell.RegRead reads REG_SZ and REG_EXPAND_SZ alike in one COM
// call (StdRegProv.GetStringValue refuses REG_EXPAND_SZ, and four WMI calls per program are slow on a
// patched XP), but it sees this process's view: under WOW64 only StdRegProv with the 64-bit context
// reads the 64-bit registry, so there GetStringValue and then GetExpandedStringValue are asked.
function regText(hive, root, key, name) {
  var out, i, methods = ["GetStringValue", "GetExpandedStringValue"];
  if (ARCH.script == ARCH.os) return str(regValue(root + "\\" + key + "\\" + name));
  for (i = 0; i < methods.length; i++) {
    out = regCall(methods[i], hive, key, name);
    if (out.Properties_.Item("ReturnValue").Value == 0) return str(out.Properties_.Item("sValue").Value);
  }
  return null;
}

// Uninstall entries of one root, keys listed by StdRegProv: null when the key does not exist.
function uninstallViaWmi(hive, root, key, source) {
  var subs = regSubkeys(hive, key), list = [], i, k, name;
  if (subs === null) return null;
  for (i = 0; i < subs.length; i++) {
    k = key + "\\" + subs[i];
    name = regText(hive, root, k, "DisplayName");
    if (!name) continue;
    list.push({name: name, publisher: regText(hive, root, k, "Publisher"),
               version: regText(hive, root, k, "DisplayVersion"),
               install_location: regText(hive, root, k, "InstallLocation"), source: source});
  }
  return list;
}

// The same through reg.exe (Wine has no StdRegProv methods). "reg export" writes a UTF-16 .reg file,
// so names survive whatever the ANSI code page is ("reg query" output turns Chinese names into ?? on an
// English code page); "reg query" is used only to list HKU's SIDs, which are ASCII.
function regExe(args) {
  var fso = fileSystem(), tmp = fso.BuildPath(fso.GetSpecialFolder(2).Path, fso.GetTempName());
  try {
    var rc = shell.Run("%ComSpec% /c reg " + args + " > \"" + tmp + "\" 2>&1", 0, true);
    var text = fso.FileExists(tmp) && fso.GetFile(tmp).Size > 0 ? fso.OpenTextFile(tmp, 1).ReadAll() : "";
    return {rc: rc, text: text};
  } finally {
    try { fso.DeleteFile(tmp, true); } catch (x) { /* already gone */ }
  }
}

// "name"="value" and "name"=hex(2):.. (REG_EXPAND_SZ, UTF-16LE bytes) in a .reg file (built after the
// version gate: "(?:" is JScript 5.5).
var REG_STRING_LINE = null, REG_EXPAND_LINE = null;

function regUnescape(s) { return s.replace(/\\(["\\])/g, "$1"); }

function utf16Hex(hex) {
  var bytes = hex.replace(/\s+/g, "").split(","), out = "", i, code;
  for (i = 0; i + 1 < bytes.length; i += 2) {
    code = parseInt(bytes[i], 16) + 256 * parseInt(bytes[i + 1], 16);
    if (!code) break;
    out += String.fromCharCode(code);
  }
  return out;
}

function uninstallViaRegExe(key, source) {
  if (!REG_STRING_LINE) {
    REG_STRING_LINE = new RegExp('^"((?:[^"\\\\]|\\\\.)*)"="((?:[^"\\\\]|\\\\.)*)"\\s*$');
    REG_EXPAND_LINE = new RegExp('^"((?:[^"\\\\]|\\\\.)*)"=hex\\(2\\):([0-9a-fA-F,\\s]*)$');
  }
  var fso = fileSystem(), file = fso.BuildPath(fso.GetSpecialFolder(2).Path, fso.GetTempName() + ".reg");
  var list = [], cur = null, lines, i, line, m, text, res, name, value;
  try {
    res = regExe("export \"" + key + "\" \"" + file + "\"");
    if (!fso.FileExists(file)) {
      if (/unable to find|not find/i.test(res.text) || res.text.indexOf("\u627e\u4e0d\u5230") >= 0 ||
          !res.text.replace(/\s+/g, "")) return null;
      throw new Failure("reg export " + key + " exited " + res.rc + ": " + res.text.replace(/\s+/g, " ").substr(0, 120));
    }
    text = fso.GetFile(file).Size > 0 ? fso.OpenTextFile(file, 1, false, -1).ReadAll() : "";
  } finally {
    try { fso.DeleteFile(file, true); } catch (x) { /* already gone */ }
  }
  lines = text.replace(/\\\r?\n\s*/g, "").split(/\r?\n/);     // hex values continue over lines ending in "\"
  for (i = 0; i < lines.length; i++) {
    line = lines[i];
    m = /^\[(.*)\]\s*$/.exec(line);
    if (m) {
      if (cur && cur.name) list.push(cur);
      cur = m[1].length > key.length + 1 ? {name: null, publisher: null, version: null,
                                            install_location: null, source: source} : null;
      continue;
    }
    if (!cur) continue;
    if ((m = REG_STRING_LINE.exec(line))) value = str(regUnescape(m[2]));
    else if ((m = REG_EXPAND_LINE.exec(line))) value = str(utf16Hex(m[2]));
    else continue;
    name = regUnescape(m[1]);
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

// The registry's ProcessorNameString/Identifier come first: XP's WMI misnames newer Intel processors
// (KB952978: it reads only the base model bits of CPUID, so a Core 2 Duo E8400 shows as an older part)
// and Windows 2000's WMI lacks some fields; WMI's own name is kept as wmi_name. Win32_Processor has one
// instance per logical processor before XP SP3 (no NumberOfCores) and one per socket after.
function probeCpu() {
  var key = "HKLM\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0\\";
  var regMhz = num(regRead(key + "~MHz")), regName = str(regRead(key + "ProcessorNameString"));
  var regIdent = str(regRead(key + "Identifier")), list = [], err = null, sources = [], i, cores, logical;
  if (regMhz !== null || regName || regIdent) sources.push("HKLM CentralProcessor\\0");
  try { list = rows("root\\cimv2", "SELECT * FROM Win32_Processor"); sources.push("Win32_Processor"); }
  catch (x) { err = describe("Win32_Processor", x); }
  var r = list[0], wmiName = r ? str(prop(r, "Name")) : null;
  var v = {name: regName || wmiName, wmi_name: wmiName, identifier: regIdent,
           manufacturer: str(regRead(key + "VendorIdentifier")), max_clock_mhz: null, current_clock_mhz: null,
           registry_mhz: regMhz, family: null, model: null, count: list.length || null, count_kind: null,
           cores: null, logical_processors: null};
  if (r) {
    v.manufacturer = v.manufacturer || str(prop(r, "Manufacturer"));
    v.max_clock_mhz = num(prop(r, "MaxClockSpeed"));
    v.current_clock_mhz = num(prop(r, "CurrentClockSpeed"));
    v.identifier = v.identifier || str(prop(r, "Description")) || str(prop(r, "Caption"));
    if (prop(r, "NumberOfCores") === undefined) {       // no such property: XP SP2, 2003 SP1, 2000
      v.count_kind = "logical";
      v.logical_processors = list.length;
    } else {
      v.count_kind = "sockets";
      for (i = 0, cores = 0, logical = 0; i < list.length; i++) {
        cores += num(prop(list[i], "NumberOfCores")) || 0;
        logical += num(prop(list[i], "NumberOfLogicalProcessors")) || 0;
      }
      v.cores = cores || null;
      v.logical_processors = logical || null;
    }
  }
  if (!v.name) v.name = str(env("PROCESSOR_IDENTIFIER"));
  if (!v.identifier) v.identifier = str(env("PROCESSOR_IDENTIFIER"));
  var m = /Family (\d+) Model (\d+)/i.exec(v.identifier || "");
  if (m) { v.family = Number(m[1]); v.model = Number(m[2]); }
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

// Virtual drives (Alcohol, CloneDrive, DAEMON Tools, a mounted ISO) are recognised by the rules from the
// profile's signatures: the collector records what Windows says of each drive.
function probeOptical() {
  return devices("Win32_CDROMDrive", function (r, item) {
    item.manufacturer = str(prop(r, "Manufacturer"));
    item.drive = str(prop(r, "Drive"));
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
  var arch = str(prop(r, "OSArchitecture")) || (ARCH.os + "-bit");   // OSArchitecture: Vista and later only
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
      list = via == "StdRegProv" ? uninstallViaWmi(roots[i].hive, roots[i].name, roots[i].key, roots[i].source)
                                 : uninstallViaRegExe(roots[i].name + "\\" + roots[i].key, roots[i].source);
      if (list) out = out.concat(list);
    } catch (x) { errors.push(describe(roots[i].source, x)); }
  }
  if (errors.length == roots.length) throw new Failure(errors.join("; "));
  return {status: out.length ? "observed" : "absent", value: out.length ? out : null,
          source: "Uninstall keys (" + (via == "StdRegProv" ? (ARCH.script == ARCH.os ? "StdRegProv, RegRead" :
                  "StdRegProv 64-bit view") : via) + ")", error: errors.length ? errors.join("; ") : null};
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
  var fso = fileSystem(), out = [], i;
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

var PROBES = ["system", "chassis", "battery", "cpu", "memory", "disks", "optical_drives", "network_adapters",
              "usb_controllers", "os", "security_center", "programs", "services", "paths", "clock"];

// The whole document when this JScript is too old to run the probes (5.1-safe: see common.js).
function tooOldDocument() {
  var now = new Date(), user = env("USERNAME"), domain = env("USERDOMAIN"), probes = {}, unread = [], i;
  for (i = 0; i < PROBES.length; i++) {
    probes[PROBES[i]] = {status: "failed", value: null, error: tooOldMessage(), source: null};
    unread[unread.length] = PROBES[i];
  }
  return {schema: "qpfleet.facts", schema_version: 1, host: env("COMPUTERNAME") || "unknown-host",
          collector: {name: "wsh", version: COLLECTOR_VERSION, user: user ? (domain ? domain + "\\" : "") + user : null,
                      admin: null, script_host: WScript.Name + " " + WScript.Version, jscript: jscriptVersion(),
                      unread: unread},
          collected_at: {local: localIso(now), utc_offset_minutes: -now.getTimezoneOffset(),
                         tz_name: regValue(TIMEZONE + "TimeZoneKeyName") || regValue(TIMEZONE + "StandardName")},
          probes: probes};
}

function main() {
  if (jscriptTooOld()) {      // Windows 2000 with JScript 5.1: a complete document that says why, then stop
    print(toJson(tooOldDocument(), ""));
    return;
  }
  var paths = pathsArgument(), given = paths !== null;
  if (!given) paths = DEFAULT_PATHS;
  ARCH = architecture();
  var now = new Date();
  // Vista and later: TimeZoneKeyName ("China Standard Time"); their StandardName is "@tzres.dll,-572".
  // XP and 2000 have only StandardName, in the language of Windows (Chinese on a Chinese XP).
  var tz = str(regRead(TIMEZONE + "TimeZoneKeyName")) || str(regRead(TIMEZONE + "StandardName"));
  var user = env("USERNAME"), domain = env("USERDOMAIN");
  var doc = {
    schema: "qpfleet.facts", schema_version: 1,
    host: env("COMPUTERNAME") || "unknown-host",
    collector: {name: "wsh", version: COLLECTOR_VERSION,
                user: user ? (domain ? domain + "\\" : "") + user : null,
                admin: isAdmin(), script_host: WScript.Name + " " + WScript.Version,
                jscript: jscriptVersion(), script_bits: ARCH.script, os_bits: ARCH.os, unread: []},
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
