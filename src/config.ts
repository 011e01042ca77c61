import fs from "node:fs";
import path from "node:path";
import { DEFAULT_ALERT_POLICY, EMPTY_PROJECT_CONFIG, parseProjectConfig, type AlertPolicy, type ProjectConfig } from "./core/project-config.js";
import { detectCiContext, type RunContext } from "./core/run-context.js";
import type { AlertSettings } from "./service/alerts.js";
import { gitHubTarget } from "./service/github-api.js";
import { InvalidInputError } from "./core/errors.js";
import { parseDbTarget, type DbTarget } from "./store/open-db.js";

/** The only reader of process.env: one frozen, typed object built at start-up. */
export interface AppConfig {
  readonly db: DbTarget;
  /** Where the database choice came from, for messages. */
  readonly dbSource: "--db" | "BENCHLEDGER_DB" | "DATABASE_URL" | "default";
  readonly lockWaitMs: number;
  readonly debug: boolean;
  readonly ci: RunContext;
}

export const DEFAULT_STORE_DIR = ".benchledger";
const DEFAULT_LOCK_WAIT_MS = 5_000;

type Env = Readonly<Record<string, string | undefined>>;

/** Precedence: flag, then BENCHLEDGER_* / DATABASE_URL, then the default. */
export function loadConfig(flags: { db?: string }, env: Env = process.env): AppConfig {
  const [value, source] = chooseDb(flags, env);
  return Object.freeze({
    db: parseDbTarget(value),
    dbSource: source,
    lockWaitMs: parseLockWait(env.BENCHLEDGER_LOCK_WAIT_MS),
    debug: isDebugEnabled(env),
    ci: detectCiContext(env),
  });
}

function chooseDb(flags: { db?: string }, env: Env): [string, AppConfig["dbSource"]] {
  if (flags.db !== undefined) {
    if (flags.db.trim() === "") {
      throw new InvalidInputError("EMPTY_DB", "--db is empty.", "Pass a directory (./.benchledger) or a URL (postgres://user@host/db).");
    }
    return [flags.db, "--db"];
  }
  if (env.BENCHLEDGER_DB) return [env.BENCHLEDGER_DB, "BENCHLEDGER_DB"];
  if (env.DATABASE_URL) return [env.DATABASE_URL, "DATABASE_URL"];
  return [DEFAULT_STORE_DIR, "default"];
}

function parseLockWait(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_LOCK_WAIT_MS;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(ms)) {
    throw new InvalidInputError("BAD_LOCK_WAIT", `BENCHLEDGER_LOCK_WAIT_MS must be a whole number of milliseconds, got "${value}".`,
      "For example BENCHLEDGER_LOCK_WAIT_MS=10000 waits up to ten seconds for another process.");
  }
  return ms;
}

/** BENCHLEDGER_DEBUG=1 shows stack traces; read before a full config may exist. */
export function isDebugEnabled(env: Env = process.env): boolean {
  return env.BENCHLEDGER_DEBUG === "1";
}

const PROJECT_CONFIG_FILES = ["benchledger.config.json", "benchledger.config.yaml", "benchledger.config.yml"];

/**
 * The project config (how `check` judges metrics): the file given, else the first of
 * benchledger.config.json / .yaml / .yml in the working directory, else the defaults.
 */
export function loadProjectConfig(file?: string, cwd: string = process.cwd()): ProjectConfig & { source: string | null } {
  if (file !== undefined) {
    if (!fs.existsSync(file)) {
      throw new InvalidInputError("PROJECT_CONFIG_MISSING", `--config-file ${file}: no such file.`,
        "Name an existing benchledger.config.json (or .yaml), or leave the flag out to use the defaults.");
    }
    return { ...parseProjectConfig(file, fs.readFileSync(file, "utf8")), source: file };
  }
  const found = PROJECT_CONFIG_FILES.map((name) => path.join(cwd, name)).find((candidate) => fs.existsSync(candidate));
  if (!found) return { ...EMPTY_PROJECT_CONFIG, source: null };
  return { ...parseProjectConfig(path.relative(cwd, found), fs.readFileSync(found, "utf8")), source: found };
}

