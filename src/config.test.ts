import { describe, expect, it } from "vitest";
import { DEFAULT_STORE_DIR, loadAlertSettings, loadConfig, type AppConfig } from "./config.js";
import { DEFAULT_ALERT_POLICY } from "./core/project-config.js";
import { InvalidInputError } from "./core/errors.js";

const PG = "postgres://bench@db.example.com:5432/ledger";

/** The error `fn` throws; fails the test when it does not throw. */
function thrownBy(fn: () => unknown): InvalidInputError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  expect((thrown as InvalidInputError).kind).toBe("invalid-input");
  return thrown as InvalidInputError;
}

describe("loadConfig: which database", () => {
  it.each<[string, { db?: string }, Record<string, string>, Pick<AppConfig, "db" | "dbSource">]>([
    ["the default", {}, {}, { db: { kind: "embedded", dir: ".benchledger" }, dbSource: "default" }],
    ["DATABASE_URL", {}, { DATABASE_URL: PG }, { db: { kind: "postgres", url: PG }, dbSource: "DATABASE_URL" }],
    ["BENCHLEDGER_DB over DATABASE_URL", {}, { BENCHLEDGER_DB: "./store", DATABASE_URL: PG }, { db: { kind: "embedded", dir: "./store" }, dbSource: "BENCHLEDGER_DB" }],
    ["--db over both", { db: "postgresql://flag/db" }, { BENCHLEDGER_DB: "./store", DATABASE_URL: PG }, { db: { kind: "postgres", url: "postgresql://flag/db" }, dbSource: "--db" }],
    ["--db over the default", { db: "/tmp/ledger" }, {}, { db: { kind: "embedded", dir: "/tmp/ledger" }, dbSource: "--db" }],
    ["an empty BENCHLEDGER_DB is unset", {}, { BENCHLEDGER_DB: "", DATABASE_URL: PG }, { db: { kind: "postgres", url: PG }, dbSource: "DATABASE_URL" }],
    ["an empty DATABASE_URL is unset", {}, { DATABASE_URL: "" }, { db: { kind: "embedded", dir: DEFAULT_STORE_DIR }, dbSource: "default" }],
  ])("%s", (_name, flags, env, expected) => {
    const config = loadConfig(flags, env);
    expect({ db: config.db, dbSource: config.dbSource }).toEqual(expected);
  });

  it.each([
    ["postgres://u@h/db", "postgres"],
    ["postgresql://u:p@h:5432/db?sslmode=require", "postgres"],
    ["POSTGRES://u@h/db", "postgres"],
    ["./.benchledger", "embedded"],
    [".benchledger", "embedded"],
    ["/var/lib/ledger", "embedded"],
    ["mysql://u@h/db", "embedded"],
    ["postgres:/not-a-url", "embedded"],
    ["data/postgres://x", "embedded"],
  ] as const)("--db %s is %s", (value, kind) => {
    const { db } = loadConfig({ db: value }, {});
    expect(db).toEqual(kind === "postgres" ? { kind, url: value } : { kind, dir: value });
  });

  it.each(["", "   ", "\t"])("rejects an empty --db (%j)", (value) => {
    const error = thrownBy(() => loadConfig({ db: value }, { BENCHLEDGER_DB: "./store" }));
    expect(error.code).toBe("EMPTY_DB");
    expect(error.message).toMatch(/--db/);
  });

  it("uses DEFAULT_STORE_DIR = .benchledger", () => {
    expect(DEFAULT_STORE_DIR).toBe(".benchledger");
  });
});

describe("loadConfig: lock wait", () => {
  it.each<[string, string | undefined, number]>([
    ["unset", undefined, 5_000],
    ["empty", "", 5_000],
    ["zero", "0", 0],
    ["a whole number", "10000", 10_000],
  ])("%s gives %s", (_name, value, ms) => {
    const env = value === undefined ? {} : { BENCHLEDGER_LOCK_WAIT_MS: value };
    expect(loadConfig({}, env).lockWaitMs).toBe(ms);
  });

  it.each(["abc", "-1", "1.5", "250.0", "0x10", "1e3", "10s", "NaN", "Infinity"])("rejects %j, naming the variable", (value) => {
    const error = thrownBy(() => loadConfig({}, { BENCHLEDGER_LOCK_WAIT_MS: value }));
    expect(error.code).toBe("BAD_LOCK_WAIT");
    expect(error.message).toContain("BENCHLEDGER_LOCK_WAIT_MS");
    expect(error.message).toContain(`"${value}"`);
  });

  // Number(" ") is 0: a blank value must not silently mean "do not wait".
  it("rejects a whitespace-only value", () => {
    thrownBy(() => loadConfig({}, { BENCHLEDGER_LOCK_WAIT_MS: "  " }));
  });
});

