// npm run db:dump: writes schema.sql, the schema that the migrations produce, as pg_dump
// prints it, so a review shows every schema change as a diff. A test fails when it is stale.
// Needs a built package (npm run build), pg_dump, and PostgreSQL at TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres).
import { writeFileSync } from "node:fs";
import { dumpMigratedSchema } from "./schema-dump-lib.mjs";

const target = new URL("../schema.sql", import.meta.url);
writeFileSync(target, await dumpMigratedSchema());
console.log(`wrote ${target.pathname}`);
