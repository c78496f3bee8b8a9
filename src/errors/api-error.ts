/** The error our own code throws: a declared code, a client-safe detail, and for 400s the fields at fault. */
import { type ErrorCode, errorCodes } from "./codes";

/** One offending input: `location` is where it was (`body.software_level`, `query.cursor`). */
export interface FieldError {
  location: string;
  message: string;
}

export interface ApiErrorOptions {
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  /** `detail` is sent to the client as is: never put internal state in it. */
  constructor(code: ErrorCode, detail: string = errorCodes[code].title, options: ApiErrorOptions = {}) {
    super(detail, { cause: options.cause });
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status() {
    return errorCodes[this.code].status;
  }
}
