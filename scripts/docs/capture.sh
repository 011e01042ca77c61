#!/usr/bin/env bash
# Captures the output of every command the user documentation shows.
#
# Each capture runs a command in a scratch directory with the repository's own build
# (dist/cli/main.js, called as `benchledger`) and saves "$ command" followed by its output
# (stdout and stderr) in $DOCS_CACHE_DIR/captures/NAME.txt; data files the docs show are copied there too.
# scripts/docs/render.mjs then fills the templates in docs/templates/ from that directory.
# `npm run docs` runs both.
#
# Environment:
#   TEST_DATABASE_URL     PostgreSQL server to use (default postgres://postgres@127.0.0.1:5432/postgres);
#                         its role must be allowed to create databases. A scratch database with a
#                         unique name is created on it and dropped at the end, also on failure.
#   DOCS_CACHE_DIR        where the captures are kept for render.mjs, and the quick-start cache
#                         (default ${TMPDIR:-/tmp}/benchledger-docs). $DOCS_CACHE_DIR/captures is
#                         emptied at the start of every run.
#   DOCS_SKIP_QUICKSTART  1: do not clone the repository and run `npm ci` (slow) for the quick-start
#                         capture; reuse the one kept in $DOCS_CACHE_DIR/quickstart/ by an earlier run.
#
# The quick start runs `npx benchledger demo --serve` in a fresh `git clone` of this repository after
# `npm ci`, as a new user would: it shows the committed HEAD, not uncommitted changes. Every
# other capture uses this working tree's build.
#
# All other scratch files (stores, git repositories, results files) go under one
# `mktemp -d` directory that is removed at the end. Exits non-zero when a command that
# the docs show as succeeding failed (the failures are listed), or when set-up fails.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLI="$REPO/dist/cli/main.js"
CACHE=${DOCS_CACHE_DIR:-${TMPDIR:-/tmp}/benchledger-docs}
OUT="$CACHE/captures"
QS_CACHE="$CACHE/quickstart"
ADMIN_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/benchledger-docs-scratch.XXXXXX")
PGDB="benchledger_docs_$$"
STARTED=$SECONDS

