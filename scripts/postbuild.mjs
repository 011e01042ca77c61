// Makes the CLI entry executable after tsc (npm links the bin, but a direct call needs +x).
import { chmodSync } from "node:fs";
chmodSync(new URL("../dist/cli/main.js", import.meta.url), 0o755);
