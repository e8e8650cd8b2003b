// parcours serve: the page. Every text from the server or the user is
// inserted as text nodes or textContent, never parsed as markup.
"use strict";

const T = {
  fr: {
    tagline: "Simuler les options de votre territoire", s1: "1. Territoire", s2: "2. Diagnostic d'aujourd'hui",
    s3: "3. Options à comparer", s4: "4. Lancer", s5: "5. Résultats", s6: "6. Simulations passées",
    search_label: "Commune, EPCI ou département", search: "Chercher", or: "ou", open_file: "Ouvrir un scénario (TOML)",
    map_legend: "Cercles : centres des communes (carte dessinée en SVG), surface proportionnelle à la population ; carrés rouges : services d'urgences. Cliquez pour ajouter ou retirer une commune.",
    select_all: "Tout sélectionner", select_none: "Tout retirer", diag_btn: "Établir le diagnostic",
    baseline_btn: "Simulation de référence rapide", policy_label: "Option du catalogue", add_variant: "Ajouter comme variante",
    settings: "Réglages", name: "Nom", replications: "Réplications", years: "Années simulées", warmup: "Mise en route (jours)",
    seed: "Graine", seed_hint: "vide : 20260101, la graine par défaut", check_btn: "Vérifier", run_btn: "Lancer la simulation", cancel_btn: "Annuler",
    no_results: "Aucun résultat pour l'instant.", refresh: "Actualiser", compare_btn: "Comparer les deux cochées",
    col_name: "Nom", col_date: "Date", col_state: "État", col_reps: "Répl.", col_variants: "Variantes",
    footer: "Tout est calculé sur cet ordinateur, à partir des données publiques intégrées (INSEE, DREES, SAE) ; rien n'est envoyé ailleurs.",
    selected: (n, p) => `${n} commune${n > 1 ? "s" : ""} sélectionnée${n > 1 ? "s" : ""}, ${p} habitants`, none_selected: "Aucune commune sélectionnée : cliquez sur la carte ou cochez la liste.",
    searching: "Recherche…", no_hit: "Aucun résultat.", loading: "Chargement…", population: "Population", communes: "Communes",
    gps: "Médecins généralistes", density: "MG pour 10 000 hab.", apl: "APL (DREES 2023)", apl_below: "Population où l'APL < 2,5",
    age: "Âges", aged65: "65 ans et plus", aged75: "75 ans et plus", vulnerable: "Part vulnérable (revenus)",
    selection: "Sélection", travel_gp: "Trajet moyen jusqu'au MG le plus proche", travel_ed: "Trajet moyen jusqu'aux urgences les plus proches",
    eds: "Services d'urgences à moins de", model_apl: "APL selon la méthode du modèle (consultations offertes)", nurses: "Infirmiers libéraux (estimés)", pharmacies: "Pharmacies (estimées)",
    structures: "Structures existantes (organisation d'aujourd'hui, point de départ des simulations)", source: "source", minutes: "min",
    baseline_title: (r, y) => `Référence simulée aujourd'hui (${r} réplication${r > 1 ? "s" : ""}, ${String(y).replace(".", ",")} an${y >= 2 ? "s" : ""}) : moyenne [IC à 95 %]`,
    indicator: "Indicateur", value: "Valeur", running_baseline: "Simulation en cours…",
    selection: "Sélection (simulée)", france_published: "France (publié)",
    baseline_note: (seed, dir) => `Même simulation (mêmes réplications, fenêtre, mise en régime et graine ${seed}) pour la sélection et pour toutes les communes de son département, calculée ensuite en arrière-plan et gardée dans ${dir}. France : chiffre publié (source au survol), – quand il n'y en a pas.`,
    departement_simulated: (l) => `${l} (simulé)`, dep_running: (d, n) => `en cours (${d}/${n})…`, dep_failed: "non disponible",
    variant: "Variante", remove: "Retirer", start_day: "Début (jour après la mise en régime)", end_day: "Fin (jour, vide : jamais)",
    participation: "Participation des professionnels (0–1)", scope: "Communes couvertes", scope_all: "tout le territoire",
    scope_hint: "(Ctrl+clic pour choisir ; aucune : tout le territoire)",
    default_: "défaut", source: "source", costs: "Coûts", base_policies: "Déjà en place (cas de base) :",
    how_applied: "Structure", add_new: "une nouvelle, en plus de l'existante", extend_existing: (n) => `étendre l'existante (${n}) : les champs remplis remplacent les siens, les communes s'ajoutent`,
    warnings: "Avertissements :",
    valid: "Scénario valide.", estimate: (x) => `Durée estimée : ${x}.`, invalid: "Le scénario a des erreurs (voir à côté des champs).", queued: "En attente…",
    running: (d, t) => `En cours : ${d} / ${t} tâches`, done: "Terminé.", cancelled: "Annulée.", failed: "Échec : ",
    key_results: "Résultats clés (groupe « tous ») : moyenne [IC à 95 %]", differences: "Différences appariées variante − base [IC à 95 %]",
    better: "mieux", worse: "moins bien", similar: "non distinguable (Holm)", constant: "non établi : la même différence dans chaque réplication (pour un taux, le même nombre d'événements : un intervalle ne reflète alors que les variations de la population, pas le hasard)", territory: "Territoire", downloads: "Télécharger :",
    report: "Rapport complet", open: "Ouvrir", compare_title: "Comparaison de deux simulations (intervalles, non appariés)",
    pick_two: "Cochez exactement deux simulations terminées.", file_opened: "Fichier ouvert : ", file_raw: "Ce fichier ne se présente pas sous forme de formulaire ; il sera lancé tel quel.",
    diff: "Différence", run_a: "Simulation A", run_b: "Simulation B", no_runs: "Aucune simulation dans le dossier de sortie.",
    upload_invalid: "Le fichier n'est pas un scénario valide :", http_error: "Erreur du serveur, statut", line: "ligne",
    cancelled_note: "les réplications terminées avant l'annulation sont gardées ; reprenez-la depuis la liste des simulations.",
    too_many: (n) => `${n} simulations attendent déjà ; réessayez quand l'une d'elles sera terminée.`,
    state_done: "terminée", state_cancelled: "annulée", state_failed: "échec", state_queued: "en attente", state_running: "en cours", state_incomplete: "incomplète", resume: "Reprendre",
    kind_commune: "commune", kind_epci: "EPCI", kind_departement: "département", "kind_département": "département", kind_EPCI: "EPCI",
    sk_msp: "MSP (maisons de santé pluriprofessionnelles)", sk_cds: "Centres de santé", sk_cpts: "CPTS", sk_pdsa: "PDSA (permanence des soins)",
    sk_dac: "DAC (appui à la coordination)", sk_teleconsultation: "Téléconsultation", sk_sas: "SAS (service d'accès aux soins)",
    ages_note: "Âges : structure par âge du département (INSEE 2025) appliquée à la sélection, pondérée par la population de ses communes ; pas de structure par âge propre à chaque commune.",
    age_applied: "structure du département",
    inhabitants: (n) => `${n} hab.`, commune_title: (name, code, pop, gps) => `${name} (${code}) — ${pop} hab., ${gps} MG`,
    run_line: (inh, reps, years) => `${inh} hab., ${reps} répl., ${String(years).replace(".", ",")} an${years >= 2 ? "s" : ""} ; `,
    clamped_note: "Les intervalles sont bornés aux valeurs que l'indicateur peut prendre (une part entre 0 et 1, soit 100 % ; tout autre indicateur ≥ 0 ; une différence en conséquence), comme dans le rapport ; les fichiers CSV gardent les bornes brutes.", wall: (s) => `calculé en ${s} s`, mean: "moyenne",
  },
  en: {
    tagline: "Simulate your territory's options", s1: "1. Territory", s2: "2. Today's diagnostic",
    s3: "3. Options to compare", s4: "4. Run", s5: "5. Results", s6: "6. Past runs",
    search_label: "Commune, EPCI or département", search: "Search", or: "or", open_file: "Open a scenario (TOML)",
    map_legend: "Circles: commune centres (map drawn in SVG), area proportional to population; red squares: emergency departments. Click to add or remove a commune.",
    select_all: "Select all", select_none: "Remove all", diag_btn: "Diagnose",
    baseline_btn: "Quick baseline simulation", policy_label: "Option from the catalogue", add_variant: "Add as a variant",
    settings: "Settings", name: "Name", replications: "Replications", years: "Simulated years", warmup: "Warm-up (days)",
    seed: "Seed", seed_hint: "empty: 20260101, the default seed", check_btn: "Check", run_btn: "Run the simulation", cancel_btn: "Cancel",
    no_results: "No results yet.", refresh: "Refresh", compare_btn: "Compare the two ticked",
    col_name: "Name", col_date: "Date", col_state: "State", col_reps: "Reps", col_variants: "Variants",
    footer: "Everything is computed on this computer from the embedded open data (INSEE, DREES, SAE); nothing is sent elsewhere.",
    selected: (n, p) => `${n} commune(s) selected, ${p} inhabitants`, none_selected: "No commune selected: click on the map or tick the list.",
    searching: "Searching…", no_hit: "No result.", loading: "Loading…", population: "Population", communes: "Communes",
    gps: "General practitioners", density: "GPs per 10,000", apl: "APL (DREES 2023)", apl_below: "Population where APL < 2.5",
    age: "Ages", aged65: "65 and over", aged75: "75 and over", vulnerable: "Vulnerable share (income)",
    selection: "Selection", travel_gp: "Mean travel to the nearest GP", travel_ed: "Mean travel to the nearest ED",
    eds: "Emergency departments within", model_apl: "APL by the model's method (consultations offered)", nurses: "Self-employed nurses (estimated)", pharmacies: "Pharmacies (estimated)",
    structures: "Existing structures (today's organisation, where simulations start from)", source: "source", minutes: "min",
    baseline_title: (r, y) => `Simulated baseline today (${r} replications, ${y} year(s)): mean [95 % CI]`,
    indicator: "Indicator", value: "Value", running_baseline: "Simulating…",
    selection: "Selection (simulated)", france_published: "France (published)",
    baseline_note: (seed, dir) => `The same simulation (same replications, window, warm-up and seed ${seed}) for the selection and for every commune of its département, computed afterwards in the background and kept in ${dir}. France: published figure (source on hover), – when there is none.`,
    departement_simulated: (l) => `${l} (simulated)`, dep_running: (d, n) => `running (${d}/${n})…`, dep_failed: "not available",
    variant: "Variant", remove: "Remove", start_day: "Start (day after warm-up)", end_day: "End (day; empty: never)",
    participation: "Professionals taking part (0–1)", scope: "Communes covered", scope_all: "whole territory",
    scope_hint: "(Ctrl+click to choose; none: whole territory)",
    default_: "default", source: "source", costs: "Costs", base_policies: "Already in place (base case):",
    how_applied: "Structure", add_new: "a new one, beside the existing one", extend_existing: (n) => `extend the existing one (${n}): the fields filled replace its own, communes are added`,
    warnings: "Warnings:",
    valid: "Valid scenario.", estimate: (x) => `Estimated time: ${x}.`, invalid: "The scenario has errors (see next to the fields).", queued: "Queued…",
    running: (d, t) => `Running: ${d} / ${t} tasks`, done: "Done.", cancelled: "Cancelled.", failed: "Failed: ",
    key_results: "Key results (group \"all\"): mean [95 % CI]", differences: "Paired differences variant − base [95 % CI]",
    better: "better", worse: "worse", similar: "not distinguishable (Holm)", constant: "not established: the same difference in every replication (for a rate, the same number of events: an interval then reflects only the population's changes, not chance)", territory: "Territory", downloads: "Download:",
    report: "Full report", open: "Open", compare_title: "Two runs side by side (intervals, not paired)",
    pick_two: "Tick exactly two finished runs.", file_opened: "File opened: ", file_raw: "This file does not fit the form; it will run as it is.",
    diff: "Difference", run_a: "Run A", run_b: "Run B", no_runs: "No run in the output folder.",
    upload_invalid: "The file is not a valid scenario:", http_error: "Server error, status", line: "line",
    cancelled_note: "the replications finished before the cancel are kept; resume it from the list of runs.",
    too_many: (n) => `${n} runs are waiting already; try again when one has finished.`,
    state_done: "done", state_cancelled: "cancelled", state_failed: "failed", state_queued: "queued", state_running: "running", state_incomplete: "incomplete", resume: "Resume",
    kind_commune: "commune", kind_epci: "EPCI", kind_departement: "département", "kind_département": "département", kind_EPCI: "EPCI",
    sk_msp: "MSP (multi-professional health centres)", sk_cds: "Health centres (centres de santé)", sk_cpts: "CPTS", sk_pdsa: "PDSA (out-of-hours care)",
    sk_dac: "DAC (coordination support)", sk_teleconsultation: "Teleconsultation", sk_sas: "SAS (access-to-care service)",
    ages_note: "Ages: the département's age structure (INSEE 2025) applied to the selection, weighted by its communes' populations; there is no age structure of each commune.",
    age_applied: "département's structure",
    inhabitants: (n) => `${n} inhabitants`, commune_title: (name, code, pop, gps) => `${name} (${code}) — ${pop} inhabitants, ${gps} GPs`,
    run_line: (inh, reps, years) => `${inh} inhabitants, ${reps} replications, ${years} year(s); `,
    clamped_note: "Intervals are clamped to the values the indicator can take (a share between 0 and 1, i.e. 100 %; any other indicator ≥ 0; a difference accordingly), as in the report; the CSV files keep the raw bounds.", wall: (s) => `computed in ${s} s`, mean: "mean",
  },
};

