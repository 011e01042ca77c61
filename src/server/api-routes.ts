import { z } from "zod";
import type { ProjectConfig } from "../core/project-config.js";
import { acknowledgeFinding } from "../service/acknowledge.js";
import { findChangePoints } from "../service/change-points.js";
import { checkRuns } from "../service/check-runs.js";
import { getEfficiency, getLeaderboard, getSlaSeries, listConfigs, listOpenFindings } from "../service/dashboard.js";
import { measureDrift } from "../service/drift.js";
import { getHistory, getSeries } from "../service/history.js";
import { listLatest } from "../service/latest.js";
import { recordResults, validateResults } from "../service/push-results.js";
import { replaySnapshots } from "../service/replay.js";
import { checkout, compareVersions, listVersions, setBaseline, unsetBaseline } from "../service/snapshot-versions.js";
import { suggestThresholds } from "../service/suggest-thresholds.js";
import type { ApiRoute } from "./route.js";

const text = z.string().min(1);
const positiveInt = z.coerce.number().int().positive();
const config = {
  model: text.optional().describe("model_version"),
  dataset: text.optional().describe("dataset_version (needed when the model has several configs)"),
  prompt: text.optional().describe("prompt_version"),
  env: text.optional().describe("environment"),
};
const configBody = z.object({ model: text, dataset: text.optional(), prompt: text.optional(), env: text.optional() });

