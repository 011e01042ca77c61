import { z } from "zod";

/**
 * The canonical result: one JSON object per run. The published JSON Schema
 * (docs/result.schema.json) is generated from this, so the two never disagree.
 */
const MAX_NAME_LENGTH = 200;

const name = (what: string) =>
  z
    .string({ error: `expected ${what} as a non-empty string` })
    .trim()
    .min(1, { error: `expected ${what} as a non-empty string` })
    .max(MAX_NAME_LENGTH, { error: `expected ${what} of at most ${MAX_NAME_LENGTH} characters` });

const finiteNumber = z.number({ error: "expected a finite number" });

// A dot separates the levels of a metric's path (latency.p95), so a name cannot hold one.
const metricName = z.string().min(1, { error: "expected a non-empty metric name" })
  .regex(/^[^.]*$/, { error: "expected a metric name without dots; nest objects instead, e.g. {\"latency\": {\"p95\": 120}}" });

export const metricValueSchema: z.ZodType<number | { [k: string]: unknown }> = z.lazy(() =>
  z.union([finiteNumber, z.record(metricName, metricValueSchema)], {
    error: "expected a finite number or an object of metrics",
  }),
);

export const metricsSchema = z
  .record(metricName, metricValueSchema, { error: "expected an object of metrics, e.g. {\"f1\": 0.91}" })
  .refine((metrics) => Object.keys(metrics).length > 0, {
    error: "expected at least one metric, e.g. {\"f1\": 0.91}",
  });

const exampleText = z.union([z.string(), z.number(), z.boolean()], {
  error: "expected a string, number or boolean",
}).transform((value) => String(value));

export const exampleSchema = z.strictObject(
  {
    id: z.union([z.string().min(1, { error: "expected the example's id as a non-empty string" }), z.number()],
      { error: "expected the example's id as a string or number" })
      .transform((value) => String(value)),
    correct: z.boolean({ error: "expected true or false" }).optional(),
    label: exampleText.optional(),
    prediction: exampleText.optional(),
    score: finiteNumber.optional(),
    latency_ms: finiteNumber.min(0, { error: "expected a duration of 0 ms or more" }).optional(),
    cost: finiteNumber.optional(),
  },
  { error: "expected an example object with an id" },
);

// A metric path (latency.p95) -> a short label: the unit it is measured in, or which way is better.
const metricPath = z.string().trim().min(1, { error: "expected a metric path, e.g. \"latency.p95\"" });
const MAX_LABEL_LENGTH = 64;
const unitsSchema = z.record(metricPath,
  z.string({ error: "expected the unit as a string, e.g. \"ms\"" }).trim().min(1, { error: "expected the unit as a non-empty string" })
    .max(MAX_LABEL_LENGTH, { error: `expected a unit of at most ${MAX_LABEL_LENGTH} characters` }),
  { error: "expected an object of metric path -> unit, e.g. {\"latency_ms\": \"ms\"}" });
const directionsSchema = z.record(metricPath,
  z.enum(["higher", "lower"], { error: "expected \"higher\" or \"lower\" (which way is better)" }),
  { error: "expected an object of metric path -> \"higher\" or \"lower\", e.g. {\"hello_world\": \"lower\"}" });

export const resultSchema = z.strictObject(
  {
    $schema: z.string().optional(),
    model_version: name("the model version"),
    model_provider: name("the model provider").optional(),
    dataset_version: name("the dataset version"),
    prompt_version: name("the prompt version").optional(),
    environment: name("the environment").optional(),
    commit_sha: name("the commit SHA").optional(),
    branch_name: name("the branch name").optional(),
    metrics: metricsSchema,
    units: unitsSchema.optional(),
    directions: directionsSchema.optional(),
    duration_seconds: finiteNumber.min(0, { error: "expected a duration of 0 seconds or more" }).optional(),
    tags: z.array(name("a tag"), { error: "expected an array of strings, e.g. [\"nightly\"]" }).optional(),
    run_key: name("the run key").optional(),
    pull_request: z.number({ error: "expected the pull request's number" }).int({ error: "expected the pull request's number, a whole number" })
      .positive({ error: "expected the pull request's number, 1 or more" }).optional(),
    created_at: z.iso
      .datetime({ offset: true, error: "expected an ISO 8601 time with a zone, e.g. 2026-11-26T12:00:00Z" })
      .optional(),
    examples: z.array(exampleSchema, { error: "expected an array of examples" })
      .superRefine((examples, ctx) => {
        const seen = new Map<string, number>();
        examples.forEach((example, index) => {
          const first = seen.get(example.id);
          if (first !== undefined) {
            ctx.addIssue({ code: "custom", path: [index, "id"], input: example.id,
              message: `expected a unique id; examples[${first}] has the same id` });
          } else seen.set(example.id, index);
        });
      })
      .optional(),
  },
  { error: "expected a result object with model_version, dataset_version and metrics" },
);

export type ResultInput = z.input<typeof resultSchema>;
export type ResultOutput = z.output<typeof resultSchema>;

/** The JSON Schema of one result, for docs/ and editors. */
export function resultJsonSchema(): object {
  return z.toJSONSchema(resultSchema, { io: "input", unrepresentable: "any" });
}
