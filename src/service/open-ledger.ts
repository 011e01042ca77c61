import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { AppConfig } from "../config.js";
import type { Db } from "../store/db.js";
import { migrate, type MigrationReport } from "../store/migrations.js";
import { openDb } from "../store/open-db.js";
import type { Deps } from "./deps.js";

const run = promisify(execFile);

/** Commit and branch of the git checkout in cwd; nulls outside git or without git. */
export async function readLocalGit(cwd = process.cwd()): Promise<{ commit_sha: string | null; branch_name: string | null }> {
  const git = async (...args: string[]) => {
    try {
      return (await run("git", args, { cwd, timeout: 5_000 })).stdout.trim() || null;
    } catch {
      return null;
    }
  };
  const commit = await git("rev-parse", "HEAD");
  const branch = commit ? await git("rev-parse", "--abbrev-ref", "HEAD") : null;
  return { commit_sha: commit, branch_name: branch === "HEAD" ? null : branch };
}

/**
 * `git merge-base <commit> origin/<baseRef>` in cwd: where a pull request's branch left its
 * base branch. Needs the base branch fetched with its history (actions/checkout with
 * fetch-depth: 0); null otherwise, or outside git.
 */
export async function readLocalMergeBase(commitSha: string, baseRef: string, cwd = process.cwd()): Promise<string | null> {
  // A commit starting with "-" would be read as an option: no SHA starts so.
  if (commitSha.startsWith("-")) return null;
  try {
    const { stdout } = await run("git", ["merge-base", commitSha, `origin/${baseRef}`], { cwd, timeout: 5_000 });
    return /^[0-9a-f]{40,64}$/.test(stdout.trim()) ? stdout.trim() : null;
  } catch {
    return null;
  }
}

export interface OpenLedgerOptions {
  command: string;
  onCreate?: (dir: string) => void;
}

/** Opens the configured ledger and builds the dependencies of the use cases. */
export async function openLedger(config: AppConfig, options: OpenLedgerOptions): Promise<Deps> {
  const db = await openDb(config.db, {
    command: options.command,
    lockWaitMs: config.lockWaitMs,
    requireSchema: true,
    ...(options.onCreate ? { onCreate: options.onCreate } : {}),
  });
  return { db, ci: config.ci, readGit: () => readLocalGit(), readMergeBase: (commit, baseRef) => readLocalMergeBase(commit, baseRef), now: () => new Date() };
}

/** Applies pending migrations (the `migrate` command): the one path that skips the schema check. */
export async function migrateLedger(config: AppConfig, command: string): Promise<{ db: Db; report: MigrationReport }> {
  const db = await openDb(config.db, { command, lockWaitMs: config.lockWaitMs, requireSchema: false, migrateEmbedded: false });
  try {
    return { db, report: await migrate(db) };
  } catch (error) {
    await db.close();
    throw error;
  }
}
