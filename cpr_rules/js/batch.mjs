// Run a generated module over a batch of submissions in one Node process (tests, benchmarks).
//
//   node batch.mjs MODULE.mjs CASES.json [--time ROUNDS]
//
// CASES.json is a list of {data, stamdata, today, partial, lang}. Without --time the reports are
// printed as one JSON list (one report per case and language, "da" then "en"); with --time the
// batch is checked for 1.5 s to warm up, then ROUNDS times, and the best round is printed as
// {"seconds": s, "cold": first round's s, "checks": n}.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [modulePath, casesPath, flag, rounds] = process.argv.slice(2);
const { createValidator } = await import(pathToFileURL(resolve(modulePath)).href);
const validator = await createValidator({ preload: "all" });
const cases = JSON.parse(await readFile(casesPath, "utf8"));

if (flag === "--time") {
  const n = Number(rounds || 5);
  const run = () => {
    for (const c of cases) validator.check(c.data, { stamdata: c.stamdata, today: c.today, partial: c.partial, lang: c.lang });
  };
  // Warm up until V8 has optimised the module: its optimising compiler works on a background
  // thread, which a loaded machine starves, so a fixed count of warm-up rounds measured the
  // interpreter some runs and the optimised code others. The first (cold) round is reported too.
  const started = process.hrtime.bigint();
  run();
  const cold = Number(process.hrtime.bigint() - started) / 1e9;
  while (Number(process.hrtime.bigint() - started) / 1e9 < 1.5) run();
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  process.stdout.write(JSON.stringify({ seconds: best, cold, checks: cases.length }));
} else {
  const out = [];
  for (const c of cases) {
    for (const lang of ["da", "en"]) {
      out.push(validator.check(c.data, { stamdata: c.stamdata, today: c.today, partial: c.partial, lang }));
    }
  }
  process.stdout.write(JSON.stringify(out));
}