const S = {
  lang: "fr", catalogue: [], map: null, selected: new Set(), variants: [], basePolicies: [], rawToml: null,
  runId: null, source: null, filter: "",
};
const $ = (id) => document.getElementById(id);
// A text of the table in the page's language; French colons get their no-break space (one rule for every text).
const t = (k, ...a) => {
  const v = T[S.lang][k], s = typeof v === "function" ? v(...a) : (v ?? k);
  return S.lang === "fr" && typeof s === "string" ? s.replaceAll(" : ", "\u00a0: ") : s;
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
const svg = (tag, attrs) => { const e = document.createElementNS("http://www.w3.org/2000/svg", tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v)); return e; };

function fmt(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return Number(x).toLocaleString(S.lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: digits ?? 2 });
}
const pct = (x, d) => (x === null || x === undefined) ? "–" : fmt(100 * x, d ?? 1) + " %";
const withCi = (v, lo, hi, share) => {
  const f = share ? (x) => pct(x, 1) : (x) => fmt(x, 2);
  return lo === null || lo === undefined ? `${f(v)} [–]` : `${f(v)} [${f(lo)} ; ${f(hi)}]`;
};

// Never throws: a network failure or an answer that is not JSON comes back
// with body null and its text (shown to the user by errorText).
async function api(path, opts) {
  let res;
  try { res = await fetch(path, opts); } catch (e) { return { status: 0, ok: false, body: null, text: String(e) }; }
  const text = await res.text().catch(() => "");
  let body = null;
  try { body = JSON.parse(text); } catch (_) { body = null; }
  return { status: res.status, ok: res.ok, body, text };
}
// The message of a failed answer: its JSON error, else its text, else its status.
// A colon as each language writes it (French: a no-break space before).
const colon = () => (S.lang === "fr" ? "\u00a0: " : ": ");
// A time the server records (RFC 3339, UTC) as a board reads it: 30/11/2026 17:31, Paris time.
const when = (iso) => {
  const d = iso ? new Date(iso) : null;
  if (!d || isNaN(d)) return iso || "";
  return d.toLocaleString(S.lang === "fr" ? "fr-FR" : "en-GB", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "short" });
};
const errorText = (r) => (r.body && (S.lang === "fr" && r.body.error_fr ? r.body.error_fr : r.body.error)) || (r.text && r.text.slice(0, 500)) || `${t("http_error")} ${r.status}`;
const post = (path, data) => api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });

