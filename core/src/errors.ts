import { GraphQLError } from 'graphql';

/**
 * The stable error codes of the API contract, carried in `errors[].extensions.code`.
 * Anything thrown that is not one of these is masked as an internal error.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  /** A service plugin's code failed (timeout, crash); the request changed nothing. */
  | 'PLUGIN_FAILED'
  /** DoIC suspended the service (R8.1, e.g. after an incident); it takes no dossiers for now. */
  | 'SERVICE_SUSPENDED'
  /** R5.1-R5.3: the procedure's statistics do not allow the level, and no city approval is recorded. */
  | 'NOT_ELIGIBLE'
  /** Over a rate limit; `extensions.retryAfter` (and the HTTP `Retry-After`) says how many seconds to wait. */
  | 'RATE_LIMITED'
  /** A live subscription ended because its token expired: sign in again. */
  | 'TOKEN_EXPIRED'
  /** A live subscription ended because its account was disabled. */
  | 'ACCOUNT_DISABLED';

/** A problem with one input field; `field` is a dotted path inside the input. */
export interface InputProblem {
  field: string;
  message: string;
}

export class ApiError extends GraphQLError {
  /** `http` sets the HTTP status and headers of an answer that carries this error (not sent to the client). */
  constructor(
    code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    http?: { status: number; headers?: Record<string, string> },
  ) {
    super(message, { extensions: { code, ...extensions, ...(http ? { http } : {}) } });
    this.name = 'ApiError';
  }
}

export const badInput = (message: string, fields: InputProblem[] = []) =>
  new ApiError('BAD_USER_INPUT', message, fields.length ? { fields } : {});
export const conflict = (message: string, field?: string) => new ApiError('CONFLICT', message, field ? { field } : {});
export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token> from login') =>
  new ApiError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Your roles do not allow this') => new ApiError('FORBIDDEN', message);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);
