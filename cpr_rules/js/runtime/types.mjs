// Part of the cpr_rules JavaScript runtime (cpr_rules/js/runtime/, concatenated in build.py).
// -- field types (cpr_rules/rules/types.py, adressefelter.py, personnummer.py) --------------------
function pyTypeName(raw) {
  if (raw === null || raw === undefined) return "NoneType";
  if (typeof raw === "boolean") return "bool";
  if (typeof raw === "number") return Number.isSafeInteger(raw) ? "int" : "float";
  if (typeof raw === "string") return "str";
  return Array.isArray(raw) ? "list" : "dict";
}
function text(raw) {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return String(raw);
  throw new FieldValueError("value.type");
}
// fullmatch of a Python pattern (cpr_rules/js/data.py checks it means the same here)
const fullmatch = (pattern) => new RegExp(`^(?:${pattern})$`, "u");
const WRITTEN = fullmatch(DATA.patterns.written);
const ECPR = fullmatch(DATA.patterns.ecpr);
const CENTURY = DATA.personnummer.century;
const ERSTATNING = DATA.personnummer.erstatning_days;
function personnummer(raw) {
  const compact = split(text(raw)).join("");
  if (WRITTEN.test(compact)) {
    const digits = compact.replace("-", "");
    const day = +digits.slice(0, 2), month = +digits.slice(2, 4), yy = +digits.slice(4, 6);
    if (day >= ERSTATNING[0] && day <= ERSTATNING[1]) throw new FieldValueError("personnummer.erstatning");
    const d7 = +digits[6];
    const row = CENTURY.find(([a, b, c, d]) => a <= d7 && d7 <= b && c <= yy && yy <= d);
    if (ordinal(row[4] + yy, month, day) === null) throw new FieldValueError("personnummer.date");
    return new Personnummer(digits);
  }
  if (ECPR.test(compact)) throw new FieldValueError("personnummer.ecpr");
  throw new FieldValueError("personnummer.format");
}
function date(raw) {
  const t = strip(text(raw));
  const a = cps(t);
  if (a.length === 8 && a.every(isDigitChar)) {
    const parts = [a.slice(0, 4), a.slice(4, 6), a.slice(6)].map((p) => {
      if (!p.every(isDecimal)) throw new FieldValueError("date.calendar"); // int('²') fails
      return p.reduce((n, c) => n * 10 + decimalValue(c), 0);
    });
    const day = ordinal(...parts);
    if (day === null) throw new FieldValueError("date.calendar");
    return day;
  }
  if (a.length === 10 && a[4] === "-" && a[7] === "-") {
    const day = parseIso(t);
    if (day === null) throw new FieldValueError("date.calendar");
    return day;
  }
  throw new FieldValueError("date.format");
}
function code(raw, spec) {
  let t = strip(text(raw));
  if (!isAsciiDigits(t)) throw new FieldValueError("code.format");
  if (spec.digits !== null && spec.digits !== undefined) {
    if (t.length > spec.digits) throw new FieldValueError("code.length");
    t = t.padStart(spec.digits, "0");
  }
  return t;
}
function code_list(raw, spec) {
  const items = Array.isArray(raw) ? raw : split(text(raw).replaceAll(",", " "));
  const out = new Set(items.map((item) => code(item, spec)));
  return [...out].sort();
}
function integer(raw, spec) {
  const t = strip(text(raw));
  if (!isAsciiDigits(t) || t.length > 18) throw new FieldValueError("integer.format");
  const exact = Number(t);
  const value = Number.isSafeInteger(exact) ? exact : BigInt(t); // up to 18 digits, exact
  const small = spec.min !== null && spec.min !== undefined && value < spec.min;
  const big = spec.max !== null && spec.max !== undefined && value > spec.max;
  if (small || big) {
    const hasMin = spec.min !== null && spec.min !== undefined;
    const hasMax = spec.max !== null && spec.max !== undefined;
    throw new FieldValueError(hasMin && hasMax ? "integer.range" : hasMin ? "integer.min" : "integer.max");
  }
  return value;
}
function choice(raw, spec) {
  const t = upper(strip(text(raw)));
  const i = spec.upper_values.indexOf(t);
  if (i >= 0) return spec.values[i];
  throw new FieldValueError("choice.value");
}
function text_(raw, spec) {
  const t = split(text(raw)).join(" ");
  if (spec.max_length !== null && spec.max_length !== undefined && cpLen(t) > spec.max_length)
    throw new FieldValueError("text.length");
  return t;
}
// Python's re: \d is any decimal digit, \s any str.isspace character.
function husnr(raw) {
  const a = cps(strip(text(raw)));
  let i = 0;
  while (i < a.length && i < 3 && isDecimal(a[i])) i++;
  if (i === 0) throw new FieldValueError("husnr.format");
  let j = i;
  if (j < a.length && isSpace(a[j])) j++;
  let letter = "";
  if (j < a.length && /^[A-Za-z]$/.test(a[j])) { letter = a[j]; j++; }
  if (j !== a.length) {
    // backtracking of \d{1,3}\s?[A-Za-z]?: a fourth digit never fits, so the match fails
    throw new FieldValueError("husnr.format");
  }
  const number = a.slice(0, i).reduce((n, c) => n * 10 + decimalValue(c), 0);
  if (number < 1 || number > 999) throw new FieldValueError("husnr.range");
  return pad(number, 3) + letter.toUpperCase();
}
const ETAGE_WORDS = DATA.etage_words;
function rstripDots(s) { return s.replace(/\.+$/u, ""); }
function etage(raw) {
  const value = lower(strip(rstripDots(strip(text(raw)))));
  if (isAsciiDigits(value)) {
    if (value.length > INT_MAX_DIGITS) throw new FieldValueError(null);
    const n = Number(value.length > 15 ? 1e16 : value);
    if (!(n >= 1 && n <= 99) || value.length > 2) throw new FieldValueError("etage.range");
    return pad(n, 2);
  }
  if (Object.hasOwn(ETAGE_WORDS, value)) return ETAGE_WORDS[value];
  throw new FieldValueError("etage.format");
}
const SIDEDOER = fullmatch(DATA.patterns.sidedoer);
function sidedoer(raw) {
  const value = lower(strip(text(raw)));
  if (isAsciiDigits(value)) {
    const rest = value.replace(/^0+/, "");
    if (rest.length > 4) throw new FieldValueError("sidedoer.range");
    if (value.length > INT_MAX_DIGITS) throw new FieldValueError(null);
    if (Number(rest || "0") === 0) throw new FieldValueError("sidedoer.range");
    return pad(Number(rest), 4);
  }
  if (cpLen(value) > 4 || !SIDEDOER.test(value)) throw new FieldValueError("sidedoer.format");
  return value;
}
const BNR = fullmatch(DATA.patterns.bnr);
function bnr(raw) {
  const value = upper(strip(text(raw)));
  if (!value || !BNR.test(value)) throw new FieldValueError("bnr.format");
  return value;
}
const CONVN_CHARS = fullmatch(DATA.patterns.convn_chars);
function convn(raw) {
  let value = strip(text(raw));
  if (lower(cpSlice(value, 0, 4)) !== "c/o " || !strip(cpSlice(value, 4))) throw new FieldValueError("convn.prefix");
  value = "c/o " + strip(cpSlice(value, 4));
  if (cpLen(value) > 34) throw new FieldValueError("convn.length");
  if (value.includes("  ")) throw new FieldValueError("convn.blanks");
  const rest = cpSlice(value, 4);
  // value[4].isalnum(): among the characters CONVN_CHARS allows, all but - ' . / , and blank
  if (!CONVN_CHARS.test(rest) || /^[-'./, ]/u.test(rest)) throw new FieldValueError("convn.characters");
  return value;
}
const NORMALISERS = { personnummer, date, code, code_list, integer, choice, text: text_, husnr, etage, sidedoer, bnr, convn };

// -- input helpers of the generated code -----------------------------------------------------------
const GET = (obj, key) => (Object.hasOwn(obj, key) && obj[key] !== undefined ? obj[key] : null);
const HAS = (obj, key) => Object.hasOwn(obj, key);
function BLANK(r) {
  if (r === null) return true;
  if (typeof r === "string") return isBlankStr(r);
  return Array.isArray(r) && r.length === 0;
}
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
const CUT = (k) => cpSlice(String(k), 0, 64);
