import fs from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { ProjectConfig } from "../core/project-config.js";
import type { Deps } from "../service/deps.js";
import type { DbSessions } from "../store/db-sessions.js";
import { apiRoutes } from "./api-routes.js";
import { errorResponse } from "./http-errors.js";
import { registerInternalDbRoutes } from "./internal-db-routes.js";
import { requestGuard } from "./request-guard.js";
import { openApiDocument, registerRoutes } from "./route.js";

export interface AppOptions {
  deps: Deps;
  project: ProjectConfig;
  version: string;
  /** The built dashboard (dist/web); a page saying how to build it when absent. */
  webDir: string;
  /** For an embedded store: the sessions other processes use, behind this secret. */
  internal?: { sessions: DbSessions; token: string };
  /** The Host headers to answer on /api/* (null: any), known once the server listens. */
  allowedHosts?: () => readonly string[] | null;
}

/** The HTTP API under /api/ and the dashboard at /. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const routes = apiRoutes(options.project, options.version);
  app.use("/api/*", requestGuard(options.allowedHosts ?? (() => null)));
  app.get("/api/openapi.json", (c) => c.json(openApiDocument(routes, options.version)));
  registerRoutes(app, routes, options.deps);
  if (options.internal) registerInternalDbRoutes(app, options.internal.sessions, options.internal.token);
  app.all("/api/*", (c) => c.json({ error: { kind: "not-found", code: "NO_SUCH_ROUTE", message: `No API route ${c.req.method} ${c.req.path}.`, hint: "GET /api/openapi.json lists them." } }, 404));
  serveDashboard(app, options.webDir);
  app.onError((error, c) => errorResponse(c, error));
  return app;
}

function serveDashboard(app: Hono, webDir: string): void {
  const index = path.join(webDir, "index.html");
  if (!fs.existsSync(index)) {
    app.get("*", (c) => c.html(`<!doctype html><meta charset="utf-8"><title>benchledger</title>
<p>The dashboard is not built. Run <code>npm run build</code> in the benchledger package; the API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>`));
    return;
  }
  const root = path.relative(process.cwd(), webDir) || ".";
  app.use("/assets/*", serveStatic({ root }));
  app.get("/favicon.svg", serveStatic({ root }));
  // Every other path is a page of the single-page dashboard.
  app.get("*", (c) => c.html(fs.readFileSync(index, "utf8")));
}
