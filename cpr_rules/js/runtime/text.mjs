// ---- cpr_rules JavaScript runtime (cpr_rules/js/runtime/*.mjs, in the order of build.py) -------
// The fixed part of every generated module: Python's view of text and dates (text.mjs), the
// field-type normalisers (types.mjs), code-table lookups (tables.mjs), message rendering and
// klarskrift (messages.mjs), the report and createValidator (validator.mjs). It mirrors the
// Python engine (cpr_rules/rules/types.py, adressefelter.py, personnummer.py, tables/_table.py,
// rules/messages.py, rules/validator.py); the parity tests (tests/js) prove they agree.
// Everything that is data (Unicode classes, patterns, month names, list patterns, messages,
// tables) comes from the generator in DATA above, never re-typed here.

class FieldValueError extends Error {
  constructor(reason) {
    super(reason || "value error");
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
const upper = (s) => cps(s).map((c) => UPPER.get(c) ?? c).join("");
const lower = (s) => cps(s).map((c) => LOWER.get(c) ?? c).join("");
const cpLen = (s) => cps(s).length;
const cpSlice = (s, a, b) => cps(s).slice(a, b).join("");
const isBlankStr = (s) => cps(s).every(isSpace);

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
class Personnummer {
  constructor(digits) { this.digits = digits; this.masked = `${digits.slice(0, 6)}-****`; }
  get isModulus11Valid() {
    const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += w[i] * (this.digits.charCodeAt(i) - 48);
    return sum % 11 === 0;
  }
}
