import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const read = (path: string) => parse(fs.readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as Record<string, any>;

describe("the GitHub Action", () => {
  const action = read("action.yml");

  it("is a valid composite action: name, description, inputs with descriptions, steps with a shell", () => {
    expect(typeof action.name).toBe("string");
    expect(typeof action.description).toBe("string");
    expect(action.runs.using).toBe("composite");
    for (const [name, input] of Object.entries<any>(action.inputs)) {
      expect(typeof input.description, name).toBe("string");
      expect(typeof input.required, name).toBe("boolean");
    }
    expect(action.inputs.results.required).toBe(true);
    for (const step of action.runs.steps) {
      if (!step.uses) expect(step.shell, step.name).toBe("bash");
    }
    // Every input the steps read is declared.
    const used = [...JSON.stringify(action.runs).matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!);
    for (const name of used) expect(action.inputs[name], name).toBeDefined();
  });

  it("is used by the example workflow with inputs it declares", () => {
    const workflow = read(".github/workflows/benchmark-persist.yml");
    const steps = Object.values<any>(workflow.jobs).flatMap((job) => job.steps);
    const usesAction = steps.filter((s) => s.uses === "./");
    expect(usesAction).toHaveLength(1);
    for (const key of Object.keys(usesAction[0].with)) expect(action.inputs[key], key).toBeDefined();
    for (const [name, input] of Object.entries<any>(action.inputs)) {
      if (input.required) expect(usesAction[0].with[name], name).toBeDefined();
    }
  });
});
