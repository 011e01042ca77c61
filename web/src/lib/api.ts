import { useEffect, useMemo, useState, useSyncExternalStore } from "react";

/** An error answer of the API: `{error: {code, message, hint}}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly hint?: string) {
    super(message);
  }
}

async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, "NETWORK", `The server did not answer (${(error as Error).message}).`, "Is `benchledger serve` still running?");
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, "BAD_RESPONSE", `${method} ${path} answered ${response.status} with something that is not JSON.`);
  }
  if (!response.ok) {
    const e = (json as { error?: { code?: string; message?: string; hint?: string } } | null)?.error;
    throw new ApiError(response.status, e?.code ?? "HTTP_" + response.status, e?.message ?? `${method} ${path} failed (${response.status}).`, e?.hint);
  }
  return json as T;
}

export const postJson = <T>(path: string, body: unknown) => request<T>("POST", path, body);

// A small cache of GET answers by URL, so pages that share a read (the config list) ask once,
// and mutations invalidate everything at once.
const cache = new Map<string, Promise<unknown>>();
let generation = 0;
const listeners = new Set<() => void>();

export function getJson<T>(path: string): Promise<T> {
  let hit = cache.get(path);
  if (!hit) {
    hit = request<T>("GET", path);
    cache.set(path, hit);
    hit.catch(() => cache.delete(path));
  }
  return hit as Promise<T>;
}

/** Forgets every cached answer; every mounted useApi reads again (after a checkout, say). */
export function invalidateApi(): void {
  cache.clear();
  generation += 1;
  for (const listener of listeners) listener();
}

function useGeneration(): number {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => generation);
}

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a read is in flight; the previous data stays shown meanwhile. */
  loading: boolean;
}

/** Reads one or several API paths (null: nothing to read yet). Keeps showing the last data while a new read runs. */
export function useApi<T>(path: string | null): ApiState<T> {
  const all = useApiAll<T>(path === null ? null : [path]);
  return useMemo(() => ({ data: all.data?.[0], error: all.error, loading: all.loading }), [all]);
}

const IDLE = { data: undefined, error: undefined, loading: false } as const;

export function useApiAll<T>(paths: readonly string[] | null): ApiState<T[]> {
  const gen = useGeneration();
  const key = paths === null ? null : paths.join("\n");
  const [state, setState] = useState<ApiState<T[]> & { key: string | null }>({ data: undefined, error: undefined, loading: key !== null, key: null });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    // Stale answers are ignored rather than aborted: an aborted fetch shows up as a failed request.
    Promise.all(key.split("\n").map((p) => getJson<T>(p))).then(
      (data) => live && setState({ data, error: undefined, loading: false, key }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error: toApiError(error), loading: false, key })),
    );
    return () => {
      live = false;
    };
  }, [key, gen]);
  // Until the answer for this key is in, the state holds the previous key's: still loading.
  return useMemo(() => (key === null ? IDLE : state.key === key ? state : { data: state.data, error: undefined, loading: true }), [key, state]);
}

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, "CLIENT", (error as Error).message ?? String(error));
}
