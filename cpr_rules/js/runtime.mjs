// ---- cpr_rules JavaScript runtime, part 2 of 2 (cpr_rules/js/runtime.mjs) ------------------------
// Input helpers of the generated code, code table look-ups, message rendering, klarskrift and the
// validator; part 1 (runtime_types.mjs, joined before this one) has text, dates and field types.

// -- input helpers of the generated code -----------------------------------------------------------
const GET = (obj, key) => (Object.hasOwn(obj, key) && obj[key] !== undefined ? obj[key] : null);
const HAS = (obj, key) => Object.hasOwn(obj, key);
// blank: null or a string of blanks; [] only where a list is the field's type (BLANK_LIST)
function BLANK(r) {
  if (r === null) return true;
  return typeof r === "string" && isBlankStr(r);
}
const BLANK_LIST = (r) => BLANK(r) || (Array.isArray(r) && r.length === 0);
function MASK(raw) {
  if (typeof raw !== "string") return "<not a personnummer>";
  const compact = split(raw).join("");
  if (WRITTEN.test(compact) || ECPR.test(compact)) return `${compact.slice(0, 6)}-****`;
  const a = cps(raw);
  const keep = Math.max(0, Math.min(6, a.length - 4));
  return a.slice(0, keep).join("") + "*".repeat(a.length - keep);
}
function BETWEEN(v, lo, hi) {
  const n = typeof v === "number" ? v : v.length > 15 ? BigInt(v) : Number(v);
  return lo <= n && n <= hi;
}
const UNDECIDED = { 2: "invalid", 4: "stamdata", 3: "missing" };
function UND(...states) {
  for (const s of [2, 4, 3]) if (states.includes(s)) return UNDECIDED[s];
  throw new Error("UND called with every input decided");
}
const CUT = (k) => cpSlice(maskText(String(k)), 0, 64);
// what a finding says a field held (cpr_rules/rules/messages.py echo)
function ECHO(v) {
  if (typeof v === "string") return maskText(v);
  if (v instanceof Personnummer) return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return null;
    const a = Math.abs(v);
    return Number.isInteger(v) && a >= 1e9 && a < 1e10 ? maskText(String(v)) : v;
  }
  if (Array.isArray(v)) return v.map(ECHO);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskText(k), ECHO(x)]));
  }
  return v;
}

// -- code tables ---------------------------------------------------------------------------------
const NO_END = MAX_DAY + 1;
class Table {
  // Rows sorted by key (decoded from cpr_rules/js/data.py `_encode`): `index` maps a key (its
  // parts joined by "|") to its rows [lo, hi); `text[i]` indexes the klarskrift `texts`.
  constructor(t) {
    this.name = t.name;
    this.produced = t.produced === null ? null : parseIso(t.produced);
    this.closed = t.closed;
    this.texts = t.texts;
    this.from = t.from;
    this.to = t.to;
    this.english = t.english || null;
    this.index = new Map();
    let row = 0, number = 0;
    t.n.forEach((count, j) => {
      let key;
      if (t.k !== undefined) key = t.k[j];
      else { number += t.kd[j]; key = String(number).padStart(t.w, "0"); }
      this.index.set(key, [row, row + count]);
      row += count;
    });
    this.text = new Array(t.td.length);
    let ti = 0;
    t.td.forEach((d, i) => { ti += d; this.text[i] = ti; });
    this.husnr = null;
    if (t.h) {
      const [folded, span] = t.h;
      const starts = folded.map((x) => x >> 1);
      this.husnr = [starts, starts.map((s, i) => s + span[i]), folded.map((x) => x & 1)];
    }
  }
  rowText(i) { return this.texts[this.text[i]]; }
}
function husnrKey(h) {
  const digits = h.slice(0, 3).trim();
  if (!digits) return 0;
  const letter = h.slice(3, 4).trim();
  return Number(digits) * 27 + (letter ? letter.toUpperCase().charCodeAt(0) - 64 : 0);
}
// CodeTable.lookup: the first row of the key valid on `asOf` (and holding `husnr`), else a miss
function lookup(table, key, asOf, husnrValue) {
  if (table === undefined) throw new Error("code table not loaded: await validator.prepare(data) first");
  const range = table.index.get(key);
  const lo = range === undefined ? 0 : range[0], hi = range === undefined ? 0 : range[1];
  const byHusnr = table.husnr !== null && husnrValue !== null && husnrValue !== undefined;
  let k = 0, side = -1, starts = null, ends = null, sides = null;
  if (byHusnr) {
    k = husnrKey(husnrValue);
    side = /^[0-9]{3}$/.test(husnrValue.slice(0, 3)) ? Number(husnrValue.slice(0, 3)) % 2 : -1;
    [starts, ends, sides] = table.husnr;
  }
  const from = table.from, to = table.to;
  let first = null;
  for (let i = lo; i < hi; i++) {
    if (byHusnr && !(sides[i] === side && starts[i] <= k && k <= ends[i])) continue;
    if (asOf === null || ((from === null || from[i] <= asOf) && (to === null || asOf < to[i])))
      return { found: true, table, index: i };
    if (first === null) first = i;
  }
  const miss = { found: false, produced: table.produced, reason: "unknown" };
  if (first !== null && asOf !== null) {
    miss.reason = table.from !== null && table.from[first] > asOf ? "not_yet" : "ended";
  } else if (!table.closed && table.produced !== null && asOf !== null && asOf - table.produced > DATA.stale_after_days) {
    miss.reason = "stale";
  }
  return miss;
}

