import type { MiddlewareHandler } from "hono";

/**
 * Keeps other web pages out of a server on the developer's machine. A page on another
 * site can send a "simple" cross-site POST (text/plain, no preflight) and, through DNS
 * rebinding, even read answers; so, on /api/*:
 * - the Host must be one the server is reached by (when it listens on loopback),
 * - a write must come from no Origin or the server's own, and carry JSON.
 */
export function requestGuard(allowedHosts: () => readonly string[] | null): MiddlewareHandler {
  return async (c, next) => {
    const hosts = allowedHosts();
    const host = (c.req.header("host") ?? "").toLowerCase();
    if (hosts && !hosts.includes(host)) {
      return c.json({ error: { kind: "invalid-input", code: "FORBIDDEN_HOST", message: `This server does not answer to the host name ${host || "(none)"}.`, hint: "Use the URL benchledger serve printed." } }, 403);
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const origin = c.req.header("origin");
      if (origin && origin !== "null" && !isSameOrigin(origin, host)) {
        return c.json({ error: { kind: "invalid-input", code: "FORBIDDEN_ORIGIN", message: `Writes from ${origin} are not accepted.`, hint: "Call the API from the dashboard itself, or from a program (no Origin header)." } }, 403);
      }
      if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
        return c.json({ error: { kind: "invalid-input", code: "JSON_REQUIRED", message: "Writes must be sent as JSON (Content-Type: application/json).", hint: "For example: curl -H 'content-type: application/json' --data @results.json ..." } }, 415);
      }
    }
    await next();
  };
}

function isSameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}

/** The Host headers a server listening on `address:port` is reached by; null (any) when not on loopback. */
export function hostsFor(address: string, port: number): string[] | null {
  const loopback = address === "127.0.0.1" || address === "::1" || address === "localhost";
  if (!loopback) return null;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}
