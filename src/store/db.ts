/**
 * The one interface the store speaks SQL through, with a driver per engine
 * (PGlite in-process, PostgreSQL over the network). Everything above src/store sees
 * only the functions of the store modules, never this.
 */
export type Engine = "pglite" | "postgres";

export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs text that may hold several statements, without parameters. */
  exec(text: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  /** Statements run in another process (a `serve` holding the embedded store). */
  readonly remote?: boolean;
  /** Runs fn in one database transaction: committed if fn resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
