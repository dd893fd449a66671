// ---- cpr_rules JavaScript runtime, part 1 of 2 (cpr_rules/js/runtime_types.mjs) ------------------
// The fixed part of every generated module, in two files that cpr_rules/js/build.py joins in
// order: this one has Python's view of text, dates as day numbers and the field-type
// normalisers; runtime.mjs has the input helpers, code table look-ups, message rendering,
// klarskrift and the validator. Both mirror the Python engine line for line
// (cpr_rules/rules/types.py, adressefelter.py, personnummer.py, tables/_table.py,
// rules/messages.py, rules/validator.py); the parity test (tests/js) proves they agree.
// Everything that is data (Unicode classes, month names, list patterns, messages, tables) comes
// from the generator in DATA, never re-typed here.

// A field value the type refuses. Thrown by the normalisers and caught by the generated code
// only, so it is a plain class: an Error would capture a stack trace on every refused value.
class FieldValueError {
  constructor(reason) {
    this.reason = reason; // null: a ValueError without a reason (the field type's fallback)
  }
}

// -- Python's view of text: code points, str.isspace, str.isdigit/isdecimal -----------------------
const WS = new Set(DATA.unicode.space);
const ZEROS = DATA.unicode.decimal_zeros; // sorted code points of every decimal digit zero
const DIGIT_EXTRA = new Set(DATA.unicode.digit_extra); // isdigit() but not isdecimal()
const UPPER = new Map(Object.entries(DATA.unicode.upper));
const LOWER = new Map(Object.entries(DATA.unicode.lower));
const INT_MAX_DIGITS = DATA.unicode.int_max_str_digits;

