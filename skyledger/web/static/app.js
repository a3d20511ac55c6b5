// skyledger's page: a map, a timeline, a claims table and a claim view, all drawn from the API.
// Document text is untrusted: it only ever enters the page through textContent, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
// The map shows European Russia, Ukraine and the seas between them.
const VIEW = { west: 22, east: 50, south: 43.3, north: 58, width: 840 };
const SERIES = [
  { side: "RU", action: "destroyed", label: "Russian side: destroyed", color: "#b03a2e" },
  { side: "UA", action: "launched", label: "Ukrainian side: launched at Ukraine", color: "#e0a100" },
  { side: "UA", action: "destroyed", label: "Ukrainian side: destroyed", color: "#1f5f99" },
];
const state = { region: null, page: 1, size: 25, claim: null, regions: new Map() };

function el(tag, attrs = {}, text) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// Each loader keeps only its latest answer: a slow old response never overwrites a newer one.
const latest = {};
async function fresh(name, promise) {
  const ticket = (latest[name] = (latest[name] || 0) + 1);
  const value = await promise;
  return ticket === latest[name] ? value : null;
}

async function api(path, params = {}) {
  const url = new URL(path, window.location.href);
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== "" && one !== null && one !== undefined) url.searchParams.append(k, one);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

function period() {
  const f = document.getElementById("filters").elements;
  return { from: f.from.value, to: f.to.value, claimant: f.claimant.value, action: f.action.value };
}

// ---- map -------------------------------------------------------------------------------------
const scaleX = Math.cos((55 * Math.PI) / 180);
const unit = VIEW.width / ((VIEW.east - VIEW.west) * scaleX);
const height = (VIEW.north - VIEW.south) * unit;
const project = ([lon, lat]) => [((lon - VIEW.west) * scaleX * unit).toFixed(1), ((VIEW.north - lat) * unit).toFixed(1)];

function pathOf(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((ring) => "M" + ring.map((p) => project(p).join(",")).join("L") + "Z").join("")).join("");
}

function shade(value, max) {
  if (!value) return "#eceff3";
  const t = Math.sqrt(value / max);
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 140)},${mix(224, 28)},${mix(178, 19)})`;
}

let boundaries = null;

async function loadBoundaries() {
  try {
    const response = await fetch("regions.geojson");
    boundaries = response.ok ? await response.json() : null;
  } catch (e) {
    boundaries = null;
  }
}

function describe(code) {
  const r = state.regions.get(code);
  const name = r ? r.name : code;
  if (!r) return `${name} (${code}): no claim in this period`;
  const figure = r.low === r.high ? `${r.high}` : `${r.low} to ${r.high}`;
  return `${name} (${code}): ${figure} claimed ${period().action}, from ${r.claims} reconciled claim${r.claims === 1 ? "" : "s"}`;
}

function drawMap() {
  const svg = document.getElementById("map");
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${VIEW.width} ${height.toFixed(0)}`);
  const max = Math.max(1, ...[...state.regions.values()].map((r) => r.high));
  const shapes = [];
  const drawn = new Set();
  for (const f of boundaries ? boundaries.features : []) {
    const code = f.properties.code;
    const shapeEl = el("svg:path", { d: pathOf(f.geometry), "data-code": code, fill: shade(state.regions.get(code)?.high, max) });
    shapes.push(shapeEl);
    drawn.add(code);
  }
  // Seas, and every region when no boundaries are installed: a circle at the region's point.
  for (const r of state.regions.values()) {
    if (drawn.has(r.code) || r.lat === null || r.lon === null) continue;
    const [x, y] = project([r.lon, r.lat]);
    shapes.push(el("svg:circle", { cx: x, cy: y, r: 9, "data-code": r.code, fill: shade(r.high, max) }));
  }
  for (const s of shapes) {
    const code = s.getAttribute("data-code");
    s.append(el("svg:title", {}, describe(code)));
    if (code === state.region) s.classList.add("selected");
    s.addEventListener("mouseenter", () => { document.getElementById("map-info").textContent = describe(code); });
    s.addEventListener("click", () => selectRegion(code));
    svg.append(s);
  }
}

function selectRegion(code) {
  state.region = code;
  state.page = 1;
  document.getElementById("clear-region").hidden = code === null;
  document.getElementById("map-info").textContent = code ? describe(code) : "Hover over a region to see its figures.";
  drawMap();
  loadClaims();
  loadTimeline();
}

async function loadMap() {
  const p = period();
  const rows = await fresh("map", api("api/regions", p));
  if (rows === null) return;
  state.regions = new Map(rows.map((r) => [r.code, r]));
  drawMap();
}

