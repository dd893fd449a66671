// The demo portal "Anmeld flytning": the four steps of bilag 9 in one page. No build step.
// The personnummer is only ever sent in a POST body, never in a URL, and never logged.
"use strict";

const HAENDELSE = "FLYTB-I";
const DEBOUNCE_MS = 250;
const ADDRESS_FIELDS = ["CADR_VEJKOD", "CADR_HUSNR", "CADR_ETAGE", "CADR_SIDEDOER", "CADR_CONVN"];
const KEY_FIELDS = ["PNR", "HDTO", "KOMK"];

const TEXT = {
  da: {
    title: "Anmeld flytning", brand: "Demo-portal · cpr_rules", skip: "Gå til indholdet",
    steps: "Trin", "step.keys": "Hvem og hvornår", "step.person": "Dine oplysninger",
    "step.address": "Ny adresse", "step.receipt": "Kvittering", next: "Fortsæt",
    cancel: "Afbryd", choose: "Vælg kommune", "hint.pnr": "DDMMÅÅ-XXXX",
    "hint.date": "ÅÅÅÅ-MM-DD", "hint.vej": "Skriv vejens navn, og vælg den på listen.",
    "person.name": "Navn", "person.address": "Nuværende adresse", "person.status": "Status",
    "person.protections": "Beskyttelser", none: "Ingen", valider: "Kontrollér hos CPR",
    "verdict.local": "Vores kontrol", "verdict.cpr": "CPR's svar", gem: "Send anmeldelsen",
    "receipt.text": "Din flytning er modtaget og venter på kommunens godkendelse.",
    "receipt.vnts": "Kvitteringsnummer", "receipt.address": "Ny adresse",
    again: "Anmeld en ny flytning", veje: "Veje", switch: "English", cancelled:
    "Anmeldelsen er afbrudt.", local_ok: "Ingen fejl fundet.", cpr_ok: "CPR godkender indberetningen.",
    failed: "Der skete en fejl. Prøv igen.", "no-dialogue": "Anmeldelsen er udløbet. Start forfra.",
    pick_street: "Vælg vejen på listen.", checking: "Kontrollerer …", streets: "Veje fundet:",
    cpr_says: "CPR siger",
  },
  en: {
    title: "Report a move", brand: "Demo portal · cpr_rules", skip: "Skip to content",
    steps: "Steps", "step.keys": "Who and when", "step.person": "Your details",
    "step.address": "New address", "step.receipt": "Receipt", next: "Continue",
    cancel: "Cancel", choose: "Choose municipality", "hint.pnr": "DDMMYY-XXXX",
    "hint.date": "YYYY-MM-DD", "hint.vej": "Type the street's name and pick it from the list.",
    "person.name": "Name", "person.address": "Current address", "person.status": "Status",
    "person.protections": "Protections", none: "None", valider: "Check with CPR",
    "verdict.local": "Our check", "verdict.cpr": "CPR's answer", gem: "Send the report",
    "receipt.text": "Your move has been received and awaits the municipality's approval.",
    "receipt.vnts": "Receipt number", "receipt.address": "New address",
    again: "Report another move", veje: "Streets", switch: "Dansk", cancelled:
    "The report was cancelled.", local_ok: "No errors found.", cpr_ok: "CPR accepts the report.",
    failed: "Something went wrong. Please try again.", "no-dialogue": "The report has expired. Start again.",
    pick_street: "Pick the street from the list.", checking: "Checking …", streets: "Streets found:",
    cpr_says: "CPR says",
  },
};

const state = { lang: "da", schema: null, stamdata: null, keys: null, street: null, typed: {} };
const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[state.lang][key] || key;

