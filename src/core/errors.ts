/**
 * Domain errors: a stable code, a message that names the bad value, and a hint that says
 * what to do next. They know nothing of HTTP or exit codes; the adapters map `kind`.
 */
export type ErrorKind =
  | "invalid-input" // the caller's input or usage is wrong (CLI exit 2)
  | "not-found" // a config or version that does not exist (CLI exit 2)
  | "conflict" // the input clashes with what the ledger holds
  | "unavailable" // the database cannot be reached or is held by another process
  | "integrity" // the ledger's own checks failed
  | "internal";

export class BenchledgerError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.hint = hint;
  }
}

export class InvalidInputError extends BenchledgerError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super("invalid-input", code, message, hint, options);
  }
}

export class NotFoundError extends BenchledgerError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super("not-found", code, message, hint, options);
  }
}

export class ConflictError extends BenchledgerError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super("conflict", code, message, hint, options);
  }
}

export class UnavailableError extends BenchledgerError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super("unavailable", code, message, hint, options);
  }
}

export class IntegrityError extends BenchledgerError {
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super("integrity", code, message, hint, options);
  }
}