// ---- timeline --------------------------------------------------------------------------------
function sideOf(claimantKey) {
  const after = claimantKey.split(":")[1] || "";
  return after.slice(0, 2);
}

async function loadTimeline() {
  const p = period();
  // With a region chosen on the map, the region's daily totals; else every claimant's.
  const daily = await fresh("timeline", api("api/daily", { by: state.region ? "region" : "claimant", from: p.from, to: p.to }));
  if (daily === null) return;
  const rows = daily.filter((r) => (!state.region || r.region === state.region) && r.claimant.startsWith(p.claimant));
  const where = state.region ? ` in ${state.region}` : "";
  document.querySelector("#timeline-title .hint").textContent = `daily totals${where}, each reconciled claim counted once`;
  const days = [...new Set(rows.map((r) => r.date))].sort().slice(-30);
  const values = days.map((day) => SERIES.map((s) => rows
    .filter((r) => r.date === day && r.action === s.action && sideOf(r.claimant) === s.side)
    .reduce((sum, r) => sum + r.high, 0)));
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const w = 420, h = 220, left = 30, bottom = 40;
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const max = Math.max(1, ...values.flat());
  const band = (w - left) / Math.max(1, days.length);
  const bar = Math.max(1, band / (SERIES.length + 1));
  svg.append(el("svg:text", { x: 0, y: 10 }, max));
  days.forEach((day, i) => {
    values[i].forEach((v, k) => {
      const barHeight = ((h - bottom - 12) * v) / max;
      const rect = el("svg:rect", {
        x: (left + i * band + k * bar).toFixed(1), y: (h - bottom - barHeight).toFixed(1),
        width: bar.toFixed(1), height: barHeight.toFixed(1), fill: SERIES[k].color,
      });
      rect.append(el("svg:title", {}, `${day}: ${SERIES[k].label} ${v}`));
      svg.append(rect);
    });
    if (days.length <= 10 || i % Math.ceil(days.length / 10) === 0) {
      svg.append(el("svg:text", { x: (left + i * band).toFixed(1), y: h - bottom + 14 }, day.slice(5)));
    }
  });
  if (!days.length) svg.append(el("svg:text", { x: left, y: h / 2 }, "No daily totals in this period."));
  const legend = document.getElementById("legend");
  legend.replaceChildren(...SERIES.map((s) => {
    const item = el("li");
    const swatch = el("span");
    swatch.style.background = s.color;
    item.append(swatch, document.createTextNode(s.label));
    return item;
  }));
}

// ---- claims table ----------------------------------------------------------------------------
function checksText(c) {
  const failed = c.checks.filter((k) => k.status === "fail").length;
  const passed = c.checks.filter((k) => k.status === "pass").length;
  return failed ? `✗${failed} ✓${passed}` : `✓${passed}`;
}

async function loadClaims() {
  const t = document.getElementById("table-filters").elements;
  const p = period();
  // The header's claimant is a reconciled key ('ministry:RU', 'governor'): its kind filters claims.
  const params = {
    from: p.from, to: p.to, region: state.region, flag: t.flag.value.trim(), check: t.check.value,
    failed: t.failed.checked ? "true" : "", page: state.page, size: state.size, action: p.action,
    claimant: p.claimant.split(":")[0], channel: "",
  };
  const data = await fresh("claims", api("api/claims", params));
  if (data === null) return;
  const body = document.querySelector("#claims tbody");
  body.replaceChildren();
  for (const c of data.items) {
    const row = el("tr", { "data-id": c.id });
    const who = c.claimant.person || c.claimant.name || c.claimant.kind;
    const total = c.total === null ? "?" : c.total_bound && c.total_bound !== "exact" ? `${c.total} (${c.total_bound})` : c.total;
    const cells = [c.day || "", who, c.action, c.weapon_detail ? `${c.weapon} (${c.weapon_detail})` : c.weapon, total,
      c.regions.map((r) => (r.count === null ? r.code : `${r.code} ${r.count}`)).join(", "), c.role || "", checksText(c)];
    cells.forEach((v, i) => row.append(el("td", i === 4 ? { class: "num" } : {}, v)));
    if (c.checks.some((k) => k.status === "fail")) row.lastChild.classList.add("fail");
    if (c.id === state.claim) row.classList.add("open");
    row.addEventListener("click", () => openClaim(c.id));
    body.append(row);
  }
  const flags = new Set(data.items.flatMap((c) => c.flags));
  document.getElementById("flag-names").replaceChildren(...[...flags].sort().map((f) => el("option", { value: f })));
  const where = state.region ? ` in ${state.region}` : "";
  document.getElementById("claims-count").textContent = `${data.total} claims${where}, newest first`;
  document.getElementById("page").textContent = `page ${data.page} of ${Math.max(1, data.pages)}`;
  document.getElementById("prev").disabled = data.page <= 1;
  document.getElementById("next").disabled = data.page >= data.pages;
}