// ---------- language ----------
function applyLang() {
  document.documentElement.lang = S.lang;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  $("lang-fr").classList.toggle("on", S.lang === "fr");
  $("lang-en").classList.toggle("on", S.lang === "en");
  renderCatalogueSelect(); renderVariants(); renderSelection();
}

// ---------- territory ----------
async function search(ev) {
  ev.preventDefault();
  const q = $("search").value.trim();
  if (!q) return;
  $("search-message").textContent = t("searching");
  const r = await api("/api/search?q=" + encodeURIComponent(q));
  const list = $("search-results"); list.replaceChildren();
  const message = r.body && (S.lang === "fr" && r.body.message_fr ? r.body.message_fr : r.body.message);
  $("search-message").textContent = message ? message : (r.body && r.body.results.length ? "" : t("no_hit"));
  for (const h of (r.body && r.body.results) || []) {
    list.append(el("li", {}, el("button", { type: "button", class: "hit", "data-spec": h.map_spec, onclick: () => pickHit(h) },
      `${h.name} `, el("small", {}, `${t("kind_" + h.kind)} ${h.code} — ${S.lang === "fr" && h.detail_fr ? h.detail_fr : h.detail}`))));
  }
}

async function pickHit(h) {
  await loadMap(h.map_spec);
  if (h.kind === "commune") S.selected = new Set([h.code]);
  else S.selected = new Set(S.map.communes.map((c) => c.code));
  if (!$("scn-name").dataset.touched) $("scn-name").value = slug(h.name);
  renderSelection();
}
const slug = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "territoire";

async function loadMap(spec) {
  $("search-message").textContent = t("loading");
  const r = await api("/api/communes?spec=" + encodeURIComponent(spec));
  if (!r.ok) { $("search-message").textContent = errorText(r); return; }
  $("search-message").textContent = "";
  S.map = r.body;
  drawMap();
}