/** The API: one entry per operation, each a call of the same service the CLI calls. */
export function apiRoutes(project: ProjectConfig, version: string): ApiRoute[] {
  return [
    {
      method: "get", path: "/api/health", tag: "ledger", summary: "The server's version and the database it serves",
      handler: async ({ deps }) => ({ status: "ok", version, engine: deps.db.engine, database: deps.db.location }),
    },
    {
      method: "post", path: "/api/results", tag: "runs", rawBody: true,
      summary: "Record results (the body of a results file); answers what `push --json` prints",
      query: z.object({ env: text.optional(), commit: text.optional(), branch: text.optional(), tag: z.union([text, z.array(text)]).optional(),
        pr: positiveInt.optional().describe("the pull request of the runs: recorded and checked, but they do not move the snapshots"),
        tracked_branch: text.optional().describe("only runs of this branch move the snapshots") }),
      handler: async ({ query, body, deps }) => {
        const results = validateResults([{ name: "request body", text: body }]);
        const tags = query.tag === undefined ? [] : [query.tag].flat();
        const outcomes = await recordResults(deps, results, { environment: query.env, commit_sha: query.commit, branch_name: query.branch, tags,
          pull_request: query.pr, tracked_branch: query.tracked_branch });
        return { results: outcomes };
      },
    },
    {
      method: "get", path: "/api/latest", tag: "snapshots",
      summary: "The current snapshot of every active config, best first",
      query: z.object({ env: text.optional(), sort: text.optional().describe("metric to sort by (dot path); default f1") }),
      handler: async ({ query, deps }) => ({ latest: await listLatest(deps, { environment: query.env, sortMetric: query.sort }) }),
    },
    {
      method: "get", path: "/api/configs", tag: "snapshots", summary: "Every config (model, dataset, prompt, environment) the ledger has, active or not",
      handler: async ({ deps }) => ({ configs: await listConfigs(deps) }),
    },
    {
      method: "get", path: "/api/leaderboard", tag: "dashboard",
      summary: "Current snapshots filtered by environment, model, provider, dataset, prompt and tag, with deltas against each config's baseline",
      query: z.object({ env: text.optional(), model: text.optional(), provider: text.optional(), dataset: text.optional(),
        prompt: text.optional(), tag: text.optional(), sort: text.optional().describe("metric to sort by (dot path); default f1") }),
      handler: async ({ query, deps }) => getLeaderboard(deps, { environment: query.env, model_version: query.model, model_provider: query.provider,
        dataset_version: query.dataset, prompt_version: query.prompt, tag: query.tag, sort: query.sort }),
    },
    {
      method: "get", path: "/api/findings", tag: "dashboard", summary: "Open findings of the checks (regression, sla, tradeoff, inconclusive), worst first",
      query: z.object({ limit: positiveInt.optional() }), handler: async ({ query, deps }) => listOpenFindings(deps, query),
    },
    {
      method: "get", path: "/api/efficiency", tag: "dashboard", summary: "A quality metric against cost or latency for the current snapshots, with the Pareto front",
      query: z.object({ quality: text.optional().describe("default f1"), cost: text.optional().describe("default: the first cost metric, else latency"), env: text.optional() }),
      handler: async ({ query, deps }) => getEfficiency(deps, { quality: query.quality, cost: query.cost, environment: query.env }),
    },
    {
      method: "get", path: "/api/sla", tag: "dashboard", summary: "SLA limits of the project config and each matching config's values over time, breaches marked",
      query: z.object({ days: positiveInt.optional(), limit: positiveInt.optional() }),
      handler: async ({ query, deps }) => getSlaSeries(deps, project, query),
    },
    {
      method: "get", path: "/api/history", tag: "runs",
      summary: "The runs of a model's configs over time, raw or bucketed by day or week",
      query: z.object({
        model: text, dataset: config.dataset, prompt: config.prompt, env: config.env,
        metric: text.optional(), days: positiveInt.optional(), bucket: z.enum(["none", "day", "week"]).optional(), limit: positiveInt.optional(),
      }),
      handler: async ({ query, deps }) => getHistory(deps, query),
    },
    {
      method: "get", path: "/api/series", tag: "runs",
      summary: "One metric of one config over time, as columns (time_ms, value, commit_sha, branch_name): what a chart draws",
      query: z.object({ ...config, metric: text, days: positiveInt.optional(), limit: positiveInt.optional().describe("newest N runs; default 100000") }),
      handler: async ({ query, deps }) => getSeries(deps, query),
    },
    {
      method: "get", path: "/api/versions", tag: "snapshots", summary: "The newest snapshot versions of a config (default 200), oldest first, and how many there are",
      query: z.object({ ...config, limit: positiveInt.optional() }),
      handler: async ({ query, deps }) => listVersions(deps, query, { limit: query.limit ?? 200 }),
    },
    {
      method: "get", path: "/api/compare", tag: "snapshots", summary: "Two versions of a config side by side, with every metric's delta",
      query: z.object({ ...config, a: positiveInt, b: positiveInt }),
      handler: async ({ query, deps }) => compareVersions(deps, query, query.a, query.b),
    },
    {
      method: "post", path: "/api/checkout", tag: "snapshots", summary: "Make an earlier version current again (appends a new version)",
      body: configBody.extend({ version: z.number().int().positive() }),
      handler: async ({ body, deps }) => checkout(deps, body, body.version),
    },
    {
      method: "post", path: "/api/baseline", tag: "snapshots", summary: "Mark a version as the config's baseline, or clear it with version null",
      body: configBody.extend({ version: z.number().int().positive().nullable() }),
      handler: async ({ body, deps }) => (body.version === null ? unsetBaseline(deps, body) : setBaseline(deps, body, body.version)),
    },
    {
      method: "post", path: "/api/check", tag: "checks", summary: "Judge the runs of a commit (or every current snapshot) against baselines and history",
      body: z.object({ commit: text.optional(), all: z.boolean().optional(), fail_on: z.enum(["regression", "tradeoff", "inconclusive"]).optional(), record: z.boolean().optional() }),
      handler: async ({ body, deps }) => checkRuns(deps, { project, commit: body.commit, all: body.all, failOn: body.fail_on, record: body.record }),
    },
    {
      method: "post", path: "/api/acknowledgements", tag: "checks", summary: "Acknowledge a change of a metric at a commit as expected, or its alert as a false positive",
      body: configBody.extend({ metric: text, commit: text, reason: text, by: text.optional(), kind: z.enum(["expected", "false-positive"]).optional() }),
      handler: async ({ body, deps }) => acknowledgeFinding(deps, body),
    },
    {
      method: "get", path: "/api/changepoints", tag: "checks", summary: "Where a config's metric shifted level, and the commit that started each shift",
      query: z.object({ ...config, metric: text }), handler: async ({ query, deps }) => findChangePoints(deps, { ...query, project }),
    },
    {
      method: "get", path: "/api/drift", tag: "checks", summary: "Distribution, confidence and feature-importance drift against the baseline",
      query: z.object(config), handler: async ({ query, deps }) => measureDrift(deps, query),
    },
    {
      method: "get", path: "/api/thresholds/suggestions", tag: "checks", summary: "Per-metric thresholds proposed from each config's measured noise",
      query: z.object({ window: positiveInt.optional() }),
      handler: async ({ query, deps }) => suggestThresholds(deps, { window: query.window ?? 50, project }),
    },
    {
      method: "post", path: "/api/replay", tag: "ledger", summary: "Verify (default) or rebuild the snapshot layer from the log",
      body: z.object({ verify: z.boolean().optional() }),
      handler: async ({ body, deps }) => replaySnapshots(deps, { verify: body.verify !== false }),
    },
  ];
}
