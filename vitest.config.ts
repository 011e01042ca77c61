import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: PGlite is CPU-bound WASM, and the end-to-end suite spawns processes.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