function drawMap() {
  const m = $("map"); m.replaceChildren();
  if (!S.map || !S.map.communes.length) return;
  const xs = S.map.communes.map((c) => c.x), ys = S.map.communes.map((c) => c.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0, 5), pad = span * 0.06;
  // y grows northwards in the projection, downwards in SVG: flip it.
  m.setAttribute("viewBox", `${x0 - pad} ${-y1 - pad} ${x1 - x0 + 2 * pad} ${y1 - y0 + 2 * pad}`);
  const maxPop = Math.max(...S.map.communes.map((c) => c.population), 1);
  const rMax = span * 0.045;
  const sorted = [...S.map.communes].sort((a, b) => b.population - a.population);
  for (const c of sorted) {
    const r = Math.max(rMax * Math.sqrt(c.population / maxPop), span * 0.004);
    const circle = svg("circle", { cx: c.x, cy: -c.y, r, "data-code": c.code, class: S.selected.has(c.code) ? "sel" : "" });
    const title = svg("title", {}); title.textContent = t("commune_title", c.name, c.code, fmt(c.population, 0), c.gps);
    circle.append(title);
    circle.addEventListener("click", () => toggle(c.code));
    m.append(circle);
  }
  const w = span * 0.012;
  for (const e of S.map.eds) {
    const rect = svg("rect", { x: e.x - w, y: -e.y - w, width: 2 * w, height: 2 * w, class: "ed" });
    const title = svg("title", {}); title.textContent = e.name; rect.append(title);
    m.append(rect);
  }
  renderList();
}

function toggle(code) {
  if (S.selected.has(code)) S.selected.delete(code); else S.selected.add(code);
  renderSelection();
}

function renderList() {
  const ul = $("commune-list"); ul.replaceChildren();
  if (!S.map) return;
  const f = S.filter.toLowerCase();
  const rows = [...S.map.communes].sort((a, b) => (S.selected.has(b.code) - S.selected.has(a.code)) || b.population - a.population);
  for (const c of rows) {
    if (f && !c.name.toLowerCase().includes(f) && !c.code.includes(f)) continue;
    const box = el("input", { type: "checkbox", "data-code": c.code, onchange: () => toggle(c.code) });
    box.checked = S.selected.has(c.code);
    ul.append(el("li", { class: S.selected.has(c.code) ? "sel" : "" }, el("label", {}, box, el("span", {}, `${c.name} `), el("small", {}, c.code), el("span", { class: "pop" }, fmt(c.population, 0)))));
  }
}

function renderSelection() {
  for (const c of document.querySelectorAll("#map circle")) c.classList.toggle("sel", S.selected.has(c.dataset.code));
  const pop = S.map ? S.map.communes.filter((c) => S.selected.has(c.code)).reduce((a, c) => a + c.population, 0) : 0;
  $("selection-summary").textContent = S.selected.size ? t("selected", S.selected.size, fmt(pop, 0)) : t("none_selected");
  renderList();
  renderScopes();
}

async function upload(ev) {
  const file = ev.target.files[0];
  if (!file) return;
  if (file.size > 400 * 1024) { $("file-box").hidden = false; $("file-box").textContent = "> 400 KiB"; return; }
  const text = await file.text();
  const r = await api("/api/scenario/parse", { method: "POST", headers: { "Content-Type": "text/plain; charset=utf-8" }, body: text });
  const box = $("file-box"); box.hidden = false; box.replaceChildren();
  if (!r.body || !r.body.valid) {
    box.append(el("p", {}, t("upload_invalid")), el("ul", { class: "errors" }, ((r.body && r.body.errors) || [{ path: "scenario", reason: errorText(r) }]).map((e) => el("li", {}, `${e.line ? t("line") + " " + e.line + colon() : ""}${problemText(e)}`))));
    return;
  }
  box.append(el("p", {}, t("file_opened") + `${file.name} — ${r.body.summary.name}, ` + t("inhabitants", fmt(r.body.summary.inhabitants, 0))));
  const f = r.body.form;
  if (!f) { S.rawToml = text; box.append(el("p", {}, t("file_raw"))); return; }
  S.rawToml = null;
  $("scn-name").value = f.name; $("scn-name").dataset.touched = "1";
  $("scn-replications").value = f.replications; $("scn-years").value = f.years; $("scn-warmup").value = f.warmup_days; $("scn-seed").value = f.seed;
  S.basePolicies = f.policies; S.variants = f.variants.map((v) => ({ name: v.name, description: v.description, policies: v.policies }));
  S.selected = new Set(f.communes);
  await loadMap("communes=" + f.communes.join(","));
  renderSelection(); renderVariants();
}

// ---------- diagnostic ----------
async function diagnose() {
  const box = $("diagnostic");
  if (!S.selected.size) { box.replaceChildren(el("p", { class: "message" }, t("none_selected"))); return; }
  box.replaceChildren(el("p", {}, t("loading")));
  const r = await post("/api/diagnostic", { communes: [...S.selected] });
  if (!r.ok) { box.replaceChildren(el("p", { class: "errors" }, errorText(r))); return; }
  const d = r.body, cols = [d.selection, d.departement, d.france];
  S.structures = d.structures || [];
  const row = (label, f) => el("tr", {}, el("th", {}, label), cols.map((c) => el("td", { class: "num" }, f(c))));
  const ages = ["0-14", "15-44", "45-64", "65-74", "75-84", "85+"];
  box.replaceChildren(el("table", { id: "diag-table" },
    el("thead", {}, el("tr", {}, el("th", {}), el("th", { class: "num" }, t("selection")), el("th", { class: "num" }, d.departement.label), el("th", { class: "num" }, "France"))),
    el("tbody", {},
      row(t("population"), (c) => fmt(c.population, 0)), row(t("communes"), (c) => fmt(c.communes, 0)),
      row(t("gps"), (c) => fmt(c.gps, 0)), row(t("density"), (c) => fmt(c.gps_per_10000, 1)),
      row(t("apl"), (c) => fmt(c.apl, 2)), row(t("apl_below"), (c) => pct(c.apl_below_2_5)),
      ages.map((a, i) => row(`${t("age")} ${a} *`, (c) => pct(c.ages[i]))),
      row(`${t("aged65")} *`, (c) => pct(c.aged_65_plus)), row(`${t("aged75")} *`, (c) => pct(c.aged_75_plus)),
      row(t("vulnerable"), (c) => pct(c.vulnerable)))),
  el("table", {}, el("tbody", {},
    el("tr", {}, el("th", {}, t("model_apl")), el("td", { class: "num" }, fmt(d.model_apl, 2))),
    el("tr", {}, el("th", {}, t("travel_gp")), el("td", { class: "num" }, `${fmt(d.travel_gp_minutes, 1)} ${t("minutes")}`)),
    el("tr", {}, el("th", {}, t("travel_ed")), el("td", { class: "num" }, `${fmt(d.travel_ed_minutes, 1)} ${t("minutes")}`)),
    el("tr", {}, el("th", {}, `${t("eds")} ${d.ed_reach_km} km`), el("td", {}, `${d.eds.length} — ${d.eds.join(" ; ")}`)),
    el("tr", {}, el("th", {}, t("nurses")), el("td", { class: "num" }, fmt(d.nurses, 0))),
    el("tr", {}, el("th", {}, t("pharmacies")), el("td", { class: "num" }, fmt(d.pharmacies, 0))))),
  el("h3", {}, t("structures")),
  el("table", { id: "structures" }, el("tbody", {},
    (d.structures || []).map((x) => el("tr", {}, el("th", {}, t("sk_" + x.kind)), el("td", {}, S.lang === "fr" && x.what_fr ? x.what_fr : x.what),
      el("td", { class: "help" }, `${t("source")}${colon()}${S.lang === "fr" && x.source_fr ? x.source_fr : x.source}`))))),
  el("p", { class: "help", id: "ages-note" }, `* ${t("ages_note")}`),
  el("p", { class: "help" }, `${t("gps")}${colon()}${S.lang === "fr" && d.gp_source_fr ? d.gp_source_fr : d.gp_source}`));
  // A selection not of one piece: said above the tables.
  const warning = S.lang === "fr" && d.warning_fr ? d.warning_fr : d.warning;
  if (warning) box.prepend(el("p", { class: "errors", id: "diag-warning" }, warning));
}

