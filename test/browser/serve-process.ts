import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { CLI } from "../helpers/cli.js";

export interface ServeProcess {
  url: string;
  pid: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

const SERVING_LINE = /benchledger serving .* at (http:\/\/127\.0\.0\.1:\d+) \(Ctrl-C to stop\)/;

/**
 * Starts `benchledger <args>` (serve, or demo --serve) as a separate process, with --port 0,
 * and resolves with the URL it prints once it is listening.
 */
export async function startServe(args: string[], timeoutMs = 110_000): Promise<ServeProcess> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const env = { ...process.env };
  for (const key of ["GITHUB_ACTIONS", "GITLAB_CI", "BENCHLEDGER_DB", "DATABASE_URL", "BENCHLEDGER_DEBUG"]) delete env[key];
  const child = spawn(process.execPath, [CLI, ...args, "--port", "0"], { cwd: os.tmpdir(), env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`benchledger ${args.join(" ")} printed no URL within ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
    const poll = setInterval(() => {
      const found = SERVING_LINE.exec(stdout)?.[1];
      if (found) finish(null, found);
    }, 50);
    void exited.then((code) => finish(new Error(`benchledger ${args.join(" ")} exited (${code}) before serving.\nstdout: ${stdout}\nstderr: ${stderr}`)));
    function finish(error: Error | null, value?: string) {
      clearTimeout(timer);
      clearInterval(poll);
      if (error) reject(error);
      else resolve(value!);
    }
  }).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });

  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
