import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CLI, tempDir, type CliResult } from "../helpers/cli.js";

// docs/ci.md's examples are real files: the doc pastes them in, this suite holds the pastes
// equal to the files and runs (or parses) the files, so what a reader copies works.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const readText = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const readYaml = (file: string) => parse(readText(file)) as Record<string, any>;

const EXAMPLES = ["docs/examples/gitlab-ci.yml", "docs/examples/benchmark.sh", "docs/examples/benchmark-canary.yml"];
const NODE_CLI = `node ${CLI}`;

/** The fenced blocks of a Markdown text that a `<!-- file: PATH -->` line introduces. */
function includedFiles(markdown: string): { file: string; content: string }[] {
  const pattern = /^<!-- file: (\S+) -->\n(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^\2[ \t]*$/gm;
  return [...markdown.matchAll(pattern)].map((m) => ({ file: m[1]!, content: m[3]! }));
}

/**
 * The environment of a CI job on this machine: the test runner's own CI variables (it may
 * run on GitHub Actions or GitLab CI), ledger choice and debug switch removed first, so the
 * job sees only what a test sets.
 */
function jobEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(GITHUB_|GITLAB_|CI_|RUNNER_|BENCHLEDGER_)/.test(key) || ["CI", "DATABASE_URL"].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...vars };
}

