import { useMemo } from "react";
import { useApi } from "./api";
import type { ConfigKey, Leaderboard, LeaderboardRow } from "./types";

/** Every current config of the ledger (the unfiltered leaderboard), with the metric names. */
export function useConfigs() {
  const board = useApi<Leaderboard>("/api/leaderboard");
  return useMemo(() => {
    const rows: LeaderboardRow[] = board.data?.rows ?? [];
    const configs: ConfigKey[] = [...rows].sort((a, b) =>
      a.model_version.localeCompare(b.model_version) || a.dataset_version.localeCompare(b.dataset_version) ||
      a.prompt_version.localeCompare(b.prompt_version) || a.environment.localeCompare(b.environment));
    return { rows, configs, metrics: board.data?.metrics ?? [], facets: board.data?.facets, error: board.error, loading: board.loading, loaded: board.data !== undefined };
  }, [board]);
}
