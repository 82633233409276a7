// `cargo xtask bench`'s scoreboard: folds every bench's figures into target/bench/report.json, one stable
// schema (documented in the README, "Benchmarks"). Each part is read from the file its bench wrote (`sources`
// gives each file's time, so a part left from an earlier run shows as such); a part with no file is null. Run by
// xtask with BENCH_DIR (target/bench),
// NPM_DIR (dist/npm) and optionally PLAYGROUND_DIR (dist/playground).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const bench = process.env.BENCH_DIR;
const read = (file) => (existsSync(join(bench, file)) ? readFileSync(join(bench, file), "utf8") : null);
const json = (file) => {
  const text = read(file);
  return text === null ? null : JSON.parse(text);
};
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const round = (x, digits = 2) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

// The machine every absolute figure comes from (ratios are side by side in one run and travel better).
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memory_gb: round(totalmem() / 2 ** 30, 1),
  platform: platform(),
  node: process.version,
  load_average_1m: round(loadavg()[0]),
};

function validate() {
  const native = read("validate-native.jsonl");
  const wasm = json("validate-wasm.json");
  if (native === null || wasm === null) return null;
  const byFile = new Map(native.trim().split("\n").map((l) => JSON.parse(l)).map((r) => [r.bytes, r]));
  const sizes = {};
  for (const w of wasm.rows) {
    const n = byFile.get(w.bytes);
    sizes[w.name] = {
      bytes: w.bytes,
      messages: w.messages,
      native_mb_per_s: round(n?.mb_per_s, 1),
      wasm_mb_per_s: round(w.wasm_mb_per_s, 1),
      wasm_over_native_time: n ? round(w.validate_ms / n.median_ms) : null,
      validate_ms: round(w.validate_ms, 3),
      json_parse_ms: round(w.json_parse_ms, 3),
      ratio_to_json_parse: round(w.ratio),
      native_peak_heap_bytes: n?.peak_heap_bytes ?? null,
      native_peak_heap_over_input: n ? round(n.peak_heap_bytes / w.bytes) : null,
      native_allocations: n?.allocations ?? null,
    };
  }
  return { goal: { ratio_to_json_parse_max: 2.0, native_mb_per_s_min: 250, peak_heap_over_input_max: 3.0 }, sizes };
}

function explain() {
  const wasm = json("validate-wasm.json");
  if (!wasm?.explain?.length) return null;
  return Object.fromEntries(
    wasm.explain.map((e) => [e.name, { body_bytes: e.body_bytes, explain_us: round(e.explain_us, 1), json_parse_us: round(e.json_parse_us, 2), ratio_to_json_parse: round(e.ratio, 1) }]),
  );
}

function packageSizes() {
  const dir = process.env.NPM_DIR;
  if (!dir || !existsSync(dir)) return null;
  const files = {};
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(wasm|js|mjs)$/.test(name)) continue;
    const bytes = readFileSync(join(dir, name));
    files[name] = { raw: bytes.length, gzip: gzip(bytes) };
  }
  return files;
}

// What the playground's index.html loads before any interaction: the files it references (scripts, styles, the
// wasm it preloads), each gzip -9, as the e2e test counts them.
function playground() {
  const dir = process.env.PLAYGROUND_DIR;
  if (!dir || !existsSync(join(dir, "index.html"))) return null;
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const refs = new Set(["index.html"]);
  for (const m of html.matchAll(/(?:src|href)=["']\/?([^"'#?]+)["']/g)) {
    if (existsSync(join(dir, m[1])) && statSync(join(dir, m[1])).isFile()) refs.add(m[1]);
  }
  for (const m of html.matchAll(/["']\/?([\w./-]+_bg\.wasm)["']/g)) if (existsSync(join(dir, m[1]))) refs.add(m[1]);
  const files = {};
  let raw = 0;
  let gz = 0;
  for (const f of [...refs].sort()) {
    const bytes = readFileSync(join(dir, f));
    files[f] = { raw: bytes.length, gzip: gzip(bytes) };
    raw += bytes.length;
    gz += files[f].gzip;
  }
  return { files, total_raw: raw, total_gzip: gz };
}

function simulator() {
  const tables = {};
  for (const name of readdirSync(bench).filter((f) => /^simulate-.+\.json$/.test(f)).sort()) {
    tables[name.slice("simulate-".length, -".json".length)] = keyed(json(name));
  }
  return Object.keys(tables).length ? tables : null;
}

// A bench's rows keyed by scenario name, whatever the list is called in its file.
function keyed(doc) {
  if (doc === null) return null;
  const out = { ...doc };
  for (const [k, v] of Object.entries(doc)) {
    if (Array.isArray(v) && v.length && v.every((r) => r && typeof r === "object")) {
      const key = ["scenario", "name", "shape", "strategy", "policy"].find((f) => v.every((r) => typeof r[f] === "string"));
      if (key) out[k] = Object.fromEntries(v.map((r) => [r[key], r]));
    }
  }
  return out;
}

const sources = Object.fromEntries(
  readdirSync(bench)
    .filter((f) => /\.jsonl?$/.test(f) && f !== "report.json")
    .sort()
    .map((f) => [f, statSync(join(bench, f)).mtime.toISOString()]),
);

const report = {
  schema: 1,
  generated_at: new Date().toISOString(),
  machine,
  sources,
  validate: validate(),
  explain: explain(),
  package: packageSizes(),
  playground: playground(),
  simulator: simulator(),
  overload: keyed(json("overload.json")),
  fleet: keyed(json("fleet.json")),
  load: keyed(json("load.json")),
};
writeFileSync(join(bench, "report.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`  wrote ${join(bench, "report.json")}: ${Object.entries(report).filter(([, v]) => v === null).map(([k]) => k).join(", ") || "every part"}${Object.values(report).some((v) => v === null) ? " not run this time" : ""}`);
