import {
  BenchledgerError,
  ConflictError,
  IntegrityError,
  InvalidInputError,
  NotFoundError,
  UnavailableError,
} from "../core/errors.js";

/** SQLSTATEs the store turns into domain errors. */
export const SQLSTATE = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  restrictViolation: "23001",
  notNullViolation: "23502",
  noDataFound: "P0002",
  invalidParameterValue: "22023",
  numericValueOutOfRange: "22003",
  datetimeFieldOverflow: "22008",
  undefinedTable: "42P01",
  undefinedFunction: "42883",
  invalidPassword: "28P01",
  invalidAuthorization: "28000",
  invalidCatalogName: "3D000",
  cannotConnectNow: "57P03",
  tooManyConnections: "53300",
} as const;

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "CONNECT_TIMEOUT", "EAI_AGAIN"]);

interface PgErrorLike {
  code?: string;
  message?: string;
  hint?: string;
  detail?: string;
  constraint?: string;
  constraint_name?: string;
}

/** Turns a driver error into a domain error; domain errors pass through unchanged. */
export function toStoreError(error: unknown, location?: string): Error {
  if (error instanceof BenchledgerError) return error;
  const pg = (error ?? {}) as PgErrorLike;
  const message = pg.message ?? String(error);
  const hint = pg.hint || undefined;
  const constraint = pg.constraint ?? pg.constraint_name;
  const where = location ? ` at ${location}` : "";
  switch (pg.code) {
    case SQLSTATE.restrictViolation:
      return new IntegrityError("APPEND_ONLY", message, hint, { cause: error });
    case SQLSTATE.uniqueViolation:
      if (constraint === "benchmark_transactions_run_key_key") {
        return new ConflictError("RUN_KEY_CONFLICT", message, hint ?? "Give this run its own run_key.", { cause: error });
      }
      return new ConflictError("UNIQUE_VIOLATION", message, hint, { cause: error });
    case SQLSTATE.checkViolation:
    case SQLSTATE.notNullViolation:
    case SQLSTATE.foreignKeyViolation:
      return new InvalidInputError("REJECTED_BY_DATABASE", `The database rejected the write: ${message}`, hint, { cause: error });
    case SQLSTATE.noDataFound:
      return new NotFoundError("NOT_FOUND", message, hint, { cause: error });
    case SQLSTATE.numericValueOutOfRange:
    case SQLSTATE.datetimeFieldOverflow:
    case SQLSTATE.invalidParameterValue:
      return new InvalidInputError("INVALID_VALUE", message, hint, { cause: error });
    case SQLSTATE.undefinedTable:
    case SQLSTATE.undefinedFunction:
      return new UnavailableError("SCHEMA_MISSING", `The benchledger schema is missing or incomplete${where}: ${message}`,
        "Run `benchledger migrate` against this database.", { cause: error });
    case SQLSTATE.invalidPassword:
    case SQLSTATE.invalidAuthorization:
    case SQLSTATE.invalidCatalogName:
    case SQLSTATE.cannotConnectNow:
    case SQLSTATE.tooManyConnections:
      return connectionError(message, location, error);
  }
  if (pg.code && CONNECTION_CODES.has(pg.code)) return connectionError(message, location, error);
  return error instanceof Error ? error : new Error(message);
}

function connectionError(message: string, location: string | undefined, cause: unknown): UnavailableError {
  return new UnavailableError(
    "DB_UNREACHABLE",
    `Cannot connect to the database ${location ?? ""}: ${message}`.replace("  ", " "),
    "Check that PostgreSQL is running and reachable, and that the URL (host, port, user, password, " +
      "database) is right. It comes from --db, else BENCHLEDGER_DB, else DATABASE_URL.",
    { cause },
  );
}
