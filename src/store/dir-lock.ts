import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UnavailableError } from "../core/errors.js";

/**
 * An exclusive lock on an embedded store. PGlite takes no lock on its directory, and two
 * processes writing one directory corrupt it silently, so every opener must hold this.
 *
 * The lock is a file created with O_EXCL holding the owner's pid; a lock whose process is
 * gone (same host) is stale and taken over. Deliberately not a time-based lock such as
 * proper-lockfile's: PGlite runs queries on the event loop, a long one would miss the
 * refresh, and the store would be handed to a second process while still in use.
 */
export interface LockOwner {
  pid: number;
  hostname: string;
  command: string;
  started_at: string;
}

export interface DirLock {
  release(): void;
}

const POLL_MS = 100;

export async function acquireDirLock(
  lockFile: string,
  options: { command: string; waitMs: number; storeLabel: string },
): Promise<DirLock> {
  const deadline = Date.now() + options.waitMs;
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    command: options.command,
    started_at: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (;;) {
    if (tryCreate(lockFile, owner)) return holdLock(lockFile);
    const holder = readOwner(lockFile);
    if (holder && isStale(holder)) {
      takeOverStale(lockFile, holder);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(options.storeLabel, lockFile, holder);
    await sleep(POLL_MS);
  }
}

function tryCreate(lockFile: string, owner: LockOwner): boolean {
  try {
    fs.writeFileSync(lockFile, JSON.stringify(owner) + "\n", { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Removes a dead owner's lock without racing another process doing the same: the lock is
 * renamed away (only one rename can succeed), and put back if what was renamed turns out
 * to be a live owner's fresh lock rather than the dead one's.
 */
function takeOverStale(lockFile: string, stale: LockOwner): void {
  const claimed = `${lockFile}.${process.pid}.stale`;
  try {
    fs.renameSync(lockFile, claimed);
  } catch {
    return; // someone else moved it first: look again
  }
  const owner = readOwner(claimed);
  if (owner && (owner.pid !== stale.pid || owner.started_at !== stale.started_at)) {
    try {
      fs.linkSync(claimed, lockFile); // a live lock: restore it, unless a newer one exists
    } catch {
      // a newer lock exists already; the live owner's file is gone, but so is its claim
    }
  }
  fs.rmSync(claimed, { force: true });
}

function holdLock(lockFile: string): DirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    const holder = readOwner(lockFile);
    if (holder?.pid === process.pid) fs.rmSync(lockFile, { force: true });
  };
  process.on("exit", release);
  return { release };
}

export function readOwner(lockFile: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(lockFile, "utf8")) as LockOwner;
  } catch {
    return null; // being written right now, or just removed: look again on the next poll
  }
}

function isStale(holder: LockOwner): boolean {
  if (holder.hostname !== os.hostname()) return false; // cannot tell: treat as held
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function lockedError(storeLabel: string, lockFile: string, holder: LockOwner | null): UnavailableError {
  const who = holder
    ? `process ${holder.pid} on ${holder.hostname} (\`${holder.command}\`, since ${holder.started_at})`
    : "another process";
  return new UnavailableError(
    "STORE_LOCKED",
    `The embedded store ${storeLabel} is in use by ${who}.`,
    "An embedded store has one user at a time; two would corrupt it. Wait for that process to finish " +
      "or stop it. To share a ledger between processes, use PostgreSQL (--db postgres://...). " +
      `If no such process exists, delete ${lockFile}.`,
  );
}
