import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { ProjectConfig } from "../core/project-config.js";
import type { Deps } from "../service/deps.js";
import { DbSessions } from "../store/db-sessions.js";
import { serverFileOf } from "../store/open-db.js";
import { createApp } from "./app.js";
import { hostsFor } from "./request-guard.js";

export const WEB_DIR = fileURLToPath(new URL("../../dist/web/", import.meta.url));

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the API and the dashboard. For an embedded store it also lets other processes
 * use the store through it, advertising itself in the store's server.json (readable by
 * the owner only) until it stops.
 */
export async function startServer(options: {
  deps: Deps;
  project: ProjectConfig;
  version: string;
  host: string;
  port: number;
  /** The embedded store's directory, when the store is embedded. */
  storeDir: string | null;
  webDir?: string;
}): Promise<RunningServer> {
  const token = randomBytes(24).toString("hex");
  const sessions = options.storeDir ? new DbSessions(options.deps.db) : null;
  let allowedHosts: string[] | null = null;
  const app = createApp({
    // Requests over HTTP name their own commit and branch: never the server's checkout or CI.
    deps: { ...options.deps, ci: { environment: null, commit_sha: null, branch_name: null }, readGit: async () => ({ commit_sha: null, branch_name: null }) },
    allowedHosts: () => allowedHosts,
    project: options.project,
    version: options.version,
    webDir: options.webDir ?? WEB_DIR,
    ...(sessions ? { internal: { sessions, token } } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  allowedHosts = hostsFor(address.address, address.port);
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  // Where other processes reach it: the bound address, or loopback for a wildcard bind.
  const localUrl = `http://${address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "[::1]" : host}:${address.port}`;
  const serverFile = options.storeDir ? serverFileOf(options.storeDir) : null;
  if (serverFile) {
    fs.writeFileSync(serverFile, JSON.stringify({ url: localUrl, token, pid: process.pid }) + "\n", { mode: 0o600 });
  }
  return {
    url,
    async close() {
      if (serverFile && fs.existsSync(serverFile)) fs.rmSync(serverFile, { force: true });
      await sessions?.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
