import type { Command } from "commander";
import { loadAlertSettings, loadConfig, loadProjectConfig } from "../../config.js";
import { UnavailableError } from "../../core/errors.js";
import type { ProjectConfig } from "../../core/project-config.js";
import { configuredChannels, deliverPeriodically, type AlertSettings } from "../../service/alerts.js";
import type { Deps } from "../../service/deps.js";
import { startServer } from "../../server/start-server.js";
import { InvalidArgumentError } from "commander";
import { addCommonOptions, withLedger, type CommonOptions } from "../context.js";
import type { Output } from "../print.js";
import { packageVersion } from "../version.js";

export interface ServeOptions extends CommonOptions {
  port: number;
  host: string;
  configFile?: string;
  /** Seconds between deliveries of pending alerts; 0 never delivers. */
  alertsEvery: number;
}

export const DEFAULT_PORT = 5178;

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new InvalidArgumentError(`--alerts-every must be a number of seconds from 0 to 86400, got "${value}".`);
  }
  return seconds;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError(`--port must be 0 to 65535, got "${value}".`);
  return port;
}

export function addServeOptions(command: Command): Command {
  return command
    .option("--port <port>", "port to listen on (0: any free port)", parsePort, DEFAULT_PORT)
    .option("--host <host>", "address to bind (default loopback only; 0.0.0.0 exposes it to the network)", "127.0.0.1")
    .option("--config-file <file>", "project config for checks (default: ./benchledger.config.json if present)")
    .option("--alerts-every <seconds>", "deliver pending alerts this often when a channel is configured (0: never)", parseSeconds, 60);
}

export function registerServe(program: Command): void {
  const command = addServeOptions(addCommonOptions(program
    .command("serve")
    .summary("serve the dashboard and the HTTP API")
    .description("Serve the dashboard at / and the JSON API under /api/ (described at /api/openapi.json), over the ledger " +
      "--db names. While it holds an embedded store, other benchledger commands work through it. Binds to 127.0.0.1 " +
      "unless --host says otherwise. Stop it with Ctrl-C."), { json: false }));
  command.addHelpText("after", `
Examples:
  $ benchledger serve                       # http://127.0.0.1:${DEFAULT_PORT}
  $ benchledger serve --db postgres://bench@db.internal/benchledger --port 8080
  $ curl -s http://127.0.0.1:${DEFAULT_PORT}/api/latest | jq '.latest[0]'
  $ curl -s -H 'content-type: application/json' --data @results.json http://127.0.0.1:${DEFAULT_PORT}/api/results
`);
  command.action(async (options: ServeOptions) => {
    const project = loadProjectConfig(options.configFile);
    await withLedger("serve", options, (deps, out) => serveUntilStopped(deps, project, options, out));
  });
}

/** Serves the ledger until SIGINT or SIGTERM, then closes the server. */
export async function serveUntilStopped(deps: Deps, project: ProjectConfig, options: ServeOptions, out: Output): Promise<void> {
  const target = loadConfig(options.db !== undefined ? { db: options.db } : {}).db;
  // Read before listening: a bad channel setting stops serve before it starts, never after.
  const alertSettings = loadAlertSettings(project.alerts);
  let server;
  try {
    server = await startServer({
      deps, project, version: packageVersion(), host: options.host, port: options.port,
      storeDir: target.kind === "embedded" && !deps.db.remote ? target.dir : null,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      throw new UnavailableError("PORT_UNAVAILABLE", `Cannot listen on ${options.host}:${options.port} (${code}).`,
        "Another program uses that port: pick another with --port.", { cause: error });
    }
    throw error;
  }
  out.line(`benchledger serving ${deps.db.location} at ${server.url} (Ctrl-C to stop)`);
  const delivery = startAlertDelivery(deps, alertSettings, options, out);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await delivery?.stop();
  await server.close();
}

/** Retries the alerts `check` could not deliver, on a schedule, while the server runs. */
function startAlertDelivery(deps: Deps, settings: AlertSettings, options: ServeOptions, out: Output) {
  const channels = configuredChannels(settings);
  if (channels.length === 0 || options.alertsEvery <= 0) return null;
  out.note(`Delivering pending alerts (${channels.join(", ")}) every ${options.alertsEvery} s.`);
  return deliverPeriodically(deps, settings, options.alertsEvery * 1000, (round) => {
    if (round instanceof Error) out.note(`Alert delivery failed: ${round.message}`);
    else out.note(`Alerts: ${round.delivered} delivered, ${round.retrying} to retry, ${round.failed} failed.`);
  });
}