describe("loadConfig: debug and CI", () => {
  it.each<[string | undefined, boolean]>([
    ["1", true],
    [undefined, false],
    ["0", false],
    ["true", false],
  ])("BENCHLEDGER_DEBUG=%s gives debug %s", (value, debug) => {
    expect(loadConfig({}, value === undefined ? {} : { BENCHLEDGER_DEBUG: value }).debug).toBe(debug);
  });

  it.each([
    [
      "GitHub Actions",
      { GITHUB_ACTIONS: "true", GITHUB_SHA: "abc", GITHUB_REF_NAME: "main", GITHUB_HEAD_REF: "feature/x" },
      { environment: "github-actions", commit_sha: "abc", branch_name: "feature/x" },
    ],
    [
      "GitLab CI",
      { GITLAB_CI: "true", CI_COMMIT_SHA: "def", CI_COMMIT_REF_NAME: "main" },
      { environment: "gitlab-ci", commit_sha: "def", branch_name: "main" },
    ],
    ["no CI", {}, { environment: null, commit_sha: null, branch_name: null }],
  ])("passes the CI context through (%s)", (_name, env, ci) => {
    expect(loadConfig({}, env).ci).toMatchObject(ci);
  });

  it("returns a frozen config", () => {
    const config = loadConfig({}, {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(config).toEqual({
      db: { kind: "embedded", dir: ".benchledger" },
      dbSource: "default",
      lockWaitMs: 5_000,
      debug: false,
      ci: { environment: null, commit_sha: null, branch_name: null },
    });
  });
});

describe("loadAlertSettings", () => {
  const github = { GITHUB_TOKEN: "t0k", GITHUB_REPOSITORY: "acme/evals" };

  it("turns GitHub issues on from the environment, with GitHub's API URL and the policy's labels", () => {
    const settings = loadAlertSettings(DEFAULT_ALERT_POLICY, { BENCHLEDGER_GITHUB_ISSUES: "true", ...github, GITHUB_API_URL: "https://ghe.example.com/api/v3" });
    expect(settings.github).toEqual({
      target: { token: "t0k", repository: "acme/evals", apiUrl: "https://ghe.example.com/api/v3" },
      labels: ["benchledger", "regression"],
      closeOnRecovery: false,
    });
    expect(loadAlertSettings(DEFAULT_ALERT_POLICY, { BENCHLEDGER_GITHUB_ISSUES: "true", ...github }).github?.target.apiUrl).toBe("https://api.github.com");
    expect(loadAlertSettings(DEFAULT_ALERT_POLICY, github).github).toBeNull();
  });

  it("takes the policy from the project config, the environment winning", () => {
    const policy = { ...DEFAULT_ALERT_POLICY, github_issues: true, close_on_recovery: true, confirm_runs: 3, labels: ["evals"] };
    const fromFile = loadAlertSettings(policy, github);
    expect(fromFile).toMatchObject({ confirmRuns: 3, github: { labels: ["evals"], closeOnRecovery: true } });
    const overridden = loadAlertSettings(policy, { ...github, BENCHLEDGER_ALERT_CONFIRM_RUNS: "1", BENCHLEDGER_GITHUB_CLOSE_ON_RECOVERY: "false" });
    expect(overridden).toMatchObject({ confirmRuns: 1, github: { closeOnRecovery: false } });
    expect(loadAlertSettings(policy, { ...github, BENCHLEDGER_GITHUB_ISSUES: "false" }).github).toBeNull();
  });

  it("says what is missing or malformed", () => {
    expect(() => loadAlertSettings(DEFAULT_ALERT_POLICY, { BENCHLEDGER_GITHUB_ISSUES: "true" })).toThrow(/BENCHLEDGER_GITHUB_ISSUES=true needs GITHUB_TOKEN and GITHUB_REPOSITORY/);
    expect(() => loadAlertSettings(DEFAULT_ALERT_POLICY, { BENCHLEDGER_GITHUB_ISSUES: "yes please" })).toThrow(/BENCHLEDGER_GITHUB_ISSUES must be true or false/);
    expect(() => loadAlertSettings(DEFAULT_ALERT_POLICY, { BENCHLEDGER_ALERT_CONFIRM_RUNS: "0" })).toThrow(/from 1 to 20/);
    expect(() => loadAlertSettings(DEFAULT_ALERT_POLICY, { BENCHLEDGER_GITHUB_ISSUES: "true", GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "not a repo" })).toThrow(/owner\/name/);
  });
});
