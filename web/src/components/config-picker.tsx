import { configId, configLabel } from "../lib/config-key";
import type { ConfigKey } from "../lib/types";
import { Select } from "./controls";

/** Chooses one config out of the ledger's current configs. */
export function ConfigSelect(props: { configs: readonly ConfigKey[]; value: ConfigKey | null; onChange: (c: ConfigKey) => void; label?: string; disabled?: boolean }) {
  const byId = new Map(props.configs.map((c) => [configId(c), c]));
  return (
    <Select
      label={props.label ?? "Config (model / dataset / prompt / environment)"}
      name="config"
      wide
      disabled={props.disabled}
      value={props.value ? configId(props.value) : ""}
      options={props.configs.map((c) => ({ value: configId(c), label: configLabel(c) }))}
      onChange={(id) => {
        const c = byId.get(id);
        if (c) props.onChange(c);
      }}
    />
  );
}

/** The four fields of a config as compact text, model first. */
export function ConfigName({ config, color }: { config: ConfigKey; color?: string }) {
  return (
    <span className="config-name">
      {color ? <span className="swatch" style={{ background: color }} /> : null}
      <strong>{config.model_version}</strong>
      <span className="muted"> / {config.dataset_version} / {config.prompt_version} / {config.environment}</span>
    </span>
  );
}
