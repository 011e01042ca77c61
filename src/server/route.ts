import type { Hono } from "hono";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.js";
import type { Deps } from "../service/deps.js";
import { errorResponse } from "./http-errors.js";

/**
 * One API operation: its validated input, its handler (a service call), and what the
 * OpenAPI document says about it. The route table is the single source of both.
 */
export interface ApiRoute {
  method: "get" | "post";
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body is a results file, passed through as text. */
  rawBody?: boolean;
  handler: (input: { query: any; body: any; deps: Deps }) => Promise<unknown>;
}

export function registerRoutes(app: Hono, routes: readonly ApiRoute[], deps: Deps): void {
  for (const route of routes) {
    app[route.method](route.path, async (c) => {
      try {
        const query = route.query ? parseInput(route.query, c.req.query(), "query") : {};
        const body = route.rawBody ? await c.req.text() : route.body ? parseInput(route.body, await readJson(c.req.raw), "body") : undefined;
        return c.json(await route.handler({ query, body, deps }) as object);
      } catch (error) {
        return errorResponse(c, error);
      }
    });
  }
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError("BAD_JSON", `The request body is not valid JSON: ${(error as Error).message}`, "Send a JSON object.");
  }
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown, where: "query" | "body"): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${where}${issue.path.map((p) => `.${String(p)}`).join("")}: ${issue.message}`);
  throw new InvalidInputError("BAD_REQUEST", `Invalid request: ${problems.join("; ")}`, "GET /api/openapi.json describes every parameter.");
}

/** The OpenAPI 3.1 document of the route table. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const parameters = route.query ? Object.entries(route.query.shape).map(([name, schema]) => ({
      name,
      in: "query",
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }),
      ...((schema as z.ZodType).description ? { description: (schema as z.ZodType).description } : {}),
    })) : [];
    const requestBody = route.rawBody
      ? { required: true, content: { "application/json": { schema: { $ref: "https://benchledger.dev/result.schema.json", description: "A results file: one result, an array, or {\"results\": [...]} (docs/result.schema.json)" } } } }
      : route.body ? { required: true, content: { "application/json": { schema: z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }) } } } : undefined;
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: { type: "object" } } } },
        "4XX": { description: "Invalid input (400), not found (404) or conflict (409)", content: { "application/json": { schema: ERROR_SCHEMA } } },
        "5XX": { description: "Unavailable (503) or internal error (500)", content: { "application/json": { schema: ERROR_SCHEMA } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "benchledger API", version, description: "The ledger of benchmark runs: the same services as the benchledger CLI." },
    paths,
  };
}

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { kind: { type: "string" }, code: { type: "string" }, message: { type: "string" }, hint: { type: ["string", "null"] } },
    },
  },
};
