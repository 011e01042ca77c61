import { useState, type ReactNode } from "react";
import type { ApiError } from "../lib/api";

/** A command to copy, shown in monospace with a copy button. */
export function Command({ children }: { children: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(children).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    }, () => undefined);
  };
  return (
    <div className="command">
      <code>{children}</code>
      <button type="button" className="btn btn-ghost btn-small" onClick={copy}>{copied ? "Copied" : "Copy"}</button>
    </div>
  );
}

/** What to do when there is nothing to show. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId ?? "empty"}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: ApiError }) {
  return (
    <div className="error-notice" role="alert">
      <strong>{error.message}</strong>
      {error.hint ? <p>{error.hint}</p> : null}
      <p className="muted small">Error code {error.code}{error.status ? `, HTTP ${error.status}` : ""}.</p>
    </div>
  );
}

/** Placeholder rows of the height real rows will take, so nothing jumps when data arrives. */
export function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="skeleton-row" aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}><span className="skeleton" /></td>
          ))}
        </tr>
      ))}
    </>
  );
}

export function Spinner({ show }: { show: boolean }) {
  return <span className={show ? "spinner" : "spinner spinner-hidden"} role="status" aria-label={show ? "Loading" : undefined} />;
}
