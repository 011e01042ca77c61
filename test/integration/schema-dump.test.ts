import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { testBackends } from "../helpers/backends.js";

const backends = await testBackends();
const hasPostgres = backends.some((b) => b.name === "postgres");

describe.runIf(hasPostgres)("schema.sql", () => {
  it("is what the migrations produce (run `npm run db:dump` after changing a migration)", async () => {
    const lib = (await import(new URL("../../scripts/schema-dump-lib.mjs", import.meta.url).href)) as {
      dumpMigratedSchema(): Promise<string>;
    };
    const committed = fs.readFileSync(new URL("../../schema.sql", import.meta.url), "utf8");
    expect(await lib.dumpMigratedSchema()).toBe(committed);
  });
});