// ---------------------------------------------------------------------------------------
// The per-field check: ONE function, swappable. It takes the submission so far and resolves
// to the report (docs/report.md). Until the compiled rule set (js/FLYTB-I.mjs, the same rules
// compiled to JavaScript: docs/javascript.md) has loaded, or if it cannot load, it asks the
// server (POST /api/check with partial); then the module answers in the page, with no request.
async function checkSubmission(data, stamdata, lang) {
  const response = await fetch(`api/check/${HAENDELSE}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ data, stamdata, partial: true, lang }),
  });
  if (!response.ok) throw new Error(`check ${response.status}`);
  return response.json();
}
window.cprPortal = { checkSubmission, engine: "server" };

async function loadModule() {
  try {
    // relative to the page, like the page's other requests (import() alone would resolve
    // against this script's URL)
    const { createValidator } = await import(new URL(`js/${HAENDELSE}.mjs`, document.baseURI).href);
    const validator = await createValidator();
    window.cprPortal.checkSubmission = async (data, stamdata, lang) => {
      await validator.prepare(data); // the kommune's streets, fetched once
      return validator.check(data, { stamdata, partial: true, lang, today: state.today || undefined });
    };
    window.cprPortal.engine = "module";
  } catch (error) {
    // the server's check stays in use: it is the authority anyway
    window.cprPortal.moduleError = String(error);
  }
}
// ---------------------------------------------------------------------------------------

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body || {}),
    credentials: "same-origin",
  });
  const answer = await response.json();
  if (!response.ok) {
    const code = answer && answer.error ? answer.error.code : "";
    throw new Error(TEXT[state.lang][code] ? t(code) : t("failed"));
  }
  return answer;
}

function say(text) { $("status").textContent = text; }
function alarm(text) { $("alert").textContent = text; }

function show(step) {
  for (const id of ["keys", "person", "address", "receipt"]) {
    $(`step-${id}`).hidden = id !== step;
    const item = document.querySelector(`.steps [data-step="${id}"]`);
    if (id === step) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  $(`step-${step}-title`).focus();
}

function paragraph(text, cls) {
  const p = document.createElement("p");
  p.textContent = text;
  if (cls) p.className = cls;
  return p;
}

// Findings under the fields they name; the rest in `rest`. Errors set aria-invalid.
function showFindings(findings, fields, rest) {
  const byField = Object.fromEntries(fields.map((name) => [name, []]));
  const others = [];
  for (const finding of findings) {
    const own = finding.fields.filter((name) => name in byField);
    if (own.length) own.forEach((name) => byField[name].push(finding));
    else others.push(finding);
  }
  for (const [name, list] of Object.entries(byField)) {
    const box = $(`${name}-findings`);
    box.replaceChildren(...list.map((f) => paragraph(f.message, `finding-${f.severity}`)));
    const input = $(name);
    if (list.some((f) => f.severity === "error")) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  if (rest) rest.replaceChildren(...others.map((f) => paragraph(f.message, `finding-${f.severity}`)));
}

function addressData() {
  const data = { ...state.keys };
  data.CADR_VEJKOD = state.street ? state.street.vejkode : "";
  for (const name of ADDRESS_FIELDS.slice(1)) data[name] = $(name).value;
  return data;
}

let timer = null;
let latest = 0;
function scheduleCheck() {
  clearTimeout(timer);
  timer = setTimeout(runCheck, DEBOUNCE_MS);
}

async function runCheck() {
  const ticket = ++latest;
  try {
    const report = await window.cprPortal.checkSubmission(addressData(), state.stamdata, state.lang);
    if (ticket !== latest) return; // an older answer arriving late
    const findings = [...report.findings];
    const streetMissing = !state.street && $("CADR_VEJKOD").value.trim();
    if (streetMissing) findings.push({ fields: ["CADR_VEJKOD"], severity: "error", message: t("pick_street") });
    showFindings(findings, ADDRESS_FIELDS, $("other-findings"));
    $("address-line").textContent = report.klarskrift.adresse || "";
  } catch (error) {
    alarm(t("failed"));
  }
}

// ---- step 1: keys -----------------------------------------------------------------------
async function loadKommuner() {
  const select = $("KOMK");
  const response = await fetch("portal/api/kommuner");
  const kommuner = await response.json();
  for (const k of kommuner) {
    const option = document.createElement("option");
    option.value = k.komk;
    option.textContent = k.navn;
    select.append(option);
  }
}

async function initier(event) {
  event.preventDefault();
  alarm("");
  const keys = Object.fromEntries(KEY_FIELDS.map((name) => [name, $(name).value.trim()]));
  try {
    const answer = await post("portal/api/initier", { ...keys, lang: state.lang });
    showFindings(answer.local ? answer.local.findings : [], KEY_FIELDS, null);
    if (!answer.ok) {
      if (answer.cpr) alarm(`${t("cpr_says")}: ${answer.cpr.text}`);
      const first = KEY_FIELDS.find((name) => $(name).getAttribute("aria-invalid") === "true");
      if (first) $(first).focus();
      return;
    }
    state.keys = keys;
    state.stamdata = answer.stamdata;
    state.today = answer.today;
    state.schema = answer.schema;
    showPerson(answer);
    show("person");
  } catch (error) {
    alarm(error.message);
  }
}

function showPerson(answer) {
  const p = answer.person;
  $("person-name").textContent = p.name || "";
  $("person-address").textContent = p.address || "";
  $("person-status").textContent = p.status_text || p.status || "";
  $("person-protections").textContent = p.protections.length ? p.protections.join(", ") : t("none");
  $("person-cpr").textContent = answer.cpr.ok ? "" : `${t("cpr_says")}: ${answer.cpr.text}`;
}

// ---- step 3: the new address, with street search ---------------------------------------
let streets = [];
let active = -1;
let searchTimer = null;

function setActive(index) {
  const list = $("veje");
  active = index;
  [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
  const input = $("CADR_VEJKOD");
  if (index >= 0) {
    input.setAttribute("aria-activedescendant", `vej-${index}`);
    list.children[index].scrollIntoView({ block: "nearest" });
  } else input.removeAttribute("aria-activedescendant");
}

function closeList() {
  $("veje").hidden = true;
  $("CADR_VEJKOD").setAttribute("aria-expanded", "false");
  setActive(-1);
}

function streetLabel(s) {
  const post = s.postnumre.map((p) => `${p.postnr} ${p.postdistrikt}`).join(", ");
  return post ? `${s.vejnavn} (${post})` : s.vejnavn;
}

async function searchStreets() {
  const text = $("CADR_VEJKOD").value;
  if (!text.trim()) { closeList(); return; }
  const params = new URLSearchParams({ komk: state.keys.KOMK, q: text, date: state.keys.HDTO });
  const response = await fetch(`api/veje?${params}`);
  if (!response.ok) return;
  streets = (await response.json()).veje;
  const list = $("veje");
  list.replaceChildren(...streets.map((s, i) => {
    const li = document.createElement("li");
    li.id = `vej-${i}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.textContent = streetLabel(s);
    li.addEventListener("mousedown", (e) => { e.preventDefault(); pickStreet(i); });
    return li;
  }));
  list.hidden = streets.length === 0;
  $("CADR_VEJKOD").setAttribute("aria-expanded", String(streets.length > 0));
  setActive(-1);
  say(`${t("streets")} ${streets.length}`);
}