async function baseline() {
  const box = $("baseline");
  if (!S.selected.size) { box.replaceChildren(el("p", { class: "message" }, t("none_selected"))); return; }
  box.replaceChildren(el("p", {}, t("running_baseline")));
  const r = await post("/api/baseline", { communes: [...S.selected] });
  if (!r.ok) { box.replaceChildren(el("p", { class: "errors" }, errorText(r))); return; }
  const b = r.body, dep = b.departement || {};
  box.replaceChildren(el("h3", {}, t("baseline_title", b.replications, b.years)),
    el("table", { id: "baseline-table" },
      el("thead", {}, el("tr", {}, el("th", {}, t("indicator")), el("th", {}, t("selection")),
        el("th", {}, t("departement_simulated", dep.label || "")), el("th", {}, t("france_published")))),
      el("tbody", {}, b.indicators.map((i) =>
        el("tr", {}, el("th", {}, S.lang === "fr" ? i.fr : i.en), el("td", { class: "num" }, withCi(i.mean, i.ci_low, i.ci_high, i.share)),
          el("td", { class: "num dep-baseline", "data-indicator": i.indicator, "data-share": i.share ? "1" : "" }, "…"),
          el("td", { class: "num", title: (S.lang === "fr" && i.france_source_fr ? i.france_source_fr : i.france_source) || "" }, i.france == null ? "–" : (i.share ? pct(i.france, 1) : fmt(i.france, 2))))))),
    ...(b.indicators.some((i) => i.clamped) ? [el("p", { class: "help note-clamped" }, t("clamped_note"))] : []),
    el("p", { class: "help" }, t("baseline_note", b.seed, b.baselines_dir || "output/.baselines")));
  if (dep.url) followDepartement(dep.url);
}

// The département's baseline, computed in the background: polled until it ends.
async function followDepartement(url) {
  S.depUrl = url;
  for (;;) {
    if (S.depUrl !== url) return;
    const r = await api(url);
    const d = r.ok ? r.body : { state: "failed", message: errorText(r) };
    for (const td of document.querySelectorAll("#baseline-table td.dep-baseline")) {
      if (d.state === "done") {
        const x = (d.indicators || []).find((y) => y.indicator === td.dataset.indicator);
        td.textContent = x ? withCi(x.mean, x.ci_low, x.ci_high, td.dataset.share === "1") : "–";
      } else if (d.state === "running") {
        td.textContent = t("dep_running", d.done, d.total);
      } else {
        td.textContent = t("dep_failed"); td.title = d.message || d.state;
      }
    }
    if (d.state !== "running") return;
    await new Promise((ok) => setTimeout(ok, 1000));
  }
}

// ---------- options ----------
function policyTitle(p) { return S.lang === "fr" && p.title_fr ? p.title_fr : p.title; }
function renderCatalogueSelect() {
  const sel = $("policy-type"), keep = sel.value; sel.replaceChildren();
  for (const p of S.catalogue) sel.append(el("option", { value: p.type }, `${p.type} — ${policyTitle(p)}`));
  if (keep) sel.value = keep;
  showPolicyHelp();
}
function showPolicyHelp() {
  const p = S.catalogue.find((x) => x.type === $("policy-type").value);
  $("policy-help").textContent = p ? (S.lang === "fr" ? p.description_fr : p.description) : "";
}
function addVariant() {
  const type = $("policy-type").value;
  let name = type, k = 2;
  while (S.variants.some((v) => v.name === name)) name = `${type}-${k++}`;
  S.variants.push({ name, description: "", policies: [{ type, params: {} }] });
  renderVariants();
}

function renderScopes() {
  for (const sel of document.querySelectorAll("select.scope")) {
    const [vi, pi] = [Number(sel.dataset.v), Number(sel.dataset.p)];
    const pol = S.variants[vi] && S.variants[vi].policies[pi];
    if (!pol) continue;
    sel.replaceChildren();
    const names = new Map((S.map ? S.map.communes : []).map((c) => [c.code, c.name]));
    for (const code of S.selected) {
      const o = el("option", { value: code }, `${names.get(code) || code} (${code})`);
      o.selected = !!(pol.zones && pol.zones.includes(code));
      sel.append(o);
    }
  }
}

