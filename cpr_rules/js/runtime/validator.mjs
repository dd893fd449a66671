// Part of the cpr_rules JavaScript runtime (cpr_rules/js/runtime/, concatenated in build.py).
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
    this.typeTemplates = DATA.type_messages;
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
    partial = Boolean(partial);
    if (data === null || data === undefined || typeof data !== "object" || Array.isArray(data)) {
      const finding = this.finding(["input.not-object", "error", RULESET.file, ...DATA.not_object, [], []], [], { kind: pyTypeName(data).replace("NoneType", "null") }, lang);
      return this.report([finding], [], [], [], day, partial, lang);
    }
    if (stamdata === undefined || stamdata === null || typeof stamdata !== "object" || Array.isArray(stamdata)) stamdata = null;
    const [raw, und, values, states] = this.validate(data, stamdata, day, partial);
    const findings = raw.map(([k, fields, params]) => {
      let kind = RULESET.kinds[k];
      if (kind[7]) {
        const t = this.typeTemplates[pyStr(params.reason)] || this.typeTemplates["value.type"];
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
      if (states[i] === 1) data[name] = toJson(RULESET.field_types[i] === "date" ? new Day(values[i]) : values[i]);
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
