// qpfleet installer (Windows Script Host, JScript 5.5+): installs the QP client on one terminal, writes its
// defaults, the carrier and the default printer, and records every change so /undo can put it back.
//
//   cscript //nologo install.js /settings:FILE [/verdict:FILE] /out:DIR [/msi:FILE] [/kit] [/undo] [/check] [/json]
//
// The contract (arguments, settings, result document, exit codes) is docs/dev/installer.md. It never
// reads standard input, never touches the road-port system (it hashes its files before and after) and
// writes install.json in /out on every run, refused or not.

var INSTALLER_VERSION = 1;
var S = null, LNG = "zh", RESULT = null, OUT = null, CHECK = false, KIT = false;
var EXIT = {installed: 0, unchanged: 0, undone: 0, would_change: 0, refused: 1, failed: 4};

function tx(key, params) {
  var texts = S && S.texts ? S.texts[key] : null, s, k;
  if (!texts) return key;
  s = texts[LNG] || texts.en;
  params = params || {};
  for (k in params) if (params.hasOwnProperty(k)) s = s.split("{" + k + "}").join(params[k] === null ? "-" : String(params[k]));
  return s;
}
function line(key, params) { var s = tx(key, params); RESULT.lines.push(s); if (!hasArg("json")) say(s); }
function finish(outcome, key, params) {
  RESULT.outcome = outcome;
  RESULT.reason = {key: key, params: params || {}};
  line(key, params);
  return outcome;
}
function Refusal(key, params, code) { this.key = key; this.params = params || {}; this.code = code; }

// ---------------------------------------------------------------- where values live
function registryPath(v) {
  var key = v.registry_key;
  if (v.registry_view == 32 && is64bitWindows()) {
    var m = /^(HKLM|HKEY_LOCAL_MACHINE)\\SOFTWARE\\(.*)$/i.exec(key);
    if (m && !/^WOW6432Node(\\|$)/i.test(m[2])) key = m[1] + "\\SOFTWARE\\WOW6432Node\\" + m[2];
  }
  return {key: key, name: v.registry_value, full: key + "\\" + v.registry_value};
}
function describeWhere(v) {
  if (v.target == "registry") return flat(registryPath(v).full);
  return flat(v.path + " [" + v.ini_section + "] " + v.ini_key);
}