function renderVariants() {
  const base = $("base-policies"); base.replaceChildren();
  if (S.basePolicies.length) base.append(el("p", { class: "help" }, t("base_policies"), " ", S.basePolicies.map((p) => p.name || p.type).join(", ")));
  const box = $("variants"); box.replaceChildren();
  S.variants.forEach((v, vi) => {
    const card = el("div", { class: "variant", "data-path": `variants[${vi}]` });
    const nameInput = el("input", { value: v.name, maxlength: 60, "data-path": `variants[${vi}].name`, oninput: (e) => { v.name = e.target.value; } });
    card.append(el("h3", {}, `${t("variant")} `, nameInput, el("button", { type: "button", onclick: () => { S.variants.splice(vi, 1); renderVariants(); } }, t("remove"))));
    v.policies.forEach((pol, pi) => {
      const cat = S.catalogue.find((c) => c.type === pol.type);
      const at = `variants[${vi}].add_policies[${pi}]`;
      const pbox = el("div", { "data-path": at });
      pbox.append(el("p", {}, el("strong", {}, cat ? policyTitle(cat) : pol.type), " — ", cat ? (S.lang === "fr" ? cat.description_fr : cat.description) : ""));
      if (cat && cat.costs) pbox.append(el("p", { class: "help" }, `${t("costs")}${colon()}${S.lang === "fr" && cat.costs_fr ? cat.costs_fr : cat.costs}`));
      // Today's structure of this type, if the territory has one: the option may extend it rather than add a second.
      const today = (S.structures || []).find((x) => x.type === pol.type);
      if (today) {
        const how = el("select", { "data-path": `${at}.extends`, onchange: (e) => { pol.extends = e.target.value || undefined; } },
          el("option", { value: "" }, t("add_new")), el("option", { value: today.policy }, t("extend_existing", today.policy)));
        how.value = pol.extends || "";
        pbox.append(el("label", {}, `${t("how_applied")}${colon()}`, how));
      }
      const grid = el("div", { class: "params" });
      const numberField = (label, key, value, attrs, set) => el("label", {}, label,
        el("input", Object.assign({ type: "number", value: value ?? "", "data-path": `${at}.${key}`, oninput: (e) => set(e.target.value === "" ? null : Number(e.target.value)) }, attrs)));
      grid.append(numberField(t("start_day"), "start_day", pol.start_day, { step: 1 }, (x) => { pol.start_day = x; }));
      grid.append(numberField(t("end_day"), "end_day", pol.end_day, { step: 1 }, (x) => { pol.end_day = x; }));
      grid.append(numberField(t("participation"), "participation", pol.participation, { step: 0.05, min: 0, max: 1, placeholder: "1" }, (x) => { pol.participation = x; }));
      const scope = el("select", { multiple: true, class: "scope", "data-v": vi, "data-p": pi, "data-path": `${at}.zones`, size: 4,
        onchange: (e) => { const z = [...e.target.selectedOptions].map((o) => o.value); pol.zones = z.length ? z : null; } });
      grid.append(el("label", {}, `${t("scope")} ${t("scope_hint")}`, scope));
      for (const p of (cat ? cat.params : [])) {
        if (p.kind === "list") continue;
        const cur = pol.params[p.name];
        const fr = S.lang === "fr";
        const source = fr && p.source_fr ? p.source_fr : p.source;
        const hint = el("small", {}, `${fr && p.unit_fr ? p.unit_fr : p.unit}${source ? " — " + t("source") + " : " + source : ""}`);
        // French: the label, its identifier (as in the scenario file) in small type; English: the identifier.
        const label = () => fr && p.label_fr && p.label_fr !== p.name ? [p.label_fr, " ", el("small", { class: "id" }, p.name)] : [p.name];
        if (p.kind === "bool") {
          const box = el("input", { type: "checkbox", "data-path": `${at}.${p.name}`, onchange: (e) => { if (e.target.checked === p.default) delete pol.params[p.name]; else pol.params[p.name] = e.target.checked; } });
          box.checked = cur === undefined ? p.default : cur;
          grid.append(el("label", {}, el("span", {}, ...label(), " ", box), hint));
        } else {
          const input = el("input", { type: "number", step: p.kind === "integer" ? 1 : "any", min: p.share ? 0 : null, max: p.share ? 1 : null,
            value: cur ?? p.default, "data-path": `${at}.${p.name}`, "data-param": p.name,
            oninput: (e) => { const x = e.target.value === "" ? null : Number(e.target.value); if (x === null || x === p.default) delete pol.params[p.name]; else pol.params[p.name] = x; } });
          grid.append(el("label", {}, ...label(), ` (${t("default_")} ${p.default})`, input, hint));
        }
      }
      pbox.append(grid);
      card.append(pbox);
    });
    box.append(card);
  });
  renderScopes();
}

// ---------- scenario, validation, run ----------
function composed() {
  const num = (id) => { const v = $(id).value; return v === "" ? null : Number(v); };
  return {
    name: $("scn-name").value, description: "", communes: [...S.selected],
    replications: num("scn-replications"), years: num("scn-years"), warmup_days: num("scn-warmup"), seed: num("scn-seed"),
    policies: S.basePolicies, variants: S.variants,
  };
}
function payload() { return S.rawToml ? { toml: S.rawToml, lang: S.lang } : { scenario: composed(), lang: S.lang }; }

