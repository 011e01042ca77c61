import { createElement, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

// A tiny history router: the path picks the page, the query string holds every page's state,
// so any view can be shared by its URL.

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  const samePage = to.split("?")[0] === window.location.pathname;
  window.history[options.replace ? "replaceState" : "pushState"](null, "", to);
  if (!samePage) window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const url = useSyncExternalStore(subscribe, currentUrl);
  return useMemo(() => {
    const [path = "/", search = ""] = url.split("?");
    return { path, query: new URLSearchParams(search) };
  }, [url]);
}

export type QueryPatch = Record<string, string | readonly string[] | number | null | undefined>;

/** The URL of `path` with `query` changed by `patch` (null or "" removes a parameter). */
export function withQuery(path: string, query: URLSearchParams, patch: QueryPatch): string {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(patch)) {
    next.delete(name);
    if (value === null || value === undefined || value === "") continue;
    for (const v of typeof value === "object" ? value : [value]) next.append(name, String(v));
  }
  const search = next.toString();
  return search ? `${path}?${search}` : path;
}

/** The query string of the current page, and a setter that changes some of its parameters. */
export function useQuery(): [URLSearchParams, (patch: QueryPatch, options?: { replace?: boolean }) => void] {
  const { path, query } = useLocation();
  const set = (patch: QueryPatch, options?: { replace?: boolean }) => navigate(withQuery(path, query, patch), options);
  return [query, set];
}

/** A link that navigates inside the dashboard (a plain link for new tabs and modified clicks). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return createElement("a", { ...rest, href: to, onClick: handle });
}