const cps = (s) => Array.from(s);
const isSpace = (c) => WS.has(c.codePointAt(0));
// Fast paths: most values are ASCII (no code point needs two UTF-16 units, and str.isspace of
// an ASCII character is a table look-up); anything else takes the code-point path.
const ASCII_SPACE = Array.from({ length: 128 }, (_, i) => WS.has(i));
const NOT_ASCII = /[^\x00-\x7f]/;
const SURROGATE = /[\uD800-\uDFFF]/;
function decimalValue(c) {
  const cp = c.codePointAt(0);
  let lo = 0, hi = ZEROS.length - 1, zero = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ZEROS[mid] <= cp) { zero = ZEROS[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return zero >= 0 && cp - zero <= 9 ? cp - zero : -1;
}
const isDecimal = (c) => decimalValue(c) >= 0;
const isDigitChar = (c) => isDecimal(c) || DIGIT_EXTRA.has(c.codePointAt(0));
const isAsciiDigits = (s) => s.length > 0 && /^[0-9]+$/.test(s);
function strip(s) {
  if (!NOT_ASCII.test(s)) {
    let i = 0, j = s.length;
    while (i < j && ASCII_SPACE[s.charCodeAt(i)]) i++;
    while (j > i && ASCII_SPACE[s.charCodeAt(j - 1)]) j--;
    return i === 0 && j === s.length ? s : s.slice(i, j);
  }
  const a = cps(s);
  let i = 0, j = a.length;
  while (i < j && isSpace(a[i])) i++;
  while (j > i && isSpace(a[j - 1])) j--;
  return a.slice(i, j).join("");
}
function split(s) {
  const out = [];
  let cur = "";
  for (const c of s) {
    if (isSpace(c)) { if (cur) out.push(cur); cur = ""; } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}
const upper = (s) => (NOT_ASCII.test(s) ? cps(s).map((c) => UPPER.get(c) ?? c).join("") : s.toUpperCase());
const lower = (s) => (NOT_ASCII.test(s) ? cps(s).map((c) => LOWER.get(c) ?? c).join("") : s.toLowerCase());
const cpLen = (s) => (SURROGATE.test(s) ? cps(s).length : s.length);
const cpSlice = (s, a, b) => (SURROGATE.test(s) ? cps(s).slice(a, b).join("") : s.slice(a, b));
function isBlankStr(s) {
  if (NOT_ASCII.test(s)) return cps(s).every(isSpace);
  for (let i = 0; i < s.length; i++) if (!ASCII_SPACE[s.charCodeAt(i)]) return false;
  return true;
}

// -- dates as day numbers (Python's date.toordinal): no Date, no time zone -----------------------
const MIN_DAY = 1, MAX_DAY = 3652059; // date.min, date.max
const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
function daysInMonth(y, m) { return m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]; }
function ordinal(y, m, d) {
  if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return null;
  const py = y - 1;
  return py * 365 + Math.floor(py / 4) - Math.floor(py / 100) + Math.floor(py / 400) +
    DAYS_BEFORE_MONTH[m] + (m > 2 && isLeap(y) ? 1 : 0) + d;
}
function fromOrdinal(n) {
  let y = Math.floor((n - 1) / 365.2425) + 1;
  while (ordinal(y, 1, 1) > n) y--;
  while (y < 9999 && ordinal(y + 1, 1, 1) <= n) y++;
  let m = 1;
  while (m < 12 && ordinal(y, m + 1, 1) <= n) m++;
  return [y, m, n - ordinal(y, m, 1) + 1];
}
const pad = (n, w) => String(n).padStart(w, "0");
function isoDate(n) { const [y, m, d] = fromOrdinal(n); return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`; }
function parseIso(text) {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  return m ? ordinal(+m[1], +m[2], +m[3]) : null;
}
const PLUS = (day, n) => Math.min(day + n, MAX_DAY);
const MINUS = (day, n) => Math.max(day - n, MIN_DAY);

class Day { constructor(n) { this.n = n; } } // a date parameter of a message
const DAY = (n) => (n === null || n === undefined ? null : new Day(n));
class CT { constructor(table, code) { this.table = table; this.code = code; } } // {text} of a code
class FT { constructor(name, da, en) { this.name = name; this.da = da; this.en = en; } } // {field}: its title
class Personnummer {
  constructor(digits) { this.digits = digits; this.masked = `${digits.slice(0, 6)}-****`; }
  get isModulus11Valid() {
    const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += w[i] * (this.digits.charCodeAt(i) - 48);
    return sum % 11 === 0;
  }
}

// -- what a finding echoes of the input: mask_text (cpr_rules/personnummer.py), echo, the depth --
const SP = `[${DATA.unicode.space.map((c) => `\\u{${c.toString(16)}}`).join("")}]`;
const IN_TEXT = new RegExp(
  `(?<![0-9])(?=([0-9](?:${SP}*[0-9]){5}${SP}*(?:-${SP}*)?[0-9]` +
  `(?:(?:${SP}*[0-9]){3}|${SP}*[A-Za-z]${SP}*[A-Za-z]${SP}*[0-9]))(?![0-9]))`, "gu");
const BLANK_OR_HYPHEN = new RegExp(`(?:${SP}|-)+`, "gu");
const SIX_DIGITS = /^(?:[^0-9]*[0-9]){6}/u;
function maskText(text) {
  // the common case, without a regex: fewer than ten digits hold no personnummer
  let digits = 0;
  for (let i = 0; i < text.length && digits < 10; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 10) return text;
  const spans = Array.from(text.matchAll(IN_TEXT), (m) => [m.index, m.index + m[1].length]);
  if (spans.length === 0) return text;
  const out = [];
  let done = 0, i = 0;
  while (i < spans.length) {
    let j = i, end = spans[i][1];
    while (j + 1 < spans.length && spans[j + 1][0] < end) { j++; end = Math.max(end, spans[j][1]); }
    const start = spans[i][0], part = text.slice(start, end);
    out.push(text.slice(done, start));
    if (i === j) out.push(`${part.replace(BLANK_OR_HYPHEN, "").slice(0, 6)}-****`);
    else {
      const cut = SIX_DIGITS.exec(part)?.[0].length ?? 0;
      out.push(part.slice(0, cut) + part.slice(cut).replace(/[0-9A-Za-z]/g, "*"));
    }
    done = end; i = j + 1;
  }
  out.push(text.slice(done));
  return out.join("");
}

// the names of the fields whose values nest deeper than the bound (rules/validator.py _too_deep)
function tooDeep(fields) {
  const out = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || typeof value !== "object") continue;
    const stack = [[value, 1]];
    while (stack.length) {
      const [item, depth] = stack.pop();
      if (depth > DATA.max_input_depth) { out.push(cpSlice(maskText(name), 0, 100)); break; }
      for (const c of Array.isArray(item) ? item : Object.values(item)) if (c !== null && typeof c === "object") stack.push([c, depth + 1]);
    }
  }
  return out;
}

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
  // DDMMÅÅ-LLLL or 10 ASCII digits, blanks only around it (issue 9)
  const t = strip(text(raw));
  if (WRITTEN.test(t)) {
    const digits = t.replace("-", "");
    const day = +digits.slice(0, 2), month = +digits.slice(2, 4), yy = +digits.slice(4, 6);
    if (day >= ERSTATNING[0] && day <= ERSTATNING[1]) throw new FieldValueError("personnummer.erstatning");
    const d7 = +digits[6];
    const row = CENTURY.find(([a, b, c, d]) => a <= d7 && d7 <= b && c <= yy && yy <= d);
    if (ordinal(row[4] + yy, month, day) === null) throw new FieldValueError("personnummer.date");
    return new Personnummer(digits);
  }
  if (ECPR.test(t)) throw new FieldValueError("personnummer.ecpr");
  throw new FieldValueError("personnummer.format");
}
const DATE_ISO = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_CPR = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;
function date(raw) {
  // YYYY-MM-DD, YYYYMMDD (ASCII digits) or an 8-digit JSON integer (issue 9)
  const t = strip(text(raw));
  const m = DATE_ISO.exec(t) ?? DATE_CPR.exec(t);
  if (m === null) throw new FieldValueError("date.format");
  const day = ordinal(+m[1], +m[2], +m[3]);
  if (day === null) throw new FieldValueError("date.calendar");
  return day;
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
const BESKYT_MARKER = ["00001", "00002", "00004"];
function beskyt(raw, spec) {
  // stamdata BESKYT: the marker X (bilag 1 STAM), or BESKYT3's codes (5 digits)
  if (typeof raw === "string" && upper(strip(raw)) === "X") return BESKYT_MARKER;
  if (Array.isArray(raw) && raw.length === 0) return [];
  return code_list(raw, { ...spec, digits: 5 });
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
const isAscii = (s) => /^[\x00-\x7f]*$/.test(s);
function choice(raw, spec) {
  // any case, but 'ſ' is no 'S': ASCII values match ASCII text only
  const s = strip(text(raw));
  const t = upper(s);
  for (let i = 0; i < spec.values.length; i++) {
    if (spec.upper_values[i] === t && (isAscii(s) || !isAscii(spec.values[i]))) return spec.values[i];
  }
  throw new FieldValueError("choice.value");
}
function text_(raw, spec) {
  const t = split(text(raw)).join(" ");
  if (spec.max_length !== null && spec.max_length !== undefined && cpLen(t) > spec.max_length)
    throw new FieldValueError("text.length");
  return t;
}
// ADRESSE3 (cpr_rules/adressefelter.py): ASCII digits only, ISO-8859-1 letters
const HUSNR = fullmatch(DATA.patterns.husnr);
function husnr(raw) {
  const m = HUSNR.exec(strip(text(raw)));
  if (m === null) throw new FieldValueError("husnr.format");
  const number = +m[1];
  if (number < 1 || number > 999) throw new FieldValueError("husnr.range");
  return pad(number, 3) + m[2].toUpperCase();
}
const ETAGE_WORDS = new Set(DATA.etage_words);
function etage(raw) {
  let value = strip(text(raw));
  if (!isAscii(value)) throw new FieldValueError("etage.format");
  value = value.toLowerCase();
  if (isAsciiDigits(value)) {
    if (value.length > 2 || Number(value) === 0) throw new FieldValueError("etage.range");
    return pad(Number(value), 2);
  }
  if (ETAGE_WORDS.has(value)) return value;
  throw new FieldValueError("etage.format");
}
const DOOR_TEXT = fullmatch(DATA.patterns.door_text);
function sidedoer(raw) {
  const value = strip(text(raw));
  if (isAsciiDigits(value)) {
    if (value.length > 4 || Number(value) === 0) throw new FieldValueError("sidedoer.range");
    return pad(Number(value), 4);
  }
  if (cpLen(value) > 4 || value.split(" ").length > 2 || !DOOR_TEXT.test(value))
    throw new FieldValueError("sidedoer.format");
  return lower(value);
}
const BNR = fullmatch(DATA.patterns.bnr);
function bnr(raw) {
  const value = strip(text(raw));
  if (!BNR.test(value)) throw new FieldValueError("bnr.format");
  return upper(value);
}
const CONVN_NAME = fullmatch(DATA.patterns.convn_name);
function convn(raw) {
  let value = strip(text(raw));
  if (lower(cpSlice(value, 0, 4)) !== "c/o " || !strip(cpSlice(value, 4))) throw new FieldValueError("convn.prefix");
  value = "c/o " + cpSlice(value, 4);
  if (cpLen(value) > 34) throw new FieldValueError("convn.length");
  if (value.includes("  ")) throw new FieldValueError("convn.blanks");
  if (!CONVN_NAME.test(cpSlice(value, 4))) throw new FieldValueError("convn.characters");
  return value;
}
const NORMALISERS = { personnummer, date, code, code_list, beskyt, integer, choice, text: text_, husnr, etage, sidedoer, bnr, convn };
