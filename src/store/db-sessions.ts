import { randomUUID } from "node:crypto";
import { UnavailableError } from "../core/errors.js";
import type { Db, Queryable } from "./db.js";

/**
 * Transactions held open for another process, on behalf of the remote Db driver: a CLI
 * process that finds the embedded store held by `serve` runs its statements here. While
 * a session is open it holds the store's one connection, so other work waits, as it would
 * for a local transaction; an idle session is rolled back.
 */
interface Session {
  tx: Queryable;
  finish: (commit: boolean) => void;
  /** Settles when the transaction has committed (or rolled back on request). */
  done: Promise<void>;
  timer: NodeJS.Timeout;
}

const ROLLBACK = Symbol("rollback");

export class DbSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly db: Db, private readonly idleMs = 30_000) {}

  async begin(): Promise<string> {
    const id = randomUUID();
    await new Promise<void>((started, failed) => {
      let settle: (commit: boolean) => void = () => {};
      const done = this.db.transaction((tx) => new Promise<void>((commit, rollback) => {
        settle = (ok) => (ok ? commit() : rollback(ROLLBACK));
        this.sessions.set(id, { tx, finish: (ok) => settle(ok), done: settled, timer: this.idleTimer(id) });
        started();
      }));
      const settled = done.catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      });
      settled.catch((error: unknown) => {
        if (!this.sessions.has(id)) failed(error);
      });
    });
    return id;
  }

  /**
   * Runs a statement in a session (or outside one). The idle clock stops while it runs:
   * a long statement is not idleness.
   */
  async run<T>(id: string | undefined, fn: (db: Queryable) => Promise<T>): Promise<T> {
    if (id === undefined) return fn(this.db);
    const session = this.sessions.get(id);
    if (!session) throw new UnavailableError("SESSION_GONE", `Remote transaction ${id} is no longer open (idle too long, or finished).`, "Run the command again.");
    clearTimeout(session.timer);
    try {
      return await fn(session.tx);
    } finally {
      if (this.sessions.get(id) === session) session.timer = this.idleTimer(id);
    }
  }

  /** Commits (or rolls back) a session and waits until the database has done so. */
  async end(id: string, commit: boolean): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) throw new UnavailableError("SESSION_GONE", `Remote transaction ${id} is no longer open.`, "Run the command again.");
    clearTimeout(session.timer);
    this.sessions.delete(id);
    session.finish(commit);
    await session.done;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.end(id, false)));
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (this.sessions.has(id)) void this.end(id, false).catch(() => {});
    }, this.idleMs);
    timer.unref();
    return timer;
  }
}