function runBash(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", args, { cwd: options.cwd, env: jobEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI, as a job would run it after the test's own: `--json` output parsed. */
async function cliJson(args: string[], cwd: string, env: Record<string, string>): Promise<any> {
  const result = await runBash(["-c", `${NODE_CLI} "$@"`, "bash", ...args, "--json"], { cwd, env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

interface RecordedRun {
  commit_sha: string;
  branch_name: string | null;
  environment: string;
  pull_request: number | null;
  tracked: boolean;
  run_url: string | null;
  repository: string | null;
  tags: string[];
}

/** Reads the embedded store's log directly, the way an operator would, after the jobs ended. */
async function recordedRuns(storeDir: string): Promise<RecordedRun[]> {
  const pg = await PGlite.create({ dataDir: path.join(storeDir, "pgdata") });
  try {
    const { rows } = await pg.query<RecordedRun>(`
      select commit_sha, branch_name, environment, pull_request, tracked, run_url, repository, tags
        from benchmark_transactions order by ledger_seq`);
    return rows;
  } finally {
    await pg.close();
  }
}

function emptyDir(dirs: string[]): string {
  const dir = tempDir("benchledger-ci-docs-");
  dirs.push(dir);
  return dir;
}

/** A job's working directory: a checkout with the sample results file in docs/examples. */
function checkout(dirs: string[], f1?: number): string {
  const dir = emptyDir(dirs);
  fs.mkdirSync(path.join(dir, "docs/examples"), { recursive: true });
  const sample = JSON.parse(readText("docs/examples/results.json"));
  if (f1 !== undefined) sample.metrics.f1 = f1;
  fs.writeFileSync(path.join(dir, "docs/examples/results.json"), JSON.stringify(sample, null, 2));
  return dir;
}

const SAMPLE = JSON.parse(readText("docs/examples/results.json"));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("docs/ci.md", () => {
  const doc = readText("docs/ci.md");
  const blocks = includedFiles(doc);

  it("pastes each example file in once, verbatim", () => {
    expect(blocks.map((b) => b.file).sort()).toEqual([...EXAMPLES].sort());
    for (const block of blocks) expect(block.content, block.file).toBe(readText(block.file));
  });

  it("links only to files that exist", () => {
    const links = [...doc.matchAll(/\]\(((?:\.\.\/|examples\/|[a-z-]+\.md)[^)#\s]*)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(fs.existsSync(path.join(ROOT, "docs", link)), link).toBe(true);
  });
});

describe("the canary workflow", () => {
  const workflow = readYaml("docs/examples/benchmark-canary.yml");
  const action = readYaml("action.yml");
  const job = Object.values<any>(workflow.jobs)[0];

  it("runs daily on a schedule and on demand", () => {
    expect(workflow.on.schedule[0].cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
    expect(Object.keys(workflow.on)).toContain("workflow_dispatch");
  });

  it("records through the action with only the inputs it declares, as its own tagged environment", () => {
    const steps = job.steps.filter((s: any) => s.uses === "./");
    expect(steps).toHaveLength(1);
    const inputs = steps[0].with;
    for (const key of Object.keys(inputs)) expect(action.inputs[key], key).toBeDefined();
    for (const [name, input] of Object.entries<any>(action.inputs)) {
      if (input.required) expect(inputs[name], name).toBeDefined();
    }
    expect(inputs.environment).toBe("canary");
    expect(inputs.tags.split(/\s+/)).toContain("canary");
    expect(inputs["fail-on"]).toBe("regression");
    expect(inputs["database-url"]).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
  });

  it("gives the action's steps the alert channel from a secret, at job level", () => {
    expect(job.env.BENCHLEDGER_SLACK_WEBHOOK_URL).toBe("${{ secrets.BENCHLEDGER_SLACK_WEBHOOK_URL }}");
  });
});

describe("the GitLab CI job", () => {
  const config = readYaml("docs/examples/gitlab-ci.yml");
  const job = config.benchmark;

  it("runs for merge requests and the default branch, and keeps the report", () => {
    expect(job.rules.map((r: any) => r.if)).toEqual([
      '$CI_PIPELINE_SOURCE == "merge_request_event"',
      "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
    ]);
    expect(job.artifacts.paths).toEqual(["report.md"]);
    expect(job.artifacts.when).toBe("always");
  });

  /** The job's script as GitLab runs it (each line must succeed), with the built CLI for npx. */
  function script(): string {
    const lines: string[] = job.script;
    expect(lines.filter((line) => line.includes("npx benchledger"))).toHaveLength(2);
    return ["set -eo pipefail", ...lines.map((line) => line.replaceAll("npx benchledger", NODE_CLI))].join("\n");
  }

  it("records a merge request's run untracked and a default-branch run tracked, and fails a merge request that regresses", async () => {
    const store = emptyDir(dirs);
    const project = {
      GITLAB_CI: "true",
      CI_PROJECT_PATH: "acme/triage",
      CI_DEFAULT_BRANCH: "main",
      // The masked variable a real job gets; BENCHLEDGER_DB, which wins over it, keeps the
      // ledger in an embedded store of the test's.
      DATABASE_URL: "postgres://ledger.invalid/benchledger",
      BENCHLEDGER_DB: store,
    };
    const mergeRequest = (iid: string, sha: string, base: string) => ({
      ...project,
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_COMMIT_SHA: sha,
      CI_COMMIT_REF_NAME: "feature/shorter-prompt",
      CI_MERGE_REQUEST_IID: iid,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "feature/shorter-prompt",
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
      CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
      CI_JOB_URL: `https://gitlab.example.com/acme/triage/-/jobs/${iid}01`,
      CI_PIPELINE_URL: `https://gitlab.example.com/acme/triage/-/pipelines/${iid}`,
    });
    const defaultBranch = (sha: string) => ({
      ...project,
      CI_PIPELINE_SOURCE: "push",
      CI_COMMIT_SHA: sha,
      CI_COMMIT_REF_NAME: "main",
      CI_COMMIT_BRANCH: "main",
      CI_JOB_URL: "https://gitlab.example.com/acme/triage/-/jobs/2002",
    });

    // 1. Merge request !17: recorded with its number, untracked; nothing to regress against.
    const mr = checkout(dirs);
    const first = await runBash(["-c", script()], { cwd: mr, env: mergeRequest("17", "a17a17a17a17", "0000base0000") });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("not tracked");
    expect(fs.readFileSync(path.join(mr, "report.md"), "utf8")).toContain("a17a17a17a17");
    expect((await cliJson(["latest"], mr, project)).latest).toEqual([]);

    // 2. The default branch: tracked, the configuration's first snapshot version.
    const main = checkout(dirs);
    const second = await runBash(["-c", script()], { cwd: main, env: defaultBranch("b2b2b2b2b2b2") });
    expect(second.code, second.stderr).toBe(0);
    const [current] = (await cliJson(["latest"], main, project)).latest;
    expect(current).toMatchObject({
      model_version: SAMPLE.model_version, environment: "gitlab-ci", snapshot_version: 1,
      commit_sha: "b2b2b2b2b2b2", branch_name: "main",
    });

    // 3. Merge request !18, branched from that commit, with a worse f1: the job fails.
    const worse = checkout(dirs, 0.7);
    const third = await runBash(["-c", script()], { cwd: worse, env: mergeRequest("18", "c18c18c18c18", "b2b2b2b2b2b2") });
    expect(third.code, third.stdout + third.stderr).toBe(1);
    expect(fs.readFileSync(path.join(worse, "report.md"), "utf8")).toMatch(/regression/i);
    expect((await cliJson(["latest"], worse, project)).latest[0]).toMatchObject({ snapshot_version: 1, commit_sha: "b2b2b2b2b2b2" });

    expect(await recordedRuns(store)).toEqual([
      {
        commit_sha: "a17a17a17a17", branch_name: "feature/shorter-prompt", environment: "gitlab-ci", pull_request: 17, tracked: false,
        run_url: "https://gitlab.example.com/acme/triage/-/jobs/1701", repository: "acme/triage", tags: SAMPLE.tags,
      },
      {
        commit_sha: "b2b2b2b2b2b2", branch_name: "main", environment: "gitlab-ci", pull_request: null, tracked: true,
        run_url: "https://gitlab.example.com/acme/triage/-/jobs/2002", repository: "acme/triage", tags: SAMPLE.tags,
      },
      {
        commit_sha: "c18c18c18c18", branch_name: "feature/shorter-prompt", environment: "gitlab-ci", pull_request: 18, tracked: false,
        run_url: "https://gitlab.example.com/acme/triage/-/jobs/1801", repository: "acme/triage", tags: SAMPLE.tags,
      },
    ]);
  }, 120_000);

  it("stops before recording when DATABASE_URL is missing", async () => {
    const dir = checkout(dirs);
    const result = await runBash(["-c", script()], {
      cwd: dir,
      env: { GITLAB_CI: "true", CI_COMMIT_SHA: "d4d4d4d4", CI_DEFAULT_BRANCH: "main", CI_COMMIT_REF_NAME: "main" },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Set DATABASE_URL");
    expect(fs.existsSync(path.join(dir, ".benchledger"))).toBe(false);
  });
});

describe("the shell script", () => {
  const SCRIPT = path.join(ROOT, "docs/examples/benchmark.sh");

  it("records and checks a run with the context given, and exits 1 on a regression and 2 on bad input", async () => {
    const store = emptyDir(dirs);
    const env = { BENCHLEDGER: NODE_CLI, BENCHLEDGER_DB: store, TRACKED_BRANCH: "main" };

    const main = checkout(dirs);
    const first = await runBash([SCRIPT], { cwd: main, env: { ...env, COMMIT: "e5e5e5e5e5e5", BRANCH: "main" } });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("benchmark.sh: passed");
    expect(fs.readFileSync(path.join(main, "report.md"), "utf8")).toContain("e5e5e5e5e5e5");

    // A pull request's run with a worse f1: recorded untracked, and the check fails.
    const pr = checkout(dirs, 0.7);
    const second = await runBash([SCRIPT], {
      cwd: pr, env: { ...env, COMMIT: "f6f6f6f6f6f6", BRANCH: "feature/x", PR: "42", ENVIRONMENT: "local" },
    });
    expect(second.code, second.stdout + second.stderr).toBe(1);
    expect(second.stderr).toContain("a finding reached --fail-on regression");
    expect(fs.readFileSync(path.join(pr, "report.md"), "utf8")).toMatch(/regression/i);

    // An invalid results file: nothing recorded, exit code 2.
    const bad = checkout(dirs);
    fs.writeFileSync(path.join(bad, "docs/examples/results.json"), JSON.stringify({ ...SAMPLE, metrics: { f1: "high" } }));
    const third = await runBash([SCRIPT], { cwd: bad, env: { ...env, COMMIT: "0707070707" } });
    expect(third.code, third.stderr).toBe(2);

    expect(await recordedRuns(store)).toEqual([
      {
        commit_sha: "e5e5e5e5e5e5", branch_name: "main", environment: "local", pull_request: null, tracked: true,
        run_url: null, repository: null, tags: SAMPLE.tags,
      },
      {
        commit_sha: "f6f6f6f6f6f6", branch_name: "feature/x", environment: "local", pull_request: 42, tracked: false,
        run_url: null, repository: null, tags: SAMPLE.tags,
      },
    ]);
  }, 120_000);
});
