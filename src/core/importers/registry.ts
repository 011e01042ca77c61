import { InvalidInputError } from "../errors.js";
import { benchledgerImporter, isResultLines } from "./benchledger.js";
import { csvImporter } from "./csv.js";
import { githubActionBenchmarkImporter } from "./github-action-benchmark.js";
import { goBenchImporter } from "./go-bench.js";
import { googleBenchmarkImporter } from "./google-benchmark.js";
import { hyperfineImporter } from "./hyperfine.js";
import type { ImportFormat, Importer } from "./importer.js";
import { lmEvalImporter } from "./lm-eval.js";
import { promptfooImporter } from "./promptfoo.js";
import { pytestBenchmarkImporter } from "./pytest-benchmark.js";

export { isResultLines };

/** Every importer, in the order --help lists them. CSV last: it is the loosest shape. */
export const IMPORTERS: readonly Importer[] = [
  benchledgerImporter,
  lmEvalImporter,
  promptfooImporter,
  pytestBenchmarkImporter,
  githubActionBenchmarkImporter,
  googleBenchmarkImporter,
  goBenchImporter,
  hyperfineImporter,
  csvImporter,
];

export const IMPORT_FORMATS: readonly ImportFormat[] = IMPORTERS.map((importer) => importer.format);

export function importerFor(format: ImportFormat): Importer {
  const importer = IMPORTERS.find((i) => i.format === format);
  if (!importer) {
    throw new InvalidInputError("UNKNOWN_FORMAT", `Unknown import format "${format}".`,
      `Pass --format with one of: ${IMPORT_FORMATS.join(", ")}.`);
  }
  return importer;
}

/**
 * The format of a file from its content: the one importer that recognises it. A file no
 * importer (or more than one) recognises is an error that asks for --format.
 */
export function detectFormat(fileName: string, text: string): ImportFormat {
  const claims = IMPORTERS.filter((importer) => safely(() => importer.detect(text, fileName)));
  // CSV recognises any delimited text; a more specific format wins over it.
  const specific = claims.length > 1 ? claims.filter((i) => i.format !== "csv") : claims;
  if (specific.length === 1) return specific[0]!.format;
  if (specific.length === 0) {
    throw new InvalidInputError("UNKNOWN_FORMAT", `Cannot tell the format of ${fileName}: it looks like none of ${IMPORT_FORMATS.join(", ")}.`,
      "Pass --format to say which it is; `benchledger import --help` lists what each format looks like.");
  }
  throw new InvalidInputError("AMBIGUOUS_FORMAT", `${fileName} looks like several formats: ${specific.map((i) => i.format).join(", ")}.`,
    "Pass --format to say which it is.");
}

function safely(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}
