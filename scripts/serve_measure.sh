#!/usr/bin/env bash
# Measures `parcours serve` as a board would use it: from opening the page
# to a result for a territory of about 100,000 inhabitants (a département
# found by name, all its communes) with three options at 10 replications
# (1 year after a 182-day warm-up), and the server's memory (/usr/bin/time -v).
# Loopback only. Usage: scripts/serve_measure.sh [NAME] (default: creuse)
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-creuse}"
bin=target/release/parcours
test -x "$bin" || { echo "build first: cargo build --release" >&2; exit 2; }
work="$(mktemp -d)"
/usr/bin/time -v "$bin" serve --port 0 --output "$work/output" > "$work/stdout" 2> "$work/time" &
server=$!
for _ in $(seq 100); do grep -q http "$work/stdout" 2>/dev/null && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$work/stdout")"
now() { date +%s.%N; }
t0=$(now)
for p in "" app.js app.css api/catalogue api/runs; do curl -sf "$url$p" > /dev/null; done
t_page=$(now)
spec=$(curl -sf "${url}api/search?q=$name" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["map_spec"])')
curl -sf "${url}api/communes?spec=$spec" > "$work/map.json"
t_map=$(now)
communes=$(python3 -c 'import json,sys; print(json.dumps([c["code"] for c in json.load(open(sys.argv[1]))["communes"]]))' "$work/map.json")
curl -sf -XPOST -H 'content-type: application/json' -d "{\"communes\":$communes}" "${url}api/diagnostic" > "$work/diag.json"
t_diag=$(now)
curl -sf -XPOST -H 'content-type: application/json' -d "{\"communes\":$communes}" "${url}api/baseline" > "$work/base.json"
t_base=$(now)
# The département's baseline, started in the background by the selection's: wait for it.
dep_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["departement"]["url"])' "$work/base.json")
for _ in $(seq 6000); do
  curl -sf "${url}${dep_url#/}" > "$work/dep.json"
  grep -q '"state":"running"' "$work/dep.json" || break
  sleep 0.1
done
t_dep=$(now)
body=$(python3 - "$communes" "$name" <<'PY'
import json, sys
communes, name = json.loads(sys.argv[1]), sys.argv[2]
pol = lambda t, **p: {"type": t, "params": p}
print(json.dumps({"scenario": {"name": name, "communes": communes, "replications": 10, "years": 1.0, "warmup_days": 182,
  "variants": [{"name": "teleconsultation", "policies": [pol("teleconsultation", doctors=2, consultations_per_day=40)]},
               {"name": "sas", "policies": [{"type": "sas", "participation": 0.5, "params": {}}]},
               {"name": "cpts", "policies": [{"type": "cpts", "participation": 0.6, "params": {}}]}]}}))
PY
)
id=$(curl -sf -XPOST -H 'content-type: application/json' -d "$body" "${url}api/runs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sfN "${url}api/runs/$id/events" | grep -m1 -E '"state":"(done|failed|cancelled)"' > "$work/end"
curl -sf "${url}api/runs/$id" > "$work/result.json"
t_end=$(now)
# time(1) ignores signals while it waits: stop its child, the server.
kill -TERM $(pgrep -P $server); wait $server || true
python3 - "$work" "$t0" "$t_page" "$t_map" "$t_diag" "$t_base" "$t_dep" "$t_end" <<'PY'
import json, sys
w, t0, tp, tm, td, tb, tdep, te = sys.argv[1], *map(float, sys.argv[2:])
d = json.load(open(f"{w}/diag.json")); r = json.load(open(f"{w}/result.json"))
time = open(f"{w}/time").read()
rss = next(l.split(":")[1].strip() for l in time.splitlines() if "Maximum resident" in l)
print(f"territory: {d['departement']['label']}, {d['selection']['population']} inhabitants, {d['selection']['communes']} communes")
print(f"page and catalogue {tp-t0:.2f} s; search and map {tm-tp:.2f} s; diagnostic {td-tm:.2f} s; quick baseline {tb-td:.2f} s")
dep = json.load(open(f"{w}/dep.json"))
print(f"departement baseline ({dep['label']}, {dep['inhabitants']} inhabitants, background, 1 thread): {tdep-tb:.2f} s, state {dep['state']}")
print(f"run: 4 arms x {r['replications']} replications x {r['years']} year: {te-tdep:.1f} s (run.json wall {r['wall_seconds']:.1f} s); state {open(f'{w}/end').read().strip()}")
print(f"total from opening the page to the result: {te-t0:.1f} s (machine time, no think time)")
print(f"server maximum resident set size: {int(rss)/1024:.0f} MB")
PY
rm -rf "$work"
