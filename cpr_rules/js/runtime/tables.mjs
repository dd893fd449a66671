// Part of the cpr_rules JavaScript runtime (cpr_rules/js/runtime/, concatenated in build.py).
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
  const range = table.index.get(key) || [0, 0];
  let candidates = [];
  for (let i = range[0]; i < range[1]; i++) candidates.push(i);
  if (table.husnr !== null && husnrValue !== null && husnrValue !== undefined) {
    const k = husnrKey(husnrValue);
    const side = /^[0-9]{3}$/.test(husnrValue.slice(0, 3)) ? Number(husnrValue.slice(0, 3)) % 2 : -1;
    const [starts, ends, sides] = table.husnr;
    candidates = candidates.filter((i) => sides[i] === side && starts[i] <= k && k <= ends[i]);
  }
  let first = null;
  for (const i of candidates) {
    if (asOf === null || ((table.from === null || table.from[i] <= asOf) && (table.to === null || asOf < table.to[i])))
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