/**
 * Where `check` sends alerts and how: BENCHLEDGER_SLACK_WEBHOOK_URL, BENCHLEDGER_WEBHOOK_URL
 * with BENCHLEDGER_WEBHOOK_SECRET, BENCHLEDGER_GITHUB_ISSUES=true (with GITHUB_TOKEN,
 * GITHUB_REPOSITORY, GITHUB_API_URL), BENCHLEDGER_DASHBOARD_URL; the policy (confirmation,
 * inconclusive, closing issues on recovery, labels) from the project config's `alerts`,
 * each overridable by BENCHLEDGER_ALERT_CONFIRM_RUNS, BENCHLEDGER_ALERT_INCONCLUSIVE,
 * BENCHLEDGER_GITHUB_CLOSE_ON_RECOVERY. BENCHLEDGER_ALERT_RETRY_SECONDS sets the first pause
 * before a failed delivery is retried (default 30, doubling).
 */
export function loadAlertSettings(policy: AlertPolicy = DEFAULT_ALERT_POLICY, env: Env = process.env): AlertSettings {
  const webhookUrl = env.BENCHLEDGER_WEBHOOK_URL || null;
  const secret = env.BENCHLEDGER_WEBHOOK_SECRET || null;
  if (webhookUrl && !secret) {
    throw new InvalidInputError("WEBHOOK_SECRET_MISSING", "BENCHLEDGER_WEBHOOK_URL is set but BENCHLEDGER_WEBHOOK_SECRET is not.",
      "Set a shared secret: the receiver checks the X-Benchledger-Signature header with it.");
  }
  const githubIssues = parseFlag(env, "BENCHLEDGER_GITHUB_ISSUES") ?? policy.github_issues;
  return {
    slackWebhookUrl: env.BENCHLEDGER_SLACK_WEBHOOK_URL || null,
    webhook: webhookUrl && secret ? { url: webhookUrl, secret } : null,
    includeInconclusive: parseFlag(env, "BENCHLEDGER_ALERT_INCONCLUSIVE") ?? policy.inconclusive,
    dashboardUrl: env.BENCHLEDGER_DASHBOARD_URL || null,
    github: githubIssues
      ? {
        target: gitHubTarget(loadGitHubSettings(env), "BENCHLEDGER_GITHUB_ISSUES=true"),
        labels: policy.labels,
        closeOnRecovery: parseFlag(env, "BENCHLEDGER_GITHUB_CLOSE_ON_RECOVERY") ?? policy.close_on_recovery,
      }
      : null,
    confirmRuns: parseCount(env, "BENCHLEDGER_ALERT_CONFIRM_RUNS", 1, 20) ?? policy.confirm_runs,
    retryBaseSeconds: parseCount(env, "BENCHLEDGER_ALERT_RETRY_SECONDS", 0, 3600) ?? 30,
  };
}

function parseFlag(env: Env, name: string): boolean | null {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === "") return null;
  if (["true", "1", "yes"].includes(value)) return true;
  if (["false", "0", "no"].includes(value)) return false;
  throw new InvalidInputError("BAD_FLAG_VARIABLE", `${name} must be true or false, got "${env[name]}".`, `For example ${name}=true.`);
}

function parseCount(env: Env, name: string, min: number, max: number): number | null {
  const value = env[name];
  if (value === undefined || value === "") return null;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new InvalidInputError("BAD_COUNT_VARIABLE", `${name} must be a whole number from ${min} to ${max}, got "${value}".`, `For example ${name}=${Math.max(min, 2)}.`);
  }
  return n;
}

/** GitHub's API settings for the pull-request comment: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL. */
export function loadGitHubSettings(env: Env = process.env): { token?: string; repository?: string; apiUrl?: string } {
  return {
    ...(env.GITHUB_TOKEN ? { token: env.GITHUB_TOKEN } : {}),
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
  };
}