# The server's URL without its password (PGPASSWORD carries it, so no shown command or
# output contains it), and the scratch database's URL on the same server.
read -r PG_SERVER_URL PGURL PG_PASSWORD < <(node -e '
  const u = new URL(process.argv[1]); const password = decodeURIComponent(u.password); u.password = "";
  const server = u.href; u.pathname = "/" + process.argv[2];
  console.log(server, u.href, password === "" ? "-" : password);' "$ADMIN_URL" "$PGDB")
[ "$PG_PASSWORD" = "-" ] && PG_PASSWORD=${PGPASSWORD:-}
export PGPASSWORD=$PG_PASSWORD

cleanup() {
  psql -q "$PG_SERVER_URL" -c "drop database if exists $PGDB with (force)" >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT

if ! psql "$PG_SERVER_URL" -Atqc "select 1" > /dev/null; then
  echo "docs: PostgreSQL is not reachable at $PG_SERVER_URL; set TEST_DATABASE_URL to a server whose role may create databases." >&2
  exit 1
fi
# A database of this name can only be left over from an earlier run that was killed.
PGOPTIONS="-c client_min_messages=warning" psql -q "$PG_SERVER_URL" -c "drop database if exists $PGDB with (force)"
echo "docs: building the CLI"
(cd "$REPO" && npm run --silent build)
rm -rf "$OUT"
mkdir -p "$OUT" "$QS_CACHE"

# Commands run in a clean environment: no CI variables, no database of the caller's, a
# fixed git identity and no git configuration of the caller's (signing, hooks, templates).
PRELUDE="benchledger() { node '$CLI' \"\$@\"; }; export -f benchledger"
CLEAN_ENV=(env -u GITHUB_ACTIONS -u GITLAB_CI -u CI -u DATABASE_URL -u BENCHLEDGER_DB -u BENCHLEDGER_DEBUG
  -u BENCHLEDGER_LOCK_WAIT_MS -u TEST_DATABASE_URL GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
  GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
  PGPASSWORD="$PG_PASSWORD" TZ=UTC)
FAILED=()
COUNT=0

# cap NAME DIR COMMAND [VAR=VALUE...]: run COMMAND with bash in DIR and save it with its output.
# A command that exits non-zero must show its exit code (`; echo "exit code $?"`), or the
# run fails: the docs would otherwise show a failure as a success.
cap() {
  local name=$1 dir=$2 cmd=$3
  shift 3
  local rc=0
  printf '$ %s\n' "$cmd" > "$OUT/$name.txt"
  (cd "$dir" && "${CLEAN_ENV[@]}" "$@" bash -c "$PRELUDE; $cmd" >> "$OUT/$name.txt" 2>&1) || rc=$?
  COUNT=$((COUNT + 1))
  if [ "$rc" -ne 0 ] && [[ "$cmd" != *'echo "exit code $?"'* ]]; then
    FAILED+=("$name (exit $rc): $cmd")
  fi
}
# run DIR COMMAND: a set-up step that the docs do not show; it must succeed.
run() {
  (cd "$1" && "${CLEAN_ENV[@]}" bash -c "$PRELUDE; $2" > "$ROOT/run.log" 2>&1) \
    || { echo "docs: set-up step failed in $1: $2" >&2; cat "$ROOT/run.log" >&2; exit 1; }
}
# gitc DIR DATE MESSAGE: a commit that changes prompt.txt, at a fixed date, so commit ids are
# the same every run. capcommit NAME DIR DATE MESSAGE: the same, captured for the docs.
gitc() {
  (cd "$1" && echo "$3" > prompt.txt && git add prompt.txt \
    && "${CLEAN_ENV[@]}" GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" git commit -q -m "$3")
}
capcommit() {
  (cd "$2" && echo "$4" > prompt.txt)
  cap "$1" "$2" "git commit -qam \"$4\"" GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3"
}
newrepo() { mkdir -p "$1" && (cd "$1" && "${CLEAN_ENV[@]}" git init -q -b main); }
keep() { cp "$1" "$OUT/$2"; }

# Example data for the regression checks, generated with a seeded random generator so
# every run writes the same files. `node gen.mjs KIND ARGS...` prints JSON.
cat > "$ROOT/gen.mjs" <<'JS'
const [kind, ...args] = process.argv.slice(2);
// The project's own seeded generator (mulberry32), from the build this script just made.
const { seededRandom: seeded } = await import(`${process.env.BL_REPO}/dist/core/random.js`);
// One stream per kind; repeats LEVEL gets its own, so two commits do not share their noise.
const random = seeded(20261126 + (kind === "repeats" ? Math.round(Number(args[1]) * 10000) : 0));
const gauss = () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
const hex = () => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join("");
const shuffle = (list) => { for (let i = list.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [list[i], list[j]] = [list[j], list[i]]; } return list; };
const day = (start, offset) => new Date(Date.parse(start) + offset * 86400000).toISOString().replace(".000Z", "Z");
const print = (value) => console.log(JSON.stringify(value, null, 2));
const base = { model_version: "gpt-4o-mini", dataset_version: "medqa-v2", prompt_version: "zero-shot-v3" };

if (kind === "accuracy") {
  // accuracy N SIDE: N questions; the baseline gets 80% right, the candidate 70%, with
  // flips both ways (the candidate fixes 3% of the questions and breaks 13%).
  const [n, side, dataset] = [Number(args[0]), args[1], args[2]];
  const right = 0.8 * n, broken = Math.round(0.13 * n), fixed = Math.round(0.03 * n);
  const order = shuffle([...Array(n).keys()]);
  const examples = order.map((i, k) => ({
    id: `q-${String(k + 1).padStart(4, "0")}`,
    correct: side === "baseline" ? i < right : (i < right - broken) || (i >= right && i < right + fixed),
  }));
  const accuracy = examples.filter((e) => e.correct).length / n;
  print({ ...base, dataset_version: dataset, metrics: { accuracy }, examples });
} else if (kind === "history") {
  // history: 30 nightly runs, f1 0.90 +- 0.01 and latency_ms 420 +- 12, each at its own commit.
  print(Array.from({ length: 30 }, (_, i) => ({
    ...base, dataset_version: "triage-notes-v1", commit_sha: hex(), branch_name: "main",
    metrics: { f1: round(0.9 + 0.01 * gauss(), 4), latency_ms: round(420 + 12 * gauss(), 1) },
    created_at: day("2026-10-01T02:00:00Z", i),
  })));
} else if (kind === "repeats") {
  // repeats COMMIT LEVEL: three runs (seeds) of one commit around LEVEL.
  const [commit, level] = [args[0], Number(args[1])];
  print([0, 1, 2].map((seed) => ({ ...base, commit_sha: commit, metrics: { f1: round(level + 0.003 * gauss(), 4) }, tags: [`seed-${seed}`] })));
} else if (kind === "labels") {
  // labels SIDE: 1,000 yes/no questions with label and prediction; the candidate answers
  // 3% of them differently, mostly wrongly.
  // The questions and the baseline's answers come from `random`, the candidate's changes
  // from a second stream, so both sides describe the same questions.
  const side = args[0];
  const change = seeded(7);
  const examples = Array.from({ length: 1000 }, (_, i) => {
    const label = random() < 0.55 ? "yes" : "no";
    const wrong = random() < 0.14;
    const changed = change() < 0.03, toWrong = change() < 0.8;
    const flipped = side === "candidate" && changed ? toWrong : wrong;
    return { id: `pq-${i + 1}`, label, prediction: flipped ? (label === "yes" ? "no" : "yes") : label };
  });
  const tp = examples.filter((e) => e.label === "yes" && e.prediction === "yes").length;
  const fp = examples.filter((e) => e.label === "no" && e.prediction === "yes").length;
  const fn = examples.filter((e) => e.label === "yes" && e.prediction === "no").length;
  print({ ...base, dataset_version: "pubmedqa-labeled", metrics: { f1: round(2 * tp / (2 * tp + fp + fn), 4) }, examples });
} else if (kind === "weekly") {
  // weekly: ten weekly runs of a classifier on live traffic; from week 8 the inputs shift,
  // scores drop and spread, latency grows and the feature importances reorder.
  const features = ["heart_rate", "age", "systolic_bp", "resp_rate", "spo2", "temperature", "pain_score", "arrival_mode"];
  const before = [0.24, 0.19, 0.15, 0.12, 0.1, 0.08, 0.07, 0.05];
  const after = [0.17, 0.2, 0.11, 0.19, 0.06, 0.12, 0.07, 0.08];
  print(Array.from({ length: 10 }, (_, week) => {
    const shifted = week >= 7;
    const examples = Array.from({ length: 200 }, (_, i) => ({
      id: `w${week + 1}-${i + 1}`,
      score: round(Math.min(0.999, Math.max(0.01, (shifted ? 0.71 : 0.82) + (shifted ? 0.12 : 0.07) * gauss())), 3),
      latency_ms: round(Math.exp(Math.log(shifted ? 150 : 120) + 0.25 * gauss()), 1),
    }));
    const scores = examples.map((e) => e.score);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length - 1));
    const weights = (shifted ? after : before).map((w) => round(w + 0.005 * gauss(), 3));
    return {
      model_version: "triage-clf-2.3", dataset_version: "er-notes-live", prompt_version: "none",
      commit_sha: hex(), created_at: day("2026-09-07T06:00:00Z", 7 * week),
      metrics: { f1: round((shifted ? 0.79 : 0.83) + 0.006 * gauss(), 4), confidence: { mean: round(mean, 4), std: round(std, 4) },
        feature_importances: Object.fromEntries(features.map((f, k) => [f, weights[k]])) },
      examples,
    };
  }));
}
JS
gen() { BL_REPO="$REPO" node "$ROOT/gen.mjs" "$@"; }

# cap_server NAME DIR COMMAND: start a command that serves, keep its output until it says it
# is serving, then stop it as a user would (Ctrl-C, SIGINT to its process group).
cap_server() {
  local name=$1 dir=$2 cmd=$3 log="$ROOT/$1.log"
  (cd "$dir" && exec setsid "${CLEAN_ENV[@]}" bash -c "$PRELUDE; $cmd" > "$log" 2>&1) &
  local pid=$!
  for _ in $(seq 1 240); do grep -q "benchledger serving" "$log" && break; sleep 0.5; done
  grep -q "benchledger serving" "$log" || { echo "docs: '$cmd' never said it was serving:" >&2; cat "$log" >&2; FAILED+=("$name"); }
  kill -INT -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  { printf '$ %s\n' "$cmd"; cat "$log"; printf '^C\n'; } > "$OUT/$name.txt"
  COUNT=$((COUNT + 1))
}

# ---------- quick start: a fresh clone of the repository's HEAD with `npm ci`
if [ "${DOCS_SKIP_QUICKSTART:-}" = "1" ]; then
  if [ ! -f "$QS_CACHE/qs-demo.txt" ]; then
    echo "docs: DOCS_SKIP_QUICKSTART=1 but $QS_CACHE/qs-demo.txt does not exist; run once without it." >&2
    exit 1
  fi
  echo "docs: reusing the quick-start capture of $(date -r "$QS_CACHE/qs-demo.txt" '+%Y-%m-%d %H:%M')"
else
  echo "docs: quick start in a fresh clone (git clone, npm ci)"
  git clone -q "$REPO" "$ROOT/clone"
  (cd "$ROOT/clone" && "${CLEAN_ENV[@]}" npm ci --no-audit --no-fund > "$ROOT/npm-ci.log" 2>&1) \
    || { echo "docs: npm ci failed in the clone:" >&2; tail -20 "$ROOT/npm-ci.log" >&2; exit 1; }
  cap_server qs-demo "$ROOT/clone" "npx benchledger demo --serve"
  cp "$OUT/qs-demo.txt" "$QS_CACHE/qs-demo.txt"
fi
cp "$QS_CACHE/qs-demo.txt" "$OUT/qs-demo.txt"

echo "docs: capturing"
# ---------- demo
D="$ROOT/demo"; mkdir -p "$D"
cap demo "$D" "benchledger demo"
cap demo-again "$D" "benchledger demo | head -1"
cap latest "$D" "benchledger latest"
cap latest-sort "$D" "benchledger latest --env github-actions --sort latency.p95"
cap latest-json "$D" "benchledger latest --json | jq '.latest[0] | {model_version, environment, snapshot_version, metrics}'"
cap history-raw "$D" "benchledger history --model llama-3.1-8b-instruct --dataset medqa-v2 --metric f1 --days 5"
cap history-week "$D" "benchledger history --model llama-3.1-8b-instruct --dataset medqa-v2 --metric f1 --bucket week --days 42"
cap history-p95 "$D" "benchledger history --model claude-3-5-haiku --dataset medqa-v2 --metric latency.p95 --bucket day --days 3"
cap history-nometric "$D" "benchledger history --model llama-3.1-8b-instruct --bucket week; echo \"exit code \$?\""
cap versions-ambiguous "$D" "benchledger versions --model llama-3.1-8b-instruct; echo \"exit code \$?\""

# ---------- a project: a git repository and the results files of two commits
P="$ROOT/proj"; newrepo "$P"
gitc "$P" "2026-11-20T10:00:00Z" "baseline prompt"
cat > "$P/results.json" <<'JSON'
{
  "model_version": "gpt-4o-mini-2024-07-18",
  "model_provider": "openai",
  "dataset_version": "medqa-v2",
  "prompt_version": "zero-shot-v3",
  "metrics": {
    "f1": 0.842,
    "precision": 0.861,
    "recall": 0.824,
    "latency_ms": 612.5,
    "latency": { "p50": 540.1, "p95": 1190.4 }
  },
  "duration_seconds": 1834.2,
  "tags": ["nightly"]
}
JSON
keep "$P/results.json" results-1.json
cap push-1 "$P" "benchledger push results.json"
cap push-dup "$P" "benchledger push results.json"
gitc "$P" "2026-11-21T10:00:00Z" "shorter system prompt"
cat > "$P/results.json" <<'JSON'
{
  "model_version": "gpt-4o-mini-2024-07-18",
  "model_provider": "openai",
  "dataset_version": "medqa-v2",
  "prompt_version": "zero-shot-v3",
  "metrics": {
    "f1": 0.851,
    "precision": 0.866,
    "recall": 0.837,
    "latency_ms": 655.0,
    "latency": { "p50": 570.3, "p95": 1302.8 }
  },
  "duration_seconds": 1901.7,
  "tags": ["nightly"]
}
JSON
keep "$P/results.json" results-2.json
cap push-2 "$P" "benchledger push results.json --tag prompt-fix"
cap push-json "$P" "benchledger push results.json --env staging --json"
cap push-gh "$P" "GITHUB_ACTIONS=true GITHUB_SHA=4b825dc642cb6eb9a060e54bf8d69288fbee4904 GITHUB_REF_NAME=42/merge GITHUB_HEAD_REF=feature/short-prompt benchledger push results.json"
cap push-flags "$P" "benchledger push results.json --env gpu-runner --commit 9fceb02d0ae598e95dc970b74767f19372d61af8 --branch release/1.2"
cap history-ctx "$P" "benchledger history --model gpt-4o-mini-2024-07-18 --metric f1"
cap versions "$P" "benchledger versions --model gpt-4o-mini-2024-07-18 --env local"
cap compare "$P" "benchledger compare --model gpt-4o-mini-2024-07-18 --env local --a 1 --b 2"
cap checkout "$P" "benchledger checkout --model gpt-4o-mini-2024-07-18 --env local --version 1"
cap checkout-current "$P" "benchledger checkout --model gpt-4o-mini-2024-07-18 --env local --version 3; echo \"exit code \$?\""
cap baseline-set "$P" "benchledger baseline set --model gpt-4o-mini-2024-07-18 --env local"
cap versions-2 "$P" "benchledger versions --model gpt-4o-mini-2024-07-18 --env local"
cap baseline-back "$P" "benchledger baseline set --model gpt-4o-mini-2024-07-18 --env local --version 1"
cap baseline-unset "$P" "benchledger baseline unset --model gpt-4o-mini-2024-07-18 --env local"
cap replay-verify "$P" "benchledger replay --verify"
cap replay "$P" "benchledger replay"

# ---------- run keys
K="$ROOT/keys"; mkdir -p "$K"
cat > "$K/results.json" <<'JSON'
{
  "model_version": "gpt-4o-mini-2024-07-18",
  "dataset_version": "medqa-v2",
  "metrics": { "f1": 0.842 },
  "run_key": "gh-7301964123-medqa"
}
JSON
keep "$K/results.json" key-results.json
cap key-1 "$K" "benchledger push results.json"
cap key-again "$K" "benchledger push results.json --tag retry"
sed -i 's/0.842/0.839/' "$K/results.json"
cap key-conflict "$K" "benchledger push results.json; echo \"exit code \$?\""

T="$ROOT/tags"; mkdir -p "$T"; cp "$OUT/results-1.json" "$T/results.json"
cap tags-1 "$T" "benchledger push results.json"
cap tags-2 "$T" "benchledger push results.json --tag retry"

# ---------- file shapes
F="$ROOT/fmt"; mkdir -p "$F"
cat > "$F/full.json" <<'JSON'
{
  "$schema": "../docs/result.schema.json",
  "model_version": "llama-3.1-8b-instruct",
  "model_provider": "meta",
  "dataset_version": "medqa-v2",
  "prompt_version": "cot-v2",
  "environment": "staging",
  "commit_sha": "9fceb02d0ae598e95dc970b74767f19372d61af8",
  "branch_name": "feature/cot",
  "metrics": {
    "accuracy": 0.71,
    "f1": 0.70,
    "latency": { "p50": 410.2, "p95": 903.7 },
    "confidence": { "mean": 0.82, "ece": 0.041 }
  },
  "duration_seconds": 812,
  "tags": ["nightly", "gpu-a100"],
  "run_key": "ci-4411-medqa-cot",
  "created_at": "2026-11-25T21:14:03+01:00",
  "examples": [
    { "id": "q-0001", "correct": true, "label": "B", "prediction": "B", "score": 0.93, "latency_ms": 412, "cost": 0.00021 },
    { "id": 2, "correct": false, "label": "C", "prediction": "A", "score": 0.41, "latency_ms": 388 }
  ]
}
JSON
cat > "$F/array.json" <<'JSON'
[
  { "model_version": "gpt-4o-mini", "dataset_version": "medqa-v2", "metrics": { "f1": 0.849 } },
  { "model_version": "gpt-4o-mini", "dataset_version": "triage-notes-v1", "metrics": { "f1": 0.792 } }
]
JSON
cat > "$F/wrapped.json" <<'JSON'
{
  "results": [
    { "model_version": "claude-3-5-haiku", "dataset_version": "medqa-v2", "metrics": { "f1": 0.864 } },
    { "model_version": "claude-3-5-haiku", "dataset_version": "triage-notes-v1", "metrics": { "f1": 0.788 } }
  ]
}
JSON
printf '%s\n' '{"model_version": "m", "dataset_version": "d", "metrics": {"f1": 0.5}, "examples": [{"id": "q1", "correct": true}, {"id": "q1", "correct": false}]}' > "$F/dup-ids.json"
printf '%s\n' '{"model_version": "m", "dataset_version": "d", "metrics": {"latency.p95": 812}}' > "$F/dotted.json"
for f in full array wrapped dup-ids dotted; do keep "$F/$f.json" "fmt-$f.json"; done
cap fmt-full "$F" "benchledger push full.json"
cap fmt-array "$F" "benchledger push array.json"
cap fmt-wrapped "$F" "benchledger push wrapped.json"
cap fmt-stdin "$F" "cat wrapped.json | benchledger push - --env staging"
cap fmt-stored "$F" "benchledger versions --model llama-3.1-8b-instruct --json | jq '.versions[0] | {environment, commit_sha, branch_name, run_created_at, metrics}'"
cap fmt-nested "$F" "benchledger history --model llama-3.1-8b-instruct --metric confidence.ece"
cap fmt-dup-ids "$F" "benchledger push dup-ids.json; echo \"exit code \$?\""
cap fmt-dotted "$F" "benchledger push dotted.json; echo \"exit code \$?\""

# ---------- the embedded store lock
L="$ROOT/lock"; mkdir -p "$L"
cap lock "$L" "benchledger demo > /dev/null 2>&1 & sleep 1; BENCHLEDGER_LOCK_WAIT_MS=1000 benchledger latest; echo \"exit code \$?\"; wait"

# ---------- invalid input
B="$ROOT/bad"; mkdir -p "$B"
printf '%s\n' '{ "model_version": "gpt-4o-mini", "metrics": { "f1": 0.84 } }' > "$B/missing.json"
cat > "$B/types.json" <<'JSON'
{
  "model_version": "gpt-4o-mini",
  "dataset_version": "medqa-v2",
  "metrics": { "f1": "0.84", "latency": { "p95": null } },
  "duration_seconds": -3,
  "tags": "nightly",
  "created_at": "2026-11-26 12:00"
}
JSON
printf '%s\n' '{"model_version": "gpt-4o-mini", "dataset_version": "medqa-v2", "metrics": {"f1": NaN, "loss": Infinity}}' > "$B/nan.json"
printf '%s\n' '{"model_version": "gpt-4o-mini", "dataset_version": "medqa-v2", "metric": {"f1": 0.84}, "enviroment": "staging"}' > "$B/typo.json"
printf '%s\n' '{"model_version": "gpt-4o-mini",' ' "dataset_version": "medqa-v2",' ' "metrics": {"f1": 0.84,}}' > "$B/syntax.json"
cat > "$B/batch.json" <<'JSON'
{"results": [
  {"model_version": "gpt-4o-mini", "dataset_version": "medqa-v2", "metrics": {"f1": 0.84}},
  {"model_version": "gpt-4o-mini", "dataset_version": "triage-notes-v1", "metrics": {}},
  {"model_version": "gpt-4o-mini", "dataset_version": "pubmedqa", "metrics": {"f1": 0.71},
   "examples": [{"id": "q1", "correct": "yes"}, {"id": "q2", "correct": true, "latency_ms": -5}]}
]}
JSON
for f in missing types nan typo syntax batch; do keep "$B/$f.json" "bad-$f.json"; done
cap bad-missing "$B" "benchledger push missing.json; echo \"exit code \$?\""
cap bad-types "$B" "benchledger push types.json; echo \"exit code \$?\""
cap bad-nan "$B" "benchledger push nan.json; echo \"exit code \$?\""
cap bad-typo "$B" "benchledger push typo.json; echo \"exit code \$?\""
cap bad-syntax "$B" "benchledger push syntax.json; echo \"exit code \$?\""
cap bad-batch "$B" "benchledger push batch.json; echo \"exit code \$?\""
cap bad-two "$B" "benchledger push missing.json nan.json; echo \"exit code \$?\""
cap bad-nofile "$B" "benchledger push result.json; echo \"exit code \$?\""
cap bad-py "$B" "python3 -c 'import json; print(json.dumps({\"model_version\": \"m\", \"dataset_version\": \"d\", \"metrics\": {\"f1\": float(\"nan\")}}))' | benchledger push -; echo \"exit code \$?\""
cap bad-empty-after "$B" "benchledger latest"
cap bad-usage "$B" "benchledger history --model gpt-4o-mini --days 0; echo \"exit code \$?\""

# ---------- regression checks: accuracy 0.80 -> 0.70 on 20 and on 2,000 examples
for n in 20 2000; do
  A="$ROOT/acc$n"; newrepo "$A"
  dataset=$([ "$n" = 20 ] && echo medqa-v2-smoke || echo medqa-v2)
  gitc "$A" "2026-11-20T10:00:00Z" "baseline prompt"
  gen accuracy "$n" baseline "$dataset" > "$A/results.json"
  cap "acc$n-push-1" "$A" "benchledger push results.json"
  capcommit "acc$n-commit" "$A" "2026-11-21T10:00:00Z" "shorter system prompt"
  gen accuracy "$n" candidate "$dataset" > "$A/results.json"
  cap "acc$n-file" "$A" "jq '{model_version, dataset_version, metrics, examples: (.examples | length), first: .examples[:3]}' results.json"
  cap "acc$n-push-2" "$A" "benchledger push results.json"
  cap "acc$n-check" "$A" "benchledger check; echo \"exit code \$?\""
done
A="$ROOT/acc2000"
cap acc-markdown "$A" "benchledger check --markdown report.md > /dev/null; cat report.md"
keep "$A/report.md" check-report.md
cap acc-json "$A" "benchledger check --json --no-record; echo \"exit code \$?\""
cap acc-fail-inconclusive "$ROOT/acc20" "benchledger check --fail-on inconclusive --no-record > /dev/null; echo \"exit code \$?\""

# ---------- regression checks: 30 runs of history, then three commits
H="$ROOT/hist"; newrepo "$H"
gen history > "$H/history.json"
cap hist-file "$H" "jq -c '.[] | {commit_sha: .commit_sha[:10], created_at, metrics}' history.json | head -3"
cap hist-push "$H" "benchledger push history.json"
gitc "$H" "2026-11-01T10:00:00Z" "cache the retrieval index"
printf '%s\n' '{ "model_version": "gpt-4o-mini", "dataset_version": "triage-notes-v1", "prompt_version": "zero-shot-v3", "metrics": { "f1": 0.895, "latency_ms": 425.3 } }' > "$H/results.json"
cap hist-good-cat "$H" "cat results.json"
cap hist-good-push "$H" "benchledger push results.json"
cap hist-good "$H" "benchledger check; echo \"exit code \$?\""
capcommit hist-bad-commit "$H" "2026-11-02T10:00:00Z" "switch the triage prompt to the short template"
printf '%s\n' '{ "model_version": "gpt-4o-mini", "dataset_version": "triage-notes-v1", "prompt_version": "zero-shot-v3", "metrics": { "f1": 0.80, "latency_ms": 418.9 } }' > "$H/results.json"
cap hist-bad-cat "$H" "cat results.json"
cap hist-bad-push "$H" "benchledger push results.json"
cap hist-bad "$H" "benchledger check; echo \"exit code \$?\""
cap hist-ack "$H" "benchledger ack --model gpt-4o-mini --metric f1 --reason \"short template accepted for now; see issue 7\" --by dev"
cap hist-acked "$H" "benchledger check; echo \"exit code \$?\""
cap hist-ack-json "$H" "benchledger ack --model gpt-4o-mini --metric latency_ms --reason \"measured on a shared runner\" --json"
gitc "$H" "2026-11-03T10:00:00Z" "send the whole note as context"
printf '%s\n' '{ "model_version": "gpt-4o-mini", "dataset_version": "triage-notes-v1", "prompt_version": "zero-shot-v3", "metrics": { "f1": 0.903, "latency_ms": 515.0 } }' > "$H/results.json"
cap hist-slow-cat "$H" "cat results.json"
cap hist-slow-push "$H" "benchledger push results.json"
cap hist-slow "$H" "benchledger check; echo \"exit code \$?\""
cap hist-slow-strict "$H" "benchledger check --fail-on tradeoff --no-record > /dev/null; echo \"exit code \$?\""
cap check-no-runs "$H" "benchledger check --commit 0123abc; echo \"exit code \$?\""

# ---------- regression checks: an SLA in benchledger.config.json
S="$ROOT/sla"; newrepo "$S"
cat > "$S/benchledger.config.json" <<'JSON'
{
  "configs": [
    {
      "match": { "model_version": "gpt-4o-mini*" },
      "sla": {
        "latency.p95": { "max": 1250 },
        "f1": { "min": 0.8 }
      }
    }
  ]
}
JSON
keep "$S/benchledger.config.json" sla-config.json
gitc "$S" "2026-11-20T10:00:00Z" "baseline prompt"
cp "$OUT/results-1.json" "$S/results.json"
run "$S" "benchledger push results.json"
gitc "$S" "2026-11-21T10:00:00Z" "shorter system prompt"
cp "$OUT/results-2.json" "$S/results.json"
cap sla-push "$S" "benchledger push results.json"
cap sla-check "$S" "benchledger check; echo \"exit code \$?\""
cap sla-reason "$S" "benchledger check --json --no-record | jq -r '.findings[] | select(.metric == \"latency_ms\") | .reason'"

# ---------- regression checks: repeated runs (Welch), per-example labels (bootstrap), golden baseline
R="$ROOT/repeats"; mkdir -p "$R"
gen repeats 5d1c0a7e 0.861 > "$R/before.json"
gen repeats 8b2e4f19 0.843 > "$R/after.json"
keep "$R/after.json" repeats-after.json
cap repeats-file "$R" "jq -c '.[] | {commit_sha, metrics, tags}' after.json"
cap repeats-push "$R" "benchledger push before.json && benchledger push after.json"
cap repeats-check "$R" "benchledger check --commit 8b2e4f19; echo \"exit code \$?\""

Q="$ROOT/labels"; mkdir -p "$Q"
gen labels baseline | jq '. + {commit_sha: "a41f0c2"}' > "$Q/baseline.json"
gen labels candidate | jq '. + {commit_sha: "c93d7e5"}' > "$Q/candidate.json"
cap labels-file "$Q" "jq -c '{metrics, examples: (.examples | length), first: .examples[0]}' candidate.json"
cap labels-push "$Q" "benchledger push baseline.json candidate.json"
cap labels-check "$Q" "benchledger check --commit c93d7e5; echo \"exit code \$?\""

G="$ROOT/golden"; mkdir -p "$G"
cp "$OUT/results-1.json" "$G/results.json"
run "$G" "benchledger push results.json --commit 3f1d2ab"
cap golden-mark "$G" "benchledger baseline set --model gpt-4o-mini-2024-07-18"
jq '.model_version = "gpt-4.1-mini" | .metrics.f1 = 0.868 | .metrics.recall = 0.861 | .metrics.latency_ms = 590.2' "$OUT/results-1.json" > "$G/new-model.json"
cap golden-push "$G" "benchledger push new-model.json --commit 77e0b9d"
cap golden-check "$G" "benchledger check --commit 77e0b9d --json | jq -c '.findings[] | {metric, baseline_source, baseline, current, method, verdict}'"

# ---------- project config: complete examples in JSON and YAML, and a mistake in one
C="$ROOT/config"; mkdir -p "$C"
cat > "$C/benchledger.config.json" <<'JSON'
{
  "check": {
    "window": 30,
    "min_samples": 5,
    "model": "t_test",
    "confidence": 0.99,
    "alpha": 0.05,
    "fail_on": "regression",
    "bootstrap_iterations": 2000,
    "seed": 1
  },
  "metrics": {
    "f1": { "threshold": { "absolute": 0.01 } },
    "latency.*": { "direction": "lower", "threshold": { "relative": 0.1 } },
    "cost_usd": { "threshold": { "absolute": 0.005, "relative": 0.03 } },
    "total_tokens": { "direction": "lower", "gating": false },
    "sentiment": { "direction": "higher" }
  },
  "configs": [
    {
      "match": { "model_version": "llama-*", "environment": "github-actions" },
      "metrics": { "f1": { "threshold": { "absolute": 0.02 } } }
    },
    {
      "match": { "dataset_version": "medqa-v2" },
      "sla": {
        "f1": { "min": 0.75 },
        "latency.p95": { "max": 1500 }
      }
    }
  ]
}
JSON
cat > "$C/benchledger.config.yaml" <<'YAML'
# benchledger.config.yaml: the same settings as benchledger.config.json
check:
  window: 30
  min_samples: 5
  model: t_test            # percentage | z_score | t_test | iqr
  confidence: 0.99
  alpha: 0.05
  fail_on: regression      # regression | tradeoff | inconclusive
  bootstrap_iterations: 2000
  seed: 1

metrics:
  f1:
    threshold: { absolute: 0.01 }
  "latency.*":
    direction: lower
    threshold: { relative: 0.1 }
  cost_usd:
    threshold: { absolute: 0.005, relative: 0.03 }
  total_tokens:
    direction: lower
    gating: false
  sentiment:
    direction: higher

configs:
  - match: { model_version: "llama-*", environment: github-actions }
    metrics:
      f1:
        threshold: { absolute: 0.02 }
  - match: { dataset_version: medqa-v2 }
    sla:
      f1: { min: 0.75 }
      latency.p95: { max: 1500 }
YAML
keep "$C/benchledger.config.json" config-full.json
keep "$C/benchledger.config.yaml" config-full.yaml
run "$C" "benchledger demo"
cap config-check-json "$C" "benchledger check --all --config-file benchledger.config.json --no-record | tail -4"
cap config-check-yaml "$C" "benchledger check --all --config-file benchledger.config.yaml --no-record | tail -4"
printf '%s\n' '{ "metrics": { "f1": { "direction": "up", "threshold": 0.01 } }, "check": { "alpha": 5 } }' > "$C/bad.config.json"
keep "$C/bad.config.json" config-bad.json
cap config-bad "$C" "benchledger check --all --config-file bad.config.json; echo \"exit code \$?\""

# ---------- changepoints, drift and thresholds on the demo data
cap cp-llama "$D" "benchledger changepoints --model llama-3.1-8b-instruct --dataset medqa-v2 --metric f1"
cap cp-llama-latency "$D" "benchledger changepoints --model llama-3.1-8b-instruct --dataset medqa-v2 --metric latency_ms"
cap cp-haiku "$D" "benchledger changepoints --model claude-3-5-haiku --dataset medqa-v2 --env github-actions --metric f1"
cap cp-steady "$D" "benchledger changepoints --model gpt-4o-mini --dataset triage-notes-v1 --metric f1"
cap cp-json "$D" "benchledger changepoints --model llama-3.1-8b-instruct --dataset medqa-v2 --metric f1 --json"
cap drift-demo "$D" "benchledger drift --model llama-3.1-8b-instruct --dataset medqa-v2"
cap thresholds "$D" "benchledger thresholds suggest"
cap thresholds-json "$D" "benchledger thresholds suggest --json | jq '.config.configs[] | select(.match.model_version == \"llama-3.1-8b-instruct\" and .match.dataset_version == \"medqa-v2\")'"
cap check-all-demo "$D" "benchledger check --all --no-record | tail -3"

# ---------- drift on runs that carry per-example scores, confidences and feature importances
W="$ROOT/drift"; mkdir -p "$W"
gen weekly > "$W/weekly.json"
cap drift-file "$W" "jq -c '.[0] | {created_at, metrics, examples: (.examples | length), first: .examples[0]}' weekly.json"
cap drift-push "$W" "benchledger push weekly.json"
cap drift-baseline "$W" "benchledger baseline set --model triage-clf-2.3 --version 7"
cap drift "$W" "benchledger drift --model triage-clf-2.3"
cap drift-previous "$W" "benchledger baseline unset --model triage-clf-2.3 > /dev/null && benchledger drift --model triage-clf-2.3 | head -8"

# ---------- PostgreSQL
PGENV=(DATABASE_URL="$PGURL")
PGA="$ROOT/pg"; mkdir -p "$PGA"
read -r PGHOST_ PGPORT_ PGUSER_ < <(node -e 'const u = new URL(process.argv[1]); console.log(u.hostname, u.port || 5432, decodeURIComponent(u.username) || "postgres")' "$ADMIN_URL")
cap pg-createdb "$PGA" "createdb $PGDB" PGHOST="$PGHOST_" PGPORT="$PGPORT_" PGUSER="$PGUSER_"
cap pg-export "$PGA" "export DATABASE_URL=$PGURL"
cp "$OUT/results-1.json" "$PGA/results.json"
cap pg-unmigrated "$PGA" "benchledger latest; echo \"exit code \$?\"" "${PGENV[@]}"
cap pg-migrate "$PGA" "benchledger migrate" "${PGENV[@]}"
cap pg-migrate-again "$PGA" "benchledger migrate" "${PGENV[@]}"
cap pg-push "$PGA" "benchledger push results.json --commit 3f1d2ab9c0e4 --branch main" "${PGENV[@]}"
cap pg-unreachable "$PGA" "benchledger latest --db postgres://bench:secret@127.0.0.1:5999/ledger; echo \"exit code \$?\"" "${PGENV[@]}"
cap pg-update "$PGA" "psql \"\$DATABASE_URL\" -c \"update benchmark_transactions set metrics = '{\\\"f1\\\": 0.99}'\"; echo \"exit code \$?\"" "${PGENV[@]}"
cap pg-truncate "$PGA" "psql \"\$DATABASE_URL\" -c \"truncate benchmark_transactions\"; echo \"exit code \$?\"" "${PGENV[@]}"
cap pg-snap-update "$PGA" "psql \"\$DATABASE_URL\" -c \"update benchmark_snapshots set metrics = '{\\\"f1\\\": 0.99}'\"; echo \"exit code \$?\"" "${PGENV[@]}"
cat > "$PGA/upsert.sql" <<'SQL'
select * from upsert_benchmark_result(
  p_model_version   => 'gpt-4o-mini-2024-07-18',
  p_dataset_version => 'medqa-v2',
  p_prompt_version  => 'zero-shot-v3',
  p_environment     => 'staging',
  p_metrics         => '{"f1": 0.847, "latency_ms": 630}',
  p_commit_sha      => '3f1d2ab9c0e4',
  p_run_key         => 'nightly-2026-11-26-staging');
SQL
keep "$PGA/upsert.sql" upsert.sql
cap pg-upsert "$PGA" "psql \"\$DATABASE_URL\" -f upsert.sql" "${PGENV[@]}"
cap pg-upsert-again "$PGA" "psql \"\$DATABASE_URL\" -f upsert.sql" "${PGENV[@]}"
cap pg-conflict "$PGA" "psql \"\$DATABASE_URL\" -c \"select * from upsert_benchmark_result('gpt-4o-mini-2024-07-18', 'medqa-v2', 'zero-shot-v3', 'staging', '{\\\"f1\\\": 0.5}', p_run_key => 'nightly-2026-11-26-staging')\"; echo \"exit code \$?\"" "${PGENV[@]}"
cap pg-latest-view "$PGA" "psql \"\$DATABASE_URL\" -c \"select model_version, environment, snapshot_version, f1_score, latency_ms, left(commit_sha, 12) as commit from v_latest_benchmarks order by f1_score desc\"" "${PGENV[@]}"
cap pg-trends-view "$PGA" "psql \"\$DATABASE_URL\" -c \"select bucket::date as day, environment, metric, avg_value, run_count from v_performance_trends where metric = 'f1' order by environment\"" "${PGENV[@]}"
cap pg-tamper "$PGA" "psql \"\$DATABASE_URL\" -c \"update benchmark_snapshots set is_current = false where environment = 'staging'\"" "${PGENV[@]}"
cap pg-verify-fail "$PGA" "benchledger replay --verify; echo \"exit code \$?\"" "${PGENV[@]}"
cap pg-verify-sql "$PGA" "psql \"\$DATABASE_URL\" -c \"select * from verify_benchmark_snapshots()\"" "${PGENV[@]}"
cap pg-replay "$PGA" "benchledger replay" "${PGENV[@]}"
cap pg-verify-ok "$PGA" "psql \"\$DATABASE_URL\" -c \"select count(*) as differences from verify_benchmark_snapshots()\"" "${PGENV[@]}"
cap pg-pgbouncer "$PGA" "benchledger latest --db '$PGURL?pgbouncer=true'"

# ---------- PostgreSQL: detect_regression(), findings and acknowledgements
cap pg-demo "$PGA" "benchledger demo | head -1" "${PGENV[@]}"
cap pg-detect "$PGA" "psql \"\$DATABASE_URL\" -c \"select * from detect_regression('llama-3.1-8b-instruct', 'medqa-v2', 'zero-shot-v3', 'github-actions', 'f1', 0.01)\"" "${PGENV[@]}"
cap pg-detect-baseline "$PGA" "benchledger baseline set --model llama-3.1-8b-instruct --dataset medqa-v2 --version 100" "${PGENV[@]}"
cap pg-detect-2 "$PGA" "psql \"\$DATABASE_URL\" -c \"select * from detect_regression('llama-3.1-8b-instruct', 'medqa-v2', 'zero-shot-v3', 'github-actions', 'f1', 0.01)\"" "${PGENV[@]}"
cap pg-detect-latency "$PGA" "psql \"\$DATABASE_URL\" -c \"select metric, current_value, baseline_value, delta, is_regression from detect_regression('llama-3.1-8b-instruct', 'medqa-v2', 'zero-shot-v3', 'github-actions', p_metric => 'latency.p95', p_threshold => 0.1, p_direction => 'lower', p_relative => true)\"" "${PGENV[@]}"
cap pg-check-all "$PGA" "benchledger check --all | grep -E '^(regression|sla|tradeoff)|^Verdict'" "${PGENV[@]}"
cap pg-findings "$PGA" "psql \"\$DATABASE_URL\" -c \"select verdict, model_version, dataset_version, metric, method, round(current_value::numeric, 4) as current, round(baseline_value::numeric, 4) as baseline, q_value::numeric(8,6) as q from benchmark_findings where check_id = (select check_id from benchmark_findings order by created_at desc limit 1) and verdict <> 'ok' order by model_version, dataset_version, metric\"" "${PGENV[@]}"
LLAMA_SHA=$(cd "$PGA" && "${CLEAN_ENV[@]}" "${PGENV[@]}" bash -c "$PRELUDE; benchledger versions --model llama-3.1-8b-instruct --dataset medqa-v2 --json" | jq -r '.versions[-1].commit_sha')
cap pg-ack "$PGA" "benchledger ack --model llama-3.1-8b-instruct --dataset medqa-v2 --metric f1 --commit $LLAMA_SHA --reason \"quantised build; accepted until the next release\" --by ops" "${PGENV[@]}"
cap pg-acks "$PGA" "psql \"\$DATABASE_URL\" -c \"select model_version, dataset_version, metric, left(commit_sha, 10) as commit, reason, acknowledged_by from benchmark_acknowledgements\"" "${PGENV[@]}"
run "$PGA" "DATABASE_URL='$PGURL' benchledger check --all || true"
cap pg-latest-check "$PGA" "psql \"\$DATABASE_URL\" -c \"select verdict, metric, (details->>'acknowledged')::boolean as acknowledged, details->>'baseline_source' as baseline from benchmark_findings where check_id = (select check_id from benchmark_findings order by created_at desc limit 1) and verdict in ('regression', 'sla', 'tradeoff') order by metric\"" "${PGENV[@]}"
cap pg-findings-delete "$PGA" "psql \"\$DATABASE_URL\" -c \"delete from benchmark_findings\"; echo \"exit code \$?\"" "${PGENV[@]}"

# ---------- import and export: real harness outputs from ../shared/data, a malformed file, a round trip
DATA="$REPO/../shared/data"
I="$ROOT/import"; mkdir -p "$I/lm-eval-out"
cp "$DATA/histories/hyperium_hyper_data.js" "$I/data.js"
cp "$DATA/harness/lm-eval/v0.4_results/MagicPiG_Hashllama3_gsm_K4L25_results.json" "$I/lm-eval-out/results_2024-06-03T02-25-08.json"
cp "$REPO/test/fixtures/import/lm-eval/samples_gsm8k_2024-06-03T02-25-08.jsonl" "$I/lm-eval-out/"
cp "$REPO/test/fixtures/import/github-action-benchmark/malformed-wrong-type.js" "$I/broken-data.js"
cp "$DATA/harness/go_bench/benchproc_testdata_suffixarray.bench" "$I/bench.txt"
cap imp-lmeval "$I" "benchledger import lm-eval-out/*.json lm-eval-out/*.jsonl --env a100"
cap imp-lmeval-latest "$I" "benchledger latest --sort 'exact_match,strict-match' --json | jq -c '.latest[] | {model_version, dataset_version, prompt_version, metrics: (.metrics | with_entries(select(.key | startswith(\"exact_match\"))))}'"
cap imp-history "$I" "benchledger import data.js"
cap imp-again "$I" "benchledger import data.js"
cap imp-broken "$I" "benchledger import broken-data.js; echo \"exit code \$?\""
cap imp-go "$I" "cat bench.txt | benchledger import - --model suffixarray --json | jq -c '{files, recorded}'"
cap imp-verify "$I" "benchledger replay --verify"
cap exp-head "$I" "benchledger export | head -2 | cut -c1-300"
cap exp-roundtrip "$I" "benchledger export -o ledger.jsonl && benchledger import ledger.jsonl --db \"\$DATABASE_URL\" && benchledger replay --verify --db \"\$DATABASE_URL\"" "${PGENV[@]}"
cap exp-csv "$I" "benchledger export --format csv --model suffixarray | cut -c1-160 | head -3"

# ---------- detection quality figures, when bench/detection/results.md exists
if [ -f "$REPO/bench/detection/results.md" ]; then keep "$REPO/bench/detection/results.md" detection-results.md; fi
if [ -f "$REPO/bench/dashboard/results.md" ]; then keep "$REPO/bench/dashboard/results.md" dashboard-bench.md; fi

echo "docs: $COUNT commands captured in $((SECONDS - STARTED)) s into $OUT"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "docs: these commands failed but the docs would show them as succeeding:" >&2
  printf '  %s\n' "${FAILED[@]}" >&2
  exit 1
fi