// -- messages (cpr_rules/rules/messages.py, cpr_rules/locale.py with babel's CLDR data) ----------
function formatDate(n, lang) {
  const [y, m, d] = fromOrdinal(n);
  const loc = DATA.locale[lang];
  return loc.date_long.map(([kind, v]) => {
    if (kind === "lit") return v;
    if (v[0] === "d") return pad(d, v.length);
    if (v[0] === "y") return v.length === 2 ? pad(y % 100, 2) : pad(y, v.length);
    if (v.length >= 4) return loc.months[m - 1];
    if (v.length === 3) return loc.months_abbr[m - 1];
    return pad(m, v.length);
  }).join("");
}
function fill(pattern, a, b) { return pattern.replace("{0}", () => a).replace("{1}", () => b); }
function formatList(items, lang) {
  const p = DATA.locale[lang].list;
  if (items.length === 0) return "";
  if (items.length === 1) return items[0];
  if (items.length === 2) return fill(p["2"], items[0], items[1]);
  let out = fill(p.start, items[0], items[1]);
  for (const item of items.slice(2, -1)) out = fill(p.middle, out, item);
  return fill(p.end, out, items[items.length - 1]);
}
function pyRepr(v) {
  if (typeof v === "string") {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/[\\\n\r\t]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]);
    return q + (q === "'" ? body.replaceAll("'", "\\'") : body) + q;
  }
  return pyStr(v);
}
function pyFloat(x) {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const e = Math.abs(x) >= 1e16 || (x !== 0 && Math.abs(x) < 1e-4);
  if (!e) return String(x);
  const [mant, exp] = x.toExponential().split("e");
  const n = Number(exp);
  return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}
function pyStr(v) {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isSafeInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === "string" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
}
function renderValue(v, lang, codeText) {
  if (v instanceof Day) return formatDate(v.n, lang);
  if (v instanceof Personnummer) return v.masked;
  if (v instanceof CT) return codeText(v.table, v.code, lang) || v.code;
  if (v instanceof FT) return lang === "da" ? v.da : v.en;
  if (Array.isArray(v)) return formatList(v.map((x) => renderValue(x, lang, codeText)), lang);
  return pyStr(v);
}
function render(template, params, lang, codeText) {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, name) => {
    if (name === undefined) return all[0];
    return Object.hasOwn(params, name) ? renderValue(params[name], lang, codeText) : all;
  });
}
function toJson(v) {
  if (v instanceof Day) return isoDate(v.n);
  if (v instanceof Personnummer) return v.masked;
  if (v instanceof CT) return v.code;
  if (v instanceof FT) return v.name;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "bigint") return Number(v); // what JSON.parse makes of Python's integer
  return v;
}