// INI files: the same edit rules as the carrier's writer (checks/carrier/targets.py, Target._ini_find and
// _ini_render): only the value on the key's line changes (its name, the spaces after "=", every line end,
// comments and other keys stay); a new key goes at the end of its section before the blank lines; a new
// section at the end. Read and written in the system ANSI code page (GBK on Simplified Chinese Windows,
// as the 2007 client reads them). Undo removes a key that did not exist before.
var SPLIT_LINES = null;   // Python's line boundaries (made on first use: JScript 5.5 syntax)
function splitKeepEnds(text) {            // str.splitlines(keepends=True)
  if (!SPLIT_LINES) SPLIT_LINES = new RegExp("\\r\\n|[\\n\\r\\u000b\\u000c\\u001c\\u001d\\u001e\\u0085\\u2028\\u2029]", "g");
  var out = [], m, last = 0;
  SPLIT_LINES.lastIndex = 0;
  while ((m = SPLIT_LINES.exec(text)) !== null) {
    out.push(text.substring(last, m.index + m[0].length));
    last = m.index + m[0].length;
    SPLIT_LINES.lastIndex = last;
  }
  if (last < text.length) out.push(text.substring(last));
  return out;
}
function stripEnds(line) {                 // line.rstrip("\r\n")
  var n = line.length;
  while (n && (line.charAt(n - 1) == "\r" || line.charAt(n - 1) == "\n")) n--;
  return line.substring(0, n);
}
function iniText(path) { return fso.FileExists(path) ? readAscii(path) : ""; }
function iniFind(lines, section, key) {
  var sectionAt = null, keyAt = null, end = lines.length, current = null, i, m;
  var sec = section.toLowerCase(), want = key.toLowerCase(), header = /^\s*\[([^\]]*)\]/;
  for (i = 0; i < lines.length; i++) {
    m = header.exec(lines[i]);
    if (m) {
      if (current !== null && same(current.toLowerCase(), sec)) end = i;
      current = m[1].replace(/^\s+|\s+$/g, "");
      if (same(current.toLowerCase(), sec)) { sectionAt = i; end = lines.length; }
      continue;
    }
    if (current !== null && same(current.toLowerCase(), sec) && lines[i].indexOf("=") >= 0 &&
        same(lines[i].split("=")[0].replace(/^\s+|\s+$/g, "").toLowerCase(), want)) keyAt = i;
  }
  return {sectionAt: sectionAt, keyAt: keyAt, end: end};
}
function iniValue(text, v) {
  var lines = splitKeepEnds(text), bare = [], i, f, l, value;
  for (i = 0; i < lines.length; i++) bare.push(stripEnds(lines[i]));
  f = iniFind(bare, v.ini_section, v.ini_key);
  if (f.keyAt === null) return null;
  l = bare[f.keyAt];
  value = l.substring(l.indexOf("=") + 1).replace(/^\s+|\s+$/g, "");
  return value === "" ? null : value;
}
function iniRender(text, v, value) {      // the file's new text with the key set to value (null: removed)
  var lines = splitKeepEnds(text), bare = [], newline = null, i, f, at, body, rest, lead, entry;
  for (i = 0; i < lines.length; i++) {
    bare.push(stripEnds(lines[i]));
    if (newline === null && lines[i].length > bare[i].length) newline = lines[i].substring(bare[i].length);
  }
  if (newline === null) newline = "\r\n";
  f = iniFind(bare, v.ini_section, v.ini_key);
  if (value === null) {
    if (f.keyAt !== null) lines.splice(f.keyAt, 1);
    return lines.join("");
  }
  if (f.keyAt !== null) {
    body = bare[f.keyAt];
    rest = body.substring(body.indexOf("=") + 1);
    lead = rest.substring(0, rest.length - rest.replace(/^\s+/, "").length);
    lines[f.keyAt] = body.substring(0, body.indexOf("=")) + "=" + lead + value + lines[f.keyAt].substring(body.length);
    return lines.join("");
  }
  entry = v.ini_key + "=" + value;
  if (f.sectionAt !== null) {
    at = f.end;
    while (at > f.sectionAt + 1 && !/\S/.test(lines[at - 1])) at--;
    if (!/[\n\r]$/.test(lines[at - 1])) lines[at - 1] += newline;
    lines.splice(at, 0, entry + newline);
    return lines.join("");
  }
  if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1])) lines[lines.length - 1] += newline;
  return lines.join("") + "[" + v.ini_section + "]" + newline + entry + newline;
}
function iniRead(v) { return iniValue(iniText(v.path), v); }
function iniWrite(v, value) {
  var text = iniRender(iniText(v.path), v, value);
  ensureFolder(fso.GetParentFolderName(v.path));
  writeAscii(v.path, text);
}

function readValue(v) {
  if (v.target == "registry") { var r = regGet(registryPath(v).full); return r === null ? null : String(r); }
  if (v.target == "ini") return iniRead(v);
  throw new Failure("target " + v.target + " is not for Windows terminals");
}
function writeValue(v, value) {
  if (v.target == "registry") {
    var p = registryPath(v);
    if (value === null) regDeleteValue(p.key, p.name);
    else shell.RegWrite(p.full, v.registry_type == "REG_DWORD" ? Number(value) : value, v.registry_type || "REG_SZ");
    if (!same(String(readValue(v)), String(value))) throw new Failure("the value reads back as " + readValue(v));
  } else iniWrite(v, value);
}

