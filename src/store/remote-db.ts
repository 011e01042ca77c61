import { BenchledgerError, UnavailableError, type ErrorKind } from "../core/errors.js";
import type { Db, Queryable } from "./db.js";
import { decodeWire, encodeWire } from "./wire.js";

/** Where a running `serve` that holds an embedded store can be reached, and its secret. */
export interface ServerEndpoint {
  url: string;
  token: string;
  pid: number;
}

/**
 * A Db that runs every statement in the `serve` process holding an embedded store, over
 * its loopback API, so other processes can use the store while it is served. Transactions
 * are sessions held open in the server.
 */
export function createRemoteDb(endpoint: ServerEndpoint, location: string): Db {
  const call = async <T>(path: string, body: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${endpoint.url}/api/internal/db/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${endpoint.token}` },
        body: JSON.stringify(encodeWire(body)),
      });
    } catch (error) {
      throw new UnavailableError("SERVER_UNREACHABLE",
        `The embedded store ${location} is served by process ${endpoint.pid} at ${endpoint.url}, which does not answer.`,
        "Check that `benchledger serve` is still running; if it died, run the command again.", { cause: error });
    }
    const payload = decodeWire(await response.json()) as { error?: { kind: ErrorKind; code: string; message: string; hint?: string } } & T;
    if (payload.error) throw new BenchledgerError(payload.error.kind, payload.error.code, payload.error.message, payload.error.hint);
    return payload;
  };
  const queryable = (session?: string): Queryable => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await call<{ rows: Row[] }>("query", { session, sql: text, params })).rows;
    },
    async exec(text: string) {
      await call("exec", { session, sql: text });
    },
  });
  const base = queryable();
  return {
    engine: "pglite",
    location: `${location} (served by process ${endpoint.pid})`,
    remote: true,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const { session } = await call<{ session: string }>("begin", {});
      let result;
      try {
        result = await fn(queryable(session));
      } catch (error) {
        await call("rollback", { session }).catch(() => {});
        throw error;
      }
      await call("commit", { session });
      return result;
    },
    async close() {},
  };
}