// ---- claim view ------------------------------------------------------------------------------
function kindOf(field) {
  const head = field.split(":")[0];
  return ["total", "count", "region", "claimant", "window"].includes(head) ? head : "value";
}

// The document's text with every value marked at its span, built from text nodes only. Spans count
// Unicode code points (as Python does), not UTF-16 units: an emoji before a value must not shift it.
function markedText(raw, values) {
  const text = Array.from(raw);
  const cuts = new Set([0, text.length]);
  for (const v of values) { cuts.add(v.start); cuts.add(v.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const box = el("div", { class: "text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = values.filter((v) => v.start <= a && v.end >= b);
    const piece = text.slice(a, b).join("");
    if (!covering.length) { box.append(document.createTextNode(piece)); continue; }
    const fields = covering.map((v) => v.field).join(" ");
    box.append(el("mark", { class: kindOf(covering[0].field), "data-fields": fields, title: fields }, piece));
  }
  return box;
}

// A report's URL is untrusted too: it becomes a link only when it is http(s), else it shows as text,
// so 'javascript:', 'data:' or 'vbscript:' can never be clicked.
function safeHref(raw) {
  if (typeof raw !== "string" || raw === "") return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (e) {
    return null;
  }
}

function reportLine(c) {
  if (!c.title && !c.url) return document.createDocumentFragment();
  const line = el("p", { class: "report" });
  if (c.title) line.append(el("span", { class: "title" }, c.title));
  if (c.url) {
    const href = safeHref(c.url);
    if (c.title) line.append(document.createTextNode(" · "));
    line.append(href ? el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, c.url) : el("span", { class: "url" }, c.url));
  }
  return line;
}

function list(items, render) {
  const ul = el("ul");
  for (const item of items) ul.append(el("li", {}, render(item)));
  return ul;
}

async function openClaim(id) {
  const c = await fresh("claim", api(`api/claims/${encodeURIComponent(id)}`));
  if (c === null) return;
  state.claim = id;
  document.querySelectorAll("#claims tbody tr").forEach((r) => r.classList.toggle("open", r.dataset.id === id));
  const box = document.getElementById("claim");
  const who = [c.claimant.kind, c.claimant.person || c.claimant.name].filter(Boolean).join(" ");
  const regions = c.regions.map((r) => `${r.name} ${r.count ?? "?"}`).join(", ");
  const flags = el("div");
  for (const f of c.flags) flags.append(el("span", { class: "flag" }, f));
  box.replaceChildren(
    el("p", { class: "summary" }, `${who}: ${c.action} ${c.total ?? "?"} ${c.weapon}${regions ? " — " + regions : ""}`),
    el("p", { class: "meta" }, [c.source, c.channel && `channel ${c.channel}`, c.published && `published ${c.published}`,
      c.day && `day ${c.day}`, c.role && `role ${c.role}`, c.grade && `grade ${c.grade}`].filter(Boolean).join(" · ")),
    reportLine(c),
    markedText(c.text, c.values),
    el("h3", {}, "How it was read"),
    list(c.explanation, (line) => line),
    el("h3", {}, "Checks"),
    list(c.checks, (k) => `${k.status === "pass" ? "✓" : k.status === "fail" ? "✗" : "–"} ${k.name}: ${k.detail}`),
    el("h3", {}, "Flags"),
    flags,
    el("h3", {}, "Carried by"),
    list(c.carried_by.length ? c.carried_by : [{ claim: c.id, role: c.role, total: c.total, source: c.source }],
      (d) => `${d.role || "—"} ${d.total ?? "?"} · ${d.source}`),
  );
  document.getElementById("claim-panel").hidden = false;
}

// ---- wiring ----------------------------------------------------------------------------------
async function refresh() {
  state.page = 1;
  await Promise.all([loadMap(), loadTimeline(), loadClaims()]);
}

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("filters").addEventListener("change", refresh);
  document.getElementById("table-filters").addEventListener("change", () => { state.page = 1; loadClaims(); });
  document.getElementById("table-filters").addEventListener("submit", (e) => e.preventDefault());
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
  document.getElementById("clear-region").addEventListener("click", () => selectRegion(null));
  document.getElementById("prev").addEventListener("click", () => { state.page -= 1; loadClaims(); });
  document.getElementById("next").addEventListener("click", () => { state.page += 1; loadClaims(); });
  await loadBoundaries();
  await refresh();
  document.body.dataset.ready = "true";
});
