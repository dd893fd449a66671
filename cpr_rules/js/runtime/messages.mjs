// Part of the cpr_rules JavaScript runtime (cpr_rules/js/runtime/, concatenated in build.py).
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
