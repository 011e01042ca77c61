import fs from "node:fs";
import readline from "node:readline";
import { InvalidInputError } from "../core/errors.js";
import type { ImportSource } from "../service/import-runs.js";

const HEAD_BYTES = 64 * 1024;

/** A file named on the command line, read whole or line by line; "-" is stdin (read once, kept). */
export function readSource(name: string): ImportSource {
  if (name === "-") return textSource("<stdin>", readOrExplain(name, () => fs.readFileSync(0, "utf8")));
  const head = readOrExplain(name, () => readHead(name));
  return {
    name,
    head,
    readText: () => fs.promises.readFile(name, "utf8"),
    readLines: () => readline.createInterface({ input: fs.createReadStream(name, { encoding: "utf8" }), crlfDelay: Infinity }),
  };
}

function textSource(name: string, text: string): ImportSource {
  return {
    name,
    head: text.slice(0, HEAD_BYTES),
    readText: async () => text,
    async *readLines() {
      yield* text.split(/\r?\n/);
    },
  };
}

function readHead(name: string): string {
  const fd = fs.openSync(name, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const bytes = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytes).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

function readOrExplain<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new InvalidInputError("FILE_UNREADABLE", `Cannot read ${name}: ${why}.`, "Name a file to import; nothing was recorded.", { cause: error });
  }
}