function clearErrors() {
  for (const e of document.querySelectorAll(".field-error")) e.remove();
  for (const e of document.querySelectorAll(".invalid")) e.classList.remove("invalid");
  $("errors").replaceChildren();
}
// A problem as the board reads it: in French the field's French label and the reason in French (message_fr), else the file's path and the reason.
const problemText = (e) => (S.lang === "fr" && e.message_fr ? e.message_fr : `${e.path}${colon()}${e.reason}`);
function showErrors(errors) {
  clearErrors();
  for (const err of errors || []) {
    let path = err.path, target = null;
    while (path && !(target = document.querySelector(`[data-path="${CSS.escape(path)}"]`))) {
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    const msg = problemText(err);
    if (target) {
      target.classList.add("invalid");
      target.insertAdjacentElement("afterend", el("div", { class: "field-error", role: "alert" }, msg));
    }
    $("errors").append(el("li", {}, msg));
  }
}
function scenarioBody() {
  const p = payload();
  return p.toml ? { toml: p.toml } : { scenario: p.scenario };
}

async function check() {
  const r = await post("/api/scenario/validate", scenarioBody());
  if (r.body && r.body.valid) {
    clearErrors(); $("run-status").textContent = t("valid") + (r.body.estimate ? " " + t("estimate", estimateText(r.body.estimate)) : "");
    const sum = r.body.summary || {};
    const w = (S.lang === "fr" && sum.warnings_fr ? sum.warnings_fr : sum.warnings) || [];
    if (w.length) $("errors").append(el("p", {}, t("warnings")), el("ul", {}, w.map((x) => el("li", {}, x))));
  }
  else if (r.body && r.body.errors) { showErrors(r.body.errors); $("run-status").textContent = t("invalid"); }
  else { clearErrors(); showErrors([{ path: "scenario", reason: errorText(r) }]); $("run-status").textContent = t("invalid"); }
  return r;
}

// The server's estimate of a run's computing time (serve::work), in the page's language.
const estimateText = (e) => (S.lang === "fr" ? e.text_fr : e.text);
async function run() {
  clearErrors();
  $("run-status").textContent = t("queued");
  let r = await post("/api/runs", payload());
  // A long run: the server says how long and how to shorten it; started only once confirmed.
  if (r.status === 409 && r.body && r.body.needs_confirmation) {
    if (!window.confirm(errorText(r))) { $("run-status").textContent = errorText(r); return; }
    r = await post("/api/runs", Object.assign(payload(), { confirm: true }));
  }
  if (r.body && Array.isArray(r.body.errors) && r.body.errors.length) { showErrors(r.body.errors); $("run-status").textContent = t("invalid"); return; }
  if (r.status === 429 && r.body && r.body.max_queued) { $("run-status").textContent = t("too_many", r.body.max_queued); return; }
  if (!r.ok || !r.body || !r.body.id) { $("run-status").textContent = t("failed") + errorText(r); return; }
  follow(r.body.id);
}

function follow(id) {
  S.runId = id;
  $("run-btn").disabled = true; $("cancel-btn").disabled = false;
  const src = new EventSource(`/api/runs/${encodeURIComponent(id)}/events`);
  src.addEventListener("progress", (ev) => {
    const p = JSON.parse(ev.data);
    const bar = $("run-progress");
    if (p.total) { bar.max = p.total; bar.value = p.done; }
    if (p.state === "queued") $("run-status").textContent = t("queued");
    if (p.state === "running") $("run-status").textContent = t("running", p.done, p.total);
    if (["done", "cancelled", "failed"].includes(p.state)) {
      src.close();
      $("run-btn").disabled = false; $("cancel-btn").disabled = true;
      $("run-status").textContent = p.state === "done" ? t("done") : p.state === "cancelled" ? `${t("cancelled")} ${p.done ? t("cancelled_note") : ""}` : t("failed") + (S.lang === "fr" && p.message_fr ? p.message_fr : p.message);
      if (p.state === "done") showResults(id);
      listRuns();
    }
  });
  src.onerror = () => { /* the browser retries; the final event closes it */ };
}

async function cancelRun() {
  if (S.runId) await post(`/api/runs/${encodeURIComponent(S.runId)}/cancel`, {});
}

// A difference the same in every replication: this mark in its cell (the
// terminal's, `report::labels::CONSTANT_MARK`, pinned equal by a test), its
// long words once below the table, so that they never widen the column.
const CONSTANT_MARK = "(¹)";
const verdictCell = (v) => v === "constant"
  ? el("td", { class: "constant", title: t("constant") }, CONSTANT_MARK)
  : el("td", { class: v || "" }, v ? t(v) : "");

function resultTables(r) {
  const label = (row) => (S.lang === "fr" ? row.fr : row.en);
  const arms = ["base", ...(r.variants || [])];
  const terr = [...new Set(r.summary.map((x) => x.territory))];
  const inds = [...new Set(r.summary.map((x) => x.indicator))];
  const key = el("table", { id: "key-results" },
    el("thead", {}, el("tr", {}, el("th", {}, t("indicator")), terr.length > 1 ? el("th", {}, t("territory")) : null, arms.map((a) => el("th", { class: "num" }, a)))),
    el("tbody", {}, inds.flatMap((ind) => terr.map((tr) => {
      const rows = r.summary.filter((x) => x.indicator === ind && x.territory === tr);
      if (!rows.length) return null;
      return el("tr", {}, el("th", {}, label(rows[0])), terr.length > 1 ? el("td", {}, tr) : null,
        arms.map((a) => { const x = rows.find((y) => y.variant === a); return el("td", { class: "num" }, x ? withCi(x.value, x.ci_low, x.ci_high, x.share) : "–"); }));
    }))));
  const out = [el("h3", {}, t("key_results")), key];
  if (r.differences.length) {
    out.push(el("h3", {}, t("differences")), el("table", { id: "differences" },
      el("thead", {}, el("tr", {}, el("th", {}, t("variant")), el("th", {}, t("indicator")), terr.length > 1 ? el("th", {}, t("territory")) : null, el("th", { class: "num" }, t("diff")), el("th", {}))),
      el("tbody", {}, r.differences.map((d) => el("tr", {}, el("td", {}, d.variant), el("th", {}, label(d)), terr.length > 1 ? el("td", {}, d.territory) : null,
        el("td", { class: "num" }, withCi(d.value, d.ci_low, d.ci_high, d.share)), verdictCell(d.verdict))))));
    // The long words of a difference the same in every replication, once below the table (as the terminal does).
    if (r.differences.some((d) => d.verdict === "constant")) out.push(el("p", { class: "help note-constant" }, `${CONSTANT_MARK} ${t("constant")}`));
  }
  if (r.clamped) out.push(el("p", { class: "help note-clamped" }, t("clamped_note")));
  return out;
}

async function showResults(id) {
  const r = await api(`/api/runs/${encodeURIComponent(id)}`);
  const box = $("results");
  if (!r.ok || !r.body.complete) { box.replaceChildren(el("p", { class: "errors" }, (r.body && r.body.error) || "…")); return; }
  const b = r.body, base = `/api/runs/${encodeURIComponent(id)}/files/`;
  box.replaceChildren(
    el("p", {}, el("strong", {}, b.name), ` — ${id} — `, t("run_line", fmt(b.inhabitants, 0), b.replications, fmt(b.years)), t("wall", fmt(b.wall_seconds, 1))),
    ...resultTables(b),
    el("p", { class: "downloads" }, t("downloads"), " ", b.files.map((f) => el("a", { href: base + encodeURIComponent(f) + "?download=1", download: f === "scenario.toml" ? `${id}.toml` : f, "data-file": f }, f))),
    el("h3", {}, t("report")),
    ...(b.files.includes("report.html") ? [el("iframe", { class: "report", src: base + "report.html", title: "report.html" })] : []));
  $("step-results").scrollIntoView({ behavior: "smooth" });
}

// ---------- past runs ----------
async function listRuns() {
  const r = await api("/api/runs");
  const tb = $("runs-list"); tb.replaceChildren();
  const runs = (r.body && r.body.runs) || [];
  if (!runs.length) tb.append(el("tr", {}, el("td", { colspan: 7 }, t("no_runs"))));
  for (const x of runs) {
    const box = el("input", { type: "checkbox", class: "cmp", value: x.id, disabled: x.state !== "done" });
    tb.append(el("tr", { "data-id": x.id }, el("td", {}, box), el("td", {}, x.name), el("td", { title: x.started_at || "" }, when(x.started_at)), el("td", { title: (S.lang === "fr" && x.message_fr ? x.message_fr : x.message) || "" }, t("state_" + x.state), x.state === "failed" && x.message ? el("small", { class: "errors" }, ` — ${S.lang === "fr" && x.message_fr ? x.message_fr : x.message}`) : null),
      el("td", { class: "num" }, x.replications ?? ""), el("td", {}, (x.variants || []).join(", ")),
      el("td", {}, x.state === "done" ? el("button", { type: "button", onclick: () => showResults(x.id) }, t("open"))
        : ["incomplete", "cancelled"].includes(x.state) && x.started_at ? el("button", { type: "button", class: "resume", onclick: () => resumeRun(x.id) }, t("resume")) : null)));
  }
}

// An unfinished folder (cancelled, or left by a stopped server): queued again, its saved tasks reused.
async function resumeRun(id) {
  const r = await post(`/api/runs/${encodeURIComponent(id)}/resume`, { lang: S.lang });
  if (r.status === 429 && r.body && r.body.max_queued) { $("run-status").textContent = t("too_many", r.body.max_queued); return; }
  if (!r.ok || !r.body || !r.body.id) { $("run-status").textContent = t("failed") + errorText(r); return; }
  $("step-run").scrollIntoView({ behavior: "smooth" });
  follow(r.body.id);
}

async function compareRuns() {
  const ids = [...document.querySelectorAll("input.cmp:checked")].map((b) => b.value);
  const box = $("compare");
  if (ids.length !== 2) { box.replaceChildren(el("p", { class: "message" }, t("pick_two"))); return; }
  const r = await api(`/api/compare?a=${encodeURIComponent(ids[0])}&b=${encodeURIComponent(ids[1])}`);
  if (!r.ok) { box.replaceChildren(el("p", { class: "errors" }, errorText(r))); return; }
  const { a, b } = r.body, label = (row) => (S.lang === "fr" ? row.fr : row.en);
  const keyOf = (x) => `${x.variant}|${x.territory}|${x.indicator}`;
  const bm = new Map(b.summary.map((x) => [keyOf(x), x]));
  const seen = new Set();
  const rows = [];
  for (const x of a.summary) { seen.add(keyOf(x)); rows.push([x, bm.get(keyOf(x))]); }
  for (const y of b.summary) if (!seen.has(keyOf(y))) rows.push([null, y]);
  box.replaceChildren(el("h3", {}, t("compare_title")), el("table", { id: "compare-table" },
    el("thead", {}, el("tr", {}, el("th", {}, t("variant")), el("th", {}, t("indicator")), el("th", { class: "num" }, `${t("run_a")}${colon()}${a.name} (${ids[0]})`), el("th", { class: "num" }, `${t("run_b")}${colon()}${b.name} (${ids[1]})`))),
    el("tbody", {}, rows.map(([x, y]) => { const z = x || y; return el("tr", {}, el("td", {}, z.variant), el("th", {}, label(z)),
      el("td", { class: "num" }, x ? withCi(x.value, x.ci_low, x.ci_high, x.share) : "–"), el("td", { class: "num" }, y ? withCi(y.value, y.ci_low, y.ci_high, y.share) : "–")); }))),
    ...(a.clamped || b.clamped ? [el("p", { class: "help note-clamped" }, t("clamped_note"))] : []));
}

// ---------- start ----------
async function start() {
  $("search-form").addEventListener("submit", search);
  $("upload").addEventListener("change", upload);
  $("select-all").addEventListener("click", () => { if (S.map) S.map.communes.forEach((c) => S.selected.add(c.code)); renderSelection(); });
  $("select-none").addEventListener("click", () => { S.selected.clear(); renderSelection(); });
  $("list-filter").addEventListener("input", (e) => { S.filter = e.target.value; renderList(); });
  $("diag-btn").addEventListener("click", diagnose);
  $("baseline-btn").addEventListener("click", baseline);
  $("policy-type").addEventListener("change", showPolicyHelp);
  $("add-variant").addEventListener("click", addVariant);
  $("check-btn").addEventListener("click", check);
  $("run-btn").addEventListener("click", run);
  $("cancel-btn").addEventListener("click", cancelRun);
  $("runs-refresh").addEventListener("click", listRuns);
  $("compare-btn").addEventListener("click", compareRuns);
  $("scn-name").addEventListener("input", (e) => { e.target.dataset.touched = "1"; });
  $("lang-fr").addEventListener("click", () => { S.lang = "fr"; applyLang(); });
  $("lang-en").addEventListener("click", () => { S.lang = "en"; applyLang(); });
  const c = await api("/api/catalogue");
  S.catalogue = (c.body && c.body.policies) || [];
  applyLang();
  listRuns();
  document.body.dataset.ready = "1";
}
start();