function pickStreet(index) {
  state.street = streets[index];
  $("CADR_VEJKOD").value = state.street.vejnavn;
  closeList();
  scheduleCheck();
}

function streetKeys(event) {
  const open = !$("veje").hidden;
  if (event.key === "ArrowDown" && open) {
    event.preventDefault();
    setActive(Math.min(active + 1, streets.length - 1));
  } else if (event.key === "ArrowUp" && open) {
    event.preventDefault();
    setActive(Math.max(active - 1, 0));
  } else if (event.key === "Enter" && open && active >= 0) {
    event.preventDefault();
    pickStreet(active);
  } else if (event.key === "Escape" && open) {
    closeList();
  }
}

function streetTyped() {
  state.street = null;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(searchStreets, 150);
  scheduleCheck();
}

async function valider(event) {
  event.preventDefault();
  alarm("");
  clearTimeout(timer);
  await runCheck();
  const data = addressData();
  const fields = Object.fromEntries(ADDRESS_FIELDS.map((name) => [name, data[name] || ""]));
  say(t("checking"));
  try {
    const answer = await post("portal/api/valider", { data: fields, lang: state.lang });
    const local = answer.local.findings;
    $("verdict-local").replaceChildren(
      ...(local.length ? local.map((f) => paragraph(f.message, `finding-${f.severity}`))
        : [paragraph(t("local_ok"), "verdict-ok")]));
    const cpr = answer.cpr;
    $("verdict-cpr").replaceChildren(cpr.ok ? paragraph(t("cpr_ok"), "verdict-ok")
      : paragraph(`${cpr.kind} ${cpr.number ?? ""}: ${cpr.text}`,
        cpr.warning ? "finding-warning" : "finding-error"));
    $("verdicts").hidden = false;
    $("gem").disabled = !answer.ok;
    state.passed = cpr.warning && cpr.number != null ? [cpr.number] : [];
    say("");
    $("local-title").focus();
  } catch (error) {
    alarm(error.message);
  }
}

