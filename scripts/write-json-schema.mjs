// Writes docs/result.schema.json: the JSON Schema of one canonical result, generated from
// the zod schema in src/core/result-schema.ts so the two never disagree.
// Run after `npm run build`: node scripts/write-json-schema.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resultJsonSchema } from "../dist/core/result-schema.js";

const target = new URL("../docs/result.schema.json", import.meta.url);

const generated = resultJsonSchema();
const { $schema, ...rest } = generated;
const schema = {
  ...($schema === undefined ? {} : { $schema }),
  title: "benchledger result",
  description:
    "One benchmark run (one result object) as `benchledger push` reads it. A results file may hold " +
    "one such object, an array of them, or {\"results\": [...]}; this schema validates one object. " +
    "Every field is described in docs/results-format.md.",
  ...rest,
};

mkdirSync(new URL(".", target), { recursive: true });
writeFileSync(target, JSON.stringify(schema, null, 2) + "\n");
console.log(`wrote ${fileURLToPath(target)}`);
