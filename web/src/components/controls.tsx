import type { ReactNode } from "react";

export interface Option {
  value: string;
  label: string;
}

/** A labelled select; "" is the "any" choice when allLabel is given. */
export function Select(props: {
  label: string;
  value: string;
  options: readonly (string | Option)[];
  onChange: (value: string) => void;
  allLabel?: string;
  disabled?: boolean;
  name?: string;
  wide?: boolean;
}) {
  const options = props.options.map((o) => (typeof o === "string" ? { value: o, label: o } : o));
  const known = props.value === "" || options.some((o) => o.value === props.value);
  return (
    <label className={props.wide ? "field field-wide" : "field"}>
      <span className="field-label">{props.label}</span>
      <select name={props.name ?? props.label.toLowerCase()} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
        {props.allLabel !== undefined ? <option value="">{props.allLabel}</option> : null}
        {!known ? <option value={props.value}>{props.value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}

/** A row of buttons of which one is pressed. */
export function Segmented(props: { label: string; value: string; options: readonly Option[]; onChange: (value: string) => void; name?: string }) {
  return (
    <div className="field">
      <span className="field-label">{props.label}</span>
      <div className="segmented" role="group" aria-label={props.label} data-name={props.name}>
        {props.options.map((o) => (
          <button key={o.value} type="button" aria-pressed={o.value === props.value} className={o.value === props.value ? "on" : ""} onClick={() => props.onChange(o.value)}>
            {o.label}
          </button>
        ))}
      </div>
    </div>
  );
}

export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="toolbar">{children}</div>;
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-header-side">{children}</div> : null}
    </div>
  );
}