// -- klarskrift (cpr_rules/translator.py, adressefelter.format_standardadresse) ------------------
function displayHusnr(h) { return h.slice(0, 3).replace(/^[0 ]+/, "") + strip(h.slice(3)); }
function displayEtage(e) { return isAsciiDigits(e) ? `${Number(e)}.` : `${e}.`; }
function displaySidedoer(s) { return isAsciiDigits(s) ? String(Number(s)) : strip(s); }
function standardAddress(vejnavn, husnrV, etageV, sidedoerV, bnrV) {
  let line = strip(vejnavn);
  if (husnrV) line = `${line} ${displayHusnr(husnrV)}`;
  const floor = [etageV && displayEtage(etageV), sidedoerV && displaySidedoer(sidedoerV)].filter((p) => p).join(" ");
  if (floor) line = `${line}, ${floor}`;
  if (bnrV) line = `${line}, B-${strip(bnrV)}`;
  return line;
}

// -- the validator -------------------------------------------------------------------------------
const LANGS = ["da", "en"];
// The default today is the date in Denmark, as in Python (cpr_rules._today.danish_today);
// a Date given as today counts by its own calendar day in the zone it was made in.
function danishToday() {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Copenhagen", year: "numeric", month: "numeric", day: "numeric" }).formatToParts(new Date());
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return ordinal(get("year"), get("month"), get("day"));
}
function todayOf(value) {
  if (value === undefined || value === null) return danishToday();
  if (value instanceof Date) return ordinal(value.getFullYear(), value.getMonth() + 1, value.getDate());
  const day = typeof value === "string" ? parseIso(value) : null;
  if (day === null) throw new TypeError(`today must be "YYYY-MM-DD" or a Date, not ${JSON.stringify(value)}`);
  return day;
}
async function defaultRead(url) {
  if (url.protocol === "file:") {
    const fs = await import("node:fs/promises");
    return JSON.parse(await fs.readFile(url, "utf8"));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

class Validator {
  constructor(small, base, read) {
    if (small.module !== RULESET.data_version)
      throw new Error(`data ${small.module} does not belong to this module (${RULESET.data_version})`);
    this.base = base;
    this.read = read;
    this.tables = new Map(Object.entries(small.tables).map(([n, t]) => [n, new Table(t)]));
    this.chunked = small.chunked; // table -> {produced, closed, ...}: split by kommune
    this.chunkFiles = small.chunks; // kommunekode -> file name
    this.chunks = new Map();
    this.empty = new Map();
    this.pending = new Map();
    this.validate = build((name, parts, asOf, h) => this.lookup(name, parts, asOf, h));
  }
  get haendelse() { return RULESET.haendelse; }
  get version() { return RULESET.version; }
  table(name, parts) {
    if (!Object.hasOwn(this.chunked, name)) return [this.tables.get(name), parts.join("|")];
    const chunk = this.chunks.get(parts[0]);
    if (chunk === undefined) {
      if (Object.hasOwn(this.chunkFiles, parts[0]))
        throw new Error(`kommune ${parts[0]} is not loaded: await validator.prepare(data) (or load("${parts[0]}")) before check`);
      return [this.emptyTable(name), ""];
    }
    return [chunk.get(name) ?? this.emptyTable(name), parts.slice(1).join("|")];
  }
  emptyTable(name) {
    const meta = this.chunked[name];
    if (!this.empty.has(name))
      this.empty.set(name, new Table({ ...meta, n: [], k: [], td: [], texts: [], from: null, to: null, h: meta.husnr ? [[], []] : undefined }));
    return this.empty.get(name);
  }
  lookup(name, parts, asOf, h) {
    const [table, key] = this.table(name, parts);
    return lookup(table, key, asOf, h);
  }
  /** Load the streets and house-number ranges of one kommune (4 digits, "0101"). */
  async load(kommunekode) {
    const file = this.chunkFiles[kommunekode];
    if (file === undefined || this.chunks.has(kommunekode)) return;
    if (!this.pending.has(kommunekode)) {
      this.pending.set(kommunekode, this.read(new URL(file, this.base)).then((chunk) => {
        if (chunk.module !== RULESET.data_version)
          throw new Error(`${file}: data ${chunk.module} does not belong to this module (${RULESET.data_version})`);
        const tables = new Map();
        for (const [n, t] of Object.entries(chunk.tables)) tables.set(n, new Table({ ...this.chunked[n], ...t }));
        this.chunks.set(kommunekode, tables);
      }).finally(() => this.pending.delete(kommunekode)));
    }
    await this.pending.get(kommunekode);
  }
  /** Load what `check(data)` will need (the kommune of the address). */
  async prepare(data) {
    const field = RULESET.chunk_field;
    if (field === null || data === null || typeof data !== "object" || Array.isArray(data)) return;
    const raw = GET(data, field);
    if (BLANK(raw)) return;
    try { await this.load(code(raw, RULESET.chunk_spec)); } catch (e) { if (!(e instanceof FieldValueError)) throw e; }
  }
  /** Everything `check` needs for every kommune (Node, tests, benchmarks). */
  async loadAll() { await Promise.all(Object.keys(this.chunkFiles).map((k) => this.load(k))); }
  async checkAsync(data, options = {}) { await this.prepare(data); return this.check(data, options); }
  codeText(table, codeValue, lang) {
    const found = this.lookup(table, [codeValue], null, null);
    if (!found.found) return null;
    const english = lang === "en" && found.table.english ? found.table.english[codeValue] : undefined;
    return english || found.table.rowText(found.index);
  }
  klarskriftText(table, parts, day) {
    const found = this.lookup(table, parts, day, null);
    return found.found ? found.table.rowText(found.index) : null;
  }
  check(data, { stamdata = null, today, partial = false, lang = "da" } = {}) {
    if (!LANGS.includes(lang)) throw new RangeError(`language must be one of da, en, not ${JSON.stringify(lang)}`);
    const day = todayOf(today);
    if (typeof partial !== "boolean") throw new TypeError(`partial must be true or false, not ${typeof partial}`);
    if (data === null || data === undefined || typeof data !== "object" || Array.isArray(data)) {
      const finding = this.finding(["input.not-object", "error", RULESET.file, ...DATA.not_object, [], []], [], { kind: pyTypeName(data).replace("NoneType", "null") }, lang);
      return this.report([finding], [], [], [], day, partial, lang);
    }
    if (stamdata === undefined || stamdata === null || typeof stamdata !== "object" || Array.isArray(stamdata)) stamdata = null;
    const deep = [...tooDeep(data), ...(stamdata ? tooDeep(stamdata) : [])];
    if (deep.length) { // checked before any rule runs, as in Python (MAX_INPUT_DEPTH)
      const limit = DATA.max_input_depth;
      const finding = this.finding(["input.too-deep", "error", RULESET.file, ...DATA.too_deep, [], []], deep, { fields: deep, limit }, lang);
      return this.report([finding], [], [], [], day, partial, lang);
    }
    const [raw, und, values, states] = this.validate(data, stamdata, day, partial);
    const findings = raw.map(([k, fields, params]) => {
      let kind = RULESET.kinds[k];
      if (kind[7]) { // a type finding: the field's message for the reason (type_messages)
        const t = kind[7][pyStr(params.reason)] || kind[7]["value.type"];
        kind = [kind[0], kind[1], kind[2], t[0], t[1], kind[5], kind[6]];
      }
      return this.finding(kind, fields, params, lang);
    });
    const undecided = und.map(([j, reason]) => ({ rule: RULESET.rule_inputs[j][0], fields: [...RULESET.rule_inputs[j][1]], reason }));
    return this.report(findings, undecided, values, states, day, partial, lang);
  }
  finding(kind, fields, params, lang) {
    const [rule, severity, source, da, en, fejl, anmrk] = kind;
    const json = {};
    for (const [k, v] of Object.entries(params)) json[k] = toJson(v);
    return {
      rule, fields: [...fields], severity,
      message: render(lang === "da" ? da : en, params, lang, (t, c, l) => this.codeText(t, c, l)),
      params: json, source, cpr: { fejl: [...fejl], anmrk: [...anmrk] },
    };
  }
  report(findings, undecided, values, states, day, partial, lang) {
    const data = {};
    RULESET.field_names.forEach((name, i) => {
      if (states[i] === 1) data[name] = toJson(RULESET.field_types[i] === "date" ? new Day(values[i]) : ECHO(values[i]));
    });
    const asOfField = RULESET.as_of_field;
    const asOfIndex = asOfField === null ? -1 : RULESET.field_names.indexOf(asOfField);
    const asOf = asOfIndex >= 0 && states[asOfIndex] === 1 && RULESET.field_types[asOfIndex] === "date" ? values[asOfIndex] : null;
    return {
      haendelse: RULESET.haendelse,
      ruleset_version: RULESET.version,
      ok: !findings.some((f) => f.severity === "error"),
      lang,
      today: isoDate(day),
      as_of: asOf === null ? null : isoDate(asOf),
      partial,
      findings,
      undecided,
      data,
      klarskrift: states.length ? this.klarskrift(values, states, asOf) : {},
      tables: { ...RULESET.production_dates },
    };
  }
  klarskrift(values, states, day) {
    const out = {};
    for (const [name, table, i, key] of RULESET.codes) {
      if (states[i] === 1 && key.every((j) => states[j] === 1)) out[name] = this.klarskriftText(table, key.map((j) => values[j]), day);
    }
    const a = RULESET.address;
    if (a !== null) {
      const [k, v, h, e, s, b] = a;
      if (states[k] === 1 && states[v] === 1 && values[k] && values[v]) {
        const part = (j) => (j !== null && states[j] === 1 ? pyStr(values[j]) : null);
        const komk = pyStr(values[k]), vej = pyStr(values[v]), husnrV = part(h);
        const vejnavn = this.klarskriftText("vejstykker", [komk, vej], day);
        let line = null;
        if (vejnavn !== null) {
          const tail = [];
          if (husnrV) {
            const post = this.lookupText("postdistrikter", [komk, vej], day, husnrV);
            const bynavn = this.lookupText("bynavne", [komk, vej], day, husnrV);
            if (bynavn) tail.push(bynavn);
            if (post) tail.push(post);
          }
          line = [standardAddress(vejnavn, husnrV, part(e), part(s), part(b)), ...tail].join(", ");
        }
        out.adresse = line;
      }
    }
    return out;
  }
  lookupText(table, parts, day, h) {
    const found = this.lookup(table, parts, day, h);
    return found.found ? found.table.rowText(found.index) : null;
  }
}

/** A validator for this rule set. Options: `baseUrl` (where the data folder is; default next to
 * this module), `read(url)` (returns the parsed JSON of a data file), `preload` ("all" or a list
 * of kommunekoder to load at once). */
export async function createValidator(options = {}) {
  const base = options.baseUrl !== undefined ? new URL(options.baseUrl) : new URL(`./${RULESET.data_dir}/`, import.meta.url);
  const read = options.read ?? defaultRead;
  const small = await read(new URL("tables.json", base));
  const validator = new Validator(small, base, read);
  if (options.preload === "all") await validator.loadAll();
  else if (Array.isArray(options.preload)) await Promise.all(options.preload.map((k) => validator.load(k)));
  return validator;
}
export { FieldValueError, RULESET as ruleset };
