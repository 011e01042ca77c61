import { timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import { BenchledgerError } from "../core/errors.js";
import type { DbSessions } from "../store/db-sessions.js";
import { decodeWire, encodeWire } from "../store/wire.js";
import { errorResponse } from "./http-errors.js";

/**
 * The statements of other processes that use an embedded store while `serve` holds it
 * (see store/remote-db.ts). Behind a secret that only readers of the store's directory
 * know: the same trust as opening the store itself.
 */
export function registerInternalDbRoutes(app: Hono, sessions: DbSessions, token: string): void {
  const expected = Buffer.from(`Bearer ${token}`);
  const guard = (c: Context): boolean => {
    const given = Buffer.from(c.req.header("authorization") ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const handle = (fn: (body: { session?: string; sql?: string; params?: unknown[] }) => Promise<unknown>) => async (c: Context) => {
    if (!guard(c)) return c.json({ error: { kind: "invalid-input", code: "UNAUTHORIZED", message: "Missing or wrong token.", hint: null } }, 401);
    try {
      const body = decodeWire(await c.req.json()) as { session?: string; sql?: string; params?: unknown[] };
      return c.json(encodeWire(await fn(body)) as object);
    } catch (error) {
      if (error instanceof BenchledgerError) return errorResponse(c, error);
      // The caller is a trusted benchledger process: it gets the database's own message.
      return c.json({ error: { kind: "internal", code: "DB_ERROR", message: (error as Error).message, hint: null } }, 500);
    }
  };
  app.post("/api/internal/db/begin", handle(async () => ({ session: await sessions.begin() })));
  app.post("/api/internal/db/query", handle(async (b) => ({ rows: await sessions.run(b.session, (db) => db.query(b.sql!, b.params ?? [])) })));
  app.post("/api/internal/db/exec", handle(async (b) => {
    await sessions.run(b.session, (db) => db.exec(b.sql!));
    return {};
  }));
  app.post("/api/internal/db/commit", handle(async (b) => {
    await sessions.end(b.session!, true);
    return {};
  }));
  app.post("/api/internal/db/rollback", handle(async (b) => {
    await sessions.end(b.session!, false);
    return {};
  }));
}
