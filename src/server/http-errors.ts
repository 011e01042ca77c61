import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { BenchledgerError, type ErrorKind } from "../core/errors.js";

/** One table from error kind to HTTP status. */
const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  "invalid-input": 400,
  "not-found": 404,
  conflict: 409,
  unavailable: 503,
  integrity: 500,
  internal: 500,
};

/** The body of every error: {"error": {"code", "message", "hint", "kind"}}. Unknown errors show only INTERNAL. */
export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof BenchledgerError) {
    return c.json({ error: { kind: error.kind, code: error.code, message: error.message, hint: error.hint ?? null } }, STATUS[error.kind]);
  }
  console.error(error);
  return c.json({ error: { kind: "internal", code: "INTERNAL", message: "Internal error; the server's log has the details.", hint: null } }, 500);
}
