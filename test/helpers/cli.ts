import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child: no CI variables of the machine running the tests leak in. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GITHUB_ACTIONS", "GITLAB_CI", "BENCHLEDGER_DB", "DATABASE_URL", "BENCHLEDGER_DEBUG"]) delete env[key];
  return { ...env, ...extra };
}

/** Runs the built CLI as a separate process. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? os.tmpdir(),
      env: childEnv(options.env ?? {}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the CLI without waiting, for tests of two processes at once or of a server. */
export function startCli(args: string[], options: { env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: os.tmpdir(), env: childEnv(options.env ?? {}), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { pid: child.pid!, done, output: () => stdout, kill: (signal: NodeJS.Signals) => child.kill(signal) };
}

/** Runs SQL through psql, the way an operator would, outside our code. */
export function psql(url: string, sql: string): CliResult {
  const result = spawnSync("psql", [url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
  if (result.error) throw new Error(`psql could not run (${result.error.message}); install postgresql-client.`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = "benchledger-e2e-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}