// ---------------------------------------------------------------- the road-port system (never touched)
function roadPortSnapshot() {
  var out = {present: false, product_code: null, version: null, folders: [], files: 0, list: [], digest: null};
  var patterns = [], i, k, e, entries, name, folders = (S.road_port && S.road_port.folders) || [];
  for (i = 0; S.road_port && i < S.road_port.display_names.length; i++) patterns.push(new RegExp(S.road_port.display_names[i], "g"));
  for (i = 0; i < UNINSTALL_KEYS.length; i++) {
    entries = subkeyValues(UNINSTALL_KEYS[i]);
    for (k in entries) if (entries.hasOwnProperty(k)) {
      e = entries[k];
      name = e.DisplayName || "";
      var hit = false;
      for (var j = 0; j < patterns.length; j++) if (name && pySearch(patterns[j], name)) hit = true;
      if (!hit) continue;
      out.present = true;
      if (!out.product_code) { out.product_code = k; out.version = e.DisplayVersion || null; }
      if (e.InstallLocation) folders.push(e.InstallLocation.replace(/\\+$/, ""));
    }
  }
  var seen = {};
  for (i = 0; i < folders.length; i++) {
    if (seen[folders[i].toLowerCase()]) continue;
    seen[folders[i].toLowerCase()] = true;
    if (!fso.FolderExists(folders[i])) continue;
    out.present = true;
    out.folders.push(folders[i]);
    var files = listFiles(folders[i]);
    for (k = 0; k < files.length; k++) out.list.push(files[k] + "|" + fso.GetFile(files[k]).Size + "|" + fileSha256(files[k]));
  }
  out.list.sort();
  out.files = out.list.length;
  out.digest = sha256Text(out.list.join("\n"));
  return out;
}
function compareRoadPort(before, after) {
  var diff = [], i, a = {}, b = {};
  for (i = 0; i < before.list.length; i++) a["$" + before.list[i].split("|")[0]] = before.list[i];
  for (i = 0; i < after.list.length; i++) b["$" + after.list[i].split("|")[0]] = after.list[i];
  for (i in a) if (a.hasOwnProperty(i) && !same(a[i], b[i])) diff.push(i.substring(1));
  for (i in b) if (b.hasOwnProperty(i) && !a.hasOwnProperty(i)) diff.push(i.substring(1));
  if (!same(before.product_code, after.product_code) || !same(before.version, after.version)) diff.push("Uninstall " + before.product_code);
  RESULT.road_port = {present: before.present, product_code: before.product_code, version: before.version,
                      folders: before.folders, before: {files: before.files, digest: before.digest},
                      after: {files: after.files, digest: after.digest}, intact: !diff.length, differences: diff};
  return diff;
}

