import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard: sources in web/, built into dist/web, which `benchledger serve` serves.
// `npx vite` serves it in development, sending /api to a running `benchledger serve`.
export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { "/api": process.env.BENCHLEDGER_API_URL ?? "http://127.0.0.1:5178" } },
});