async function gem() {
  alarm("");
  try {
    const answer = await post("portal/api/gem", { continue_anmrk: state.passed || [] });
    if (!answer.ok) {
      alarm(`${t("cpr_says")}: ${answer.cpr.text}`);
      if (answer.cpr.warning) state.passed = [answer.cpr.number];
      return;
    }
    $("vnts").textContent = answer.vnts || "";
    $("receipt-address").textContent = $("address-line").textContent;
    show("receipt");
  } catch (error) {
    alarm(error.message);
  }
}

async function afbryd() {
  alarm("");
  try {
    await post("portal/api/afbryd");
  } catch (error) {
    // nothing open any more: the form is reset all the same
  }
  reset();
  say(t("cancelled"));
}

function reset() {
  $("keys-form").reset();
  $("address-form").reset();
  Object.assign(state, { schema: null, stamdata: null, keys: null, street: null, passed: [] });
  for (const name of [...KEY_FIELDS, ...ADDRESS_FIELDS]) {
    $(`${name}-findings`).replaceChildren();
    $(name).removeAttribute("aria-invalid");
  }
  $("verdicts").hidden = true;
  $("gem").disabled = true;
  $("address-line").textContent = "";
  $("other-findings").replaceChildren();
  show("keys");
}

// ---- language ---------------------------------------------------------------------------
async function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-text]")) node.textContent = t(node.dataset.text);
  $("veje").setAttribute("aria-label", t("veje"));
  const other = state.lang === "da" ? "en" : "da";
  $("lang-switch").textContent = t("switch");
  $("lang-switch").setAttribute("lang", other);
  const response = await fetch(`api/schema/${HAENDELSE}?lang=${state.lang}`);
  const schema = await response.json();
  for (const label of document.querySelectorAll("label[data-field]")) {
    const prop = schema.properties[label.dataset.field];
    if (prop && prop.title) label.textContent = prop.title;
  }
  if (state.keys && !$("step-address").hidden) scheduleCheck();
}

function switchLanguage() {
  state.lang = state.lang === "da" ? "en" : "da";
  applyLanguage();
}

document.addEventListener("DOMContentLoaded", () => {
  $("keys-form").addEventListener("submit", initier);
  $("keys-form").addEventListener("reset", () => setTimeout(() => say(t("cancelled"))));
  $("to-address").addEventListener("click", () => { show("address"); });
  $("address-form").addEventListener("submit", valider);
  $("gem").addEventListener("click", gem);
  $("again").addEventListener("click", reset);
  for (const button of document.querySelectorAll(".afbryd")) button.addEventListener("click", afbryd);
  const vej = $("CADR_VEJKOD");
  vej.addEventListener("input", streetTyped);
  vej.addEventListener("keydown", streetKeys);
  vej.addEventListener("blur", () => setTimeout(closeList, 100));
  for (const input of document.querySelectorAll(".cpr-field")) input.addEventListener("input", scheduleCheck);
  $("lang-switch").addEventListener("click", switchLanguage);
  loadKommuner();
  applyLanguage();
  loadModule();
});