// ---------------------------------------------------------------- QP by ProductCode, msiexec
function qpVersion(code) {
  for (var i = 0; i < UNINSTALL_KEYS.length; i++) {
    var key = UNINSTALL_KEYS[i] + "\\" + code, v = regGet(key + "\\DisplayVersion");
    if (v !== null || regGet(key + "\\DisplayName") !== null) return {version: v === null ? "" : String(v), key: key};
  }
  return null;
}
function lastErrorLine(log) {
  if (!fso.FileExists(log) || !fso.GetFile(log).Size) return null;
  var t = fso.OpenTextFile(log, 1, false, -2), text = t.ReadAll(), lines, i, fallback = null;
  t.Close();
  lines = stripNul(text).split(/\r?\n/);
  for (i = lines.length - 1; i >= 0; i--) {
    if (new RegExp("\\b(Error|\u9519\u8bef) ?\\d{4}\\b", "i").test(lines[i])) return lines[i].replace(/^\s+|\s+$/g, "").substring(0, 300);
    if (!fallback && new RegExp("return value 3|error|\u9519\u8bef", "i").test(lines[i])) fallback = lines[i].replace(/^\s+|\s+$/g, "").substring(0, 300);
  }
  return fallback;
}
function msiexec(verb, target, logName) {
  var log = fso.BuildPath(OUT, logName), props = "", k;
  if (verb == "/i" && S.qp.properties) for (k in S.qp.properties) if (S.qp.properties.hasOwnProperty(k)) props += " " + k + "=\"" + S.qp.properties[k] + "\"";
  var command = "msiexec " + verb + " \"" + target + "\" /qn /norestart /l*v \"" + log + "\"" + props;
  deleteQuietly(log);
  var code = shell.Run(command, 0, true);
  RESULT.msiexec = {command: command, exit_code: code, log: logName, last_error: null};
  if (code == 3010 || code == 1641) RESULT.reboot_needed = true;
  if (code != 0 && code != 3010 && code != 1641 && !(verb == "/x" && code == 1605)) {
    RESULT.msiexec.last_error = lastErrorLine(log) || "msiexec exit code " + code;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- printers (source 8.2)
var PRINTERS_KEY = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Print\\Printers";
var DEVICE = {id: "printer.default", target: "registry", registry_key: "HKCU\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows",
              registry_value: "Device", registry_type: "REG_SZ", registry_view: 64};
function choosePrinter() {
  var entries = subkeyValues(PRINTERS_KEY) || {}, names = [], k, chosen = null;
  for (k in entries) if (entries.hasOwnProperty(k)) names.push(k);
  names.sort();
  RESULT.printer = {found: names, chosen: null};
  if (!S.printer || !S.printer.make_default) return null;
  if (S.printer.name) { for (k = 0; k < names.length; k++) if (same(names[k].toLowerCase(), S.printer.name.toLowerCase())) chosen = names[k]; }
  else if (names.length == 1) chosen = names[0];
  if (!chosen) { line(names.length ? "install.printer.ambiguous" : "install.printer.none", {name: S.printer.name || "", count: names.length}); return null; }
  RESULT.printer.chosen = chosen;
  return {name: chosen, device: chosen + ",winspool," + (entries[chosen].Port || "")};
}
function setDefaultPrinter(p) {
  try { new ActiveXObject("WScript.Network").SetDefaultPrinter(p.name); } catch (x) { /* Wine, or no spooler: the value */ }
  if (!same(readValue(DEVICE), p.device)) writeValue(DEVICE, p.device);
}

// ---------------------------------------------------------------- state on the terminal
function stateFile() {
  var dir = S.state_dir || fso.BuildPath(env("ALLUSERSPROFILE") || fso.GetSpecialFolder(0).Path, "qpfleet");
  return fso.BuildPath(dir, "install-state.json");
}
function loadState() {
  var f = stateFile();
  if (!fso.FileExists(f) && fso.FileExists(f + ".tmp")) f = f + ".tmp";
  if (!fso.FileExists(f)) return null;
  return parseJson(readAscii(f), false);
}
function saveState(state) {
  ensureFolder(fso.GetParentFolderName(stateFile()));
  writeAscii(stateFile(), toJson(state, ""));
}

// ---------------------------------------------------------------- gates
function kitInstalls() {           // hosts with QP installed from this kit (results\<HOST>\install.json)
  var res = runCapture("dir /b /ad \"" + fso.BuildPath(kitFolder(), "results") + "\"", true), names, i, doc, out = [];
  names = res.rc == 0 ? res.text.split(/\r?\n/) : [];
  for (i = 0; i < names.length; i++) {
    if (!names[i]) continue;
    var f = fso.BuildPath(fso.BuildPath(fso.BuildPath(kitFolder(), "results"), names[i]), "install.json");
    if (!fso.FileExists(f)) continue;
    try { doc = parseJson(readAscii(f), false); } catch (x) { continue; }
    if (!doc.check && doc.action == "install" && (doc.outcome == "installed" || doc.outcome == "unchanged")) out.push(String(doc.host).toLowerCase());
  }
  return out;
}
function kitFolder() { return fso.GetParentFolderName(fso.GetParentFolderName(WScript.ScriptFullName)); }

function gates(host) {
  var i, me = null, verdict, checks;
  for (i = 0; i < S.terminals.length; i++) if (same(S.terminals[i].host.toLowerCase(), host.toLowerCase())) me = S.terminals[i];
  if (!me) throw new Refusal("install.refused.unknown_host", {host: host, enterprise: S.enterprise.customs_code});
  if (me.role == "longda_backup") throw new Refusal("install.refused.longda_backup", {host: host});
  if (me.role != "qp") throw new Refusal("install.refused.not_qp_terminal", {host: host, role: me.role});
  if (!S.qp) throw new Refusal("install.refused.no_msi", {});
  var vfile = argValue("verdict");
  if (!vfile || !fso.FileExists(vfile)) throw new Refusal("install.refused.no_verdict", {});
  try { verdict = parseJson(readAscii(vfile), false); } catch (x) { throw new Refusal("install.refused.no_verdict", {}); }
  RESULT.verdict = {verdict: verdict.verdict, profile: verdict.profile || null, judged_at: verdict.judged_at || null};
  if (!same(String(verdict.host).toLowerCase(), host.toLowerCase())) throw new Refusal("install.refused.other_host", {host: verdict.host});
  checks = verdict.checks || [];
  for (i = 0; i < checks.length; i++) if (checks[i].id == "longda" && checks[i].status == "fail") throw new Refusal("install.refused.old_vendor", {});
  if (verdict.verdict == "undetermined") throw new Refusal("install.refused.undetermined", {}, 3);
  if (verdict.verdict != "ready") {
    var failed = [];
    for (i = 0; i < checks.length; i++) if (checks[i].status == "fail" && checks[i].level != "info") failed.push(checks[i].id);
    throw new Refusal("install.refused.not_ready", {failed: failed.join(", ") || "-"});
  }
  var counted = [], fromKit = KIT ? kitInstalls() : [];
  for (i = 0; i < (S.counted_hosts || []).length; i++) counted.push(S.counted_hosts[i].toLowerCase());
  for (i = 0; i < fromKit.length; i++) if (!pyInList(fromKit[i], counted)) counted.push(fromKit[i]);
  var mine = pyInList(host.toLowerCase(), counted);
  RESULT.count = {approved: S.enterprise.approved_terminals, counted: counted, from_kit: fromKit, this_host_counted: mine};
  if (!mine && counted.length >= S.enterprise.approved_terminals)
    throw new Refusal("install.refused.count_reached", {approved: S.enterprise.approved_terminals, counted: counted.join(", ")});
}
function pyInList(v, list) { for (var i = 0; i < list.length; i++) if (same(list[i], v)) return true; return false; }

function msiPath() {
  var given = argValue("msi");
  if (given) return given;
  return fso.BuildPath(fso.GetParentFolderName(fso.GetAbsolutePathName(argValue("settings"))), S.qp.msi);
}

// ---------------------------------------------------------------- install
function install(host) {
  gates(host);
  var msi = msiPath();
  if (!fso.FileExists(msi) || (!KIT && fileSha256(msi) != S.qp.sha256)) throw new Refusal("install.refused.msi_mismatch", {msi: msi});
  var state = loadState() || {schema: "qpfleet.install-state", schema_version: 1, qp: null, values: []};
  if (state.undone) state = {schema: "qpfleet.install-state", schema_version: 1, qp: null, values: []};
  var road = roadPortSnapshot(), code = S.qp.product_code, now = qpVersion(code), changed = false, i, v, before, after;
  RESULT.qp = {product_code: code, version: S.qp.version, before: now ? now.version : null, after: null,
               uninstall_key: now ? now.key : null};
  var planned = [], printer = choosePrinter(), values = S.values.slice(0);
  if (printer) { var d = {}; for (var k in DEVICE) if (DEVICE.hasOwnProperty(k)) d[k] = DEVICE[k]; d.value = printer.device; values.push(d); }
  for (i = 0; i < values.length; i++) {
    v = values[i];
    after = v.value_from == "printer" ? (printer ? printer.name : null) : String(v.value);
    if (after === null) continue;
    before = readValue(v);
    planned.push({v: v, change: {id: v.id, target: v.target, where: describeWhere(v), before: before, after: after,
                                 result: same(before, after) ? "unchanged" : (CHECK ? "would_set" : "set")}});
  }
  for (i = 0; i < planned.length; i++) RESULT.changes.push(planned[i].change);
  var needQp = !now || !same(now.version, S.qp.version);
  if (CHECK) {
    RESULT.qp.after = now ? now.version : null;
    if (needQp) line("install.check.qp", {version: S.qp.version, code: code, before: now ? now.version : "-"});
    for (i = 0; i < planned.length; i++) if (planned[i].change.result == "would_set")
      RESULT.lines.push(planned[i].change.where + ": " + (planned[i].change.before === null ? "(absent)" : planned[i].change.before) + " -> " + planned[i].change.after);
    if (!hasArg("json")) for (i = 0; i < RESULT.lines.length; i++) if (/ -> /.test(RESULT.lines[i])) say(RESULT.lines[i]);
    var would = needQp;
    for (i = 0; i < planned.length; i++) if (planned[i].change.result == "would_set") would = true;
    return would ? finish("would_change", "install.would_change", {}) : finish("unchanged", "install.unchanged", {version: S.qp.version});
  }
  if (needQp) {
    line("install.running_msiexec", {version: S.qp.version});
    var ok = msiexec("/i", msi, "msiexec-install.log");
    now = qpVersion(code);
    RESULT.qp.after = now ? now.version : null;
    RESULT.qp.uninstall_key = now ? now.key : null;
    if (!ok) return finish("failed", "install.failed.msiexec", {code: RESULT.msiexec.exit_code, last_error: RESULT.msiexec.last_error});
    if (!now || !same(now.version, S.qp.version))
      return finish("failed", "install.failed.msiexec", {code: RESULT.msiexec.exit_code, last_error: "not registered under " + code + " after msiexec"});
    state.qp = {product_code: code, version: S.qp.version, installed_by_us: RESULT.qp.before === null, msi: S.qp.msi};
    changed = true;
    saveState(state);
  } else {
    RESULT.qp.after = now.version;
    if (!state.qp) state.qp = {product_code: code, version: S.qp.version, installed_by_us: false, msi: S.qp.msi};
  }
  for (i = 0; i < planned.length; i++) {
    var c = planned[i].change;
    if (c.result != "set") continue;
    var known = null;
    for (var j = 0; j < state.values.length; j++) if (same(state.values[j].where, c.where)) known = state.values[j];
    if (!known) { known = {id: c.id, where: c.where, spec: planned[i].v, before: c.before}; state.values.push(known); }
    known.after = c.after;
    saveState(state);                  // before writing: undo knows the old value even if the write fails
    try {
      if (planned[i].v === DEVICE || planned[i].v.id == DEVICE.id) setDefaultPrinter(printer); else writeValue(planned[i].v, c.after);
    } catch (x) {
      c.result = "failed";
      return finish("failed", "install.failed.value", {where: c.where, error: x.message || describe("write", x)});
    }
    changed = true;
  }
  saveState(state);
  var diff = compareRoadPort(road, roadPortSnapshot());
  if (diff.length) return finish("failed", "install.failed.road_port", {differences: diff.slice(0, 5).join("; ")});
  if (!changed) return finish("unchanged", "install.unchanged", {version: S.qp.version});
  return finish("installed", RESULT.reboot_needed ? "install.installed_reboot" : "install.installed", {version: S.qp.version});
}

// ---------------------------------------------------------------- undo
function undo() {
  var state = loadState(), i, v, now, current, road;
  if (!state || state.undone) return finish("unchanged", "install.nothing_to_undo", {});
  road = roadPortSnapshot();
  var removeQp = state.qp && state.qp.installed_by_us && qpVersion(state.qp.product_code);
  RESULT.qp = state.qp ? {product_code: state.qp.product_code, version: state.qp.version,
                          before: (now = qpVersion(state.qp.product_code)) ? now.version : null, after: null, uninstall_key: now ? now.key : null} : null;
  for (i = state.values.length - 1; i >= 0; i--) {
    v = state.values[i];
    current = readValue(v.spec);
    RESULT.changes.push({id: v.id, target: v.spec.target, where: v.where, before: current, after: v.before,
                         result: !same(current, v.after) ? "left_alone" : (CHECK ? "would_set" : (v.before === null ? "removed" : "restored"))});
  }
  if (CHECK) {
    var would = !!removeQp;
    for (i = 0; i < RESULT.changes.length; i++) if (RESULT.changes[i].result == "would_set") would = true;
    if (RESULT.qp) RESULT.qp.after = RESULT.qp.before;
    return would ? finish("would_change", "install.would_change", {}) : finish("unchanged", "install.nothing_to_undo", {});
  }
  if (removeQp) {
    line("install.running_msiexec_undo", {code: state.qp.product_code});
    if (!msiexec("/x", state.qp.product_code, "msiexec-undo.log"))
      return finish("failed", "install.failed.msiexec", {code: RESULT.msiexec.exit_code, last_error: RESULT.msiexec.last_error});
  }
  if (RESULT.qp) { now = qpVersion(state.qp.product_code); RESULT.qp.after = now ? now.version : null; }
  for (i = 0; i < RESULT.changes.length; i++) {
    var c = RESULT.changes[i], spec = null;
    if (c.result == "left_alone") continue;
    for (var j = 0; j < state.values.length; j++) if (same(state.values[j].where, c.where)) spec = state.values[j].spec;
    try { writeValue(spec, c.after); } catch (x) {
      c.result = "failed";
      return finish("failed", "install.failed.value", {where: c.where, error: x.message || describe("write", x)});
    }
  }
  var diff = compareRoadPort(road, roadPortSnapshot());
  state.undone = localIso(new Date());
  saveState(state);
  if (diff.length) return finish("failed", "install.failed.road_port", {differences: diff.slice(0, 5).join("; ")});
  return finish("undone", "install.undone", {});
}

// ---------------------------------------------------------------- main
function rotate(path) {
  if (!fso.FileExists(path)) return;
  var d = new Date(), stamp = d.getFullYear() + pad2(d.getMonth() + 1) + pad2(d.getDate()) + "T" + pad2(d.getHours()) +
          pad2(d.getMinutes()) + pad2(d.getSeconds());
  var target = path.replace(/\.json$/i, "-" + stamp + ".json");
  if (fso.FileExists(target)) deleteQuietly(target);
  fso.MoveFile(path, target);
}

function installerMain() {
  if (jscriptTooOld()) { print(tooOldMessage()); return 2; }   // Windows 2000 with JScript 5.1: one line
  fso = new ActiveXObject("Scripting.FileSystemObject");
  var settingsPath = argValue("settings"), host = env("COMPUTERNAME") || "UNKNOWN-HOST", start = new Date(), code;
  OUT = argValue("out");
  CHECK = hasArg("check");
  KIT = hasArg("kit");
  if (!settingsPath || !OUT) { say("usage: cscript //nologo install.js /settings:FILE [/verdict:FILE] /out:DIR [/undo] [/check] [/json]"); return 2; }
  try { S = parseJson(readAscii(settingsPath), false); } catch (x) { say(settingsPath + ": " + (x.message || describe("settings", x))); return 2; }
  if (S.schema != "qpfleet.install-settings" || S.schema_version != 1) { say(settingsPath + ": not an install-settings document, version 1"); return 2; }
  LNG = argValue("lang") || S.lang || "zh";
  RESULT = {schema: "qpfleet.install-result", schema_version: 1, action: hasArg("undo") ? "undo" : "install", check: CHECK,
            outcome: null, reason: null, reboot_needed: false, host: host, enterprise: S.enterprise.customs_code,
            started_at: localIso(start), finished_at: null, utc_offset_minutes: -start.getTimezoneOffset(),
            installer_version: INSTALLER_VERSION, verdict: null, count: null, qp: null, msiexec: null, road_port: null,
            changes: [], printer: null, lines: []};
  var outcome;
  try {
    try { ensureFolder(OUT); rotate(fso.BuildPath(OUT, "install.json")); }
    catch (x) { throw new Refusal("install.refused.cannot_record", {path: OUT, why: describe("out", x)}); }
    if (KIT) {
      line("install.verifying", {});
      var bad = manifestProblem(kitFolder(), false);
      if (bad) throw new Refusal("install.refused.tampered", {file: bad});
    }
    outcome = RESULT.action == "undo" ? undo() : install(host);
    code = EXIT[outcome];
  } catch (x) {
    if (x instanceof Refusal) { finish("refused", x.key, x.params); code = x.code || 1; }
    else { finish("failed", "install.failed.internal", {error: x instanceof Failure ? x.message : describe("install.js", x)}); code = 70; }
  }
  RESULT.finished_at = localIso(new Date());
  var text = toJson(RESULT, "");
  try { writeAscii(fso.BuildPath(OUT, "install.json"), text); } catch (x) { if (RESULT.outcome != "refused") code = code || 4; }
  if (hasArg("json")) print(text);
  return code;
}

WScript.Quit(installerMain());
