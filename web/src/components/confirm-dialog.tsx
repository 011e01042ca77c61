import { useEffect, useRef, type ReactNode } from "react";

/** A modal confirmation (an HTML dialog, not window.confirm): Escape or Cancel closes it. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="dialog-title" onCancel={(e) => { e.preventDefault(); props.onCancel(); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); props.onConfirm(); }}>
        <h2 id="dialog-title">{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        {props.error ? <p className="error-text" role="alert">{props.error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={props.busy} autoFocus>{props.busy ? "Working…" : props.confirmLabel}</button>
        </div>
      </form>
    </dialog>
  );
}
