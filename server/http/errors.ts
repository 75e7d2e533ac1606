import { ZodError } from 'zod';

/**
 * Every error leaves the API as `{ error: message, code, details? }` with one of these stable codes; the message
 * is for people, the code for programs (docs/security.md, the OpenAPI document's Error schema).
 */
export const ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  500: 'internal',
  503: 'unavailable',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES] | 'cross_site' | 'invalid_json' | 'invalid_characters' | 'validation';

/** An error whose message is safe and meant for the client, with the HTTP status to answer with. */
export class HttpError extends Error {
  readonly code: ErrorCode;
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    code?: ErrorCode,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.code = code ?? (ERROR_CODES as Record<number, ErrorCode>)[status] ?? (status >= 500 ? 'internal' : 'bad_request');
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, message, details);
export const unauthorized = () => new HttpError(401, 'Sign in required');
export const forbidden = () => new HttpError(403, 'Not allowed for your role');
export const notFound = (what = 'Not found') => new HttpError(404, what);
export const conflict = (message: string) => new HttpError(409, message);
export const tooLarge = (message: string) => new HttpError(413, message);

export function zodMessage(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export function errorJson(status: number, code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>): Response {
  return Response.json({ error: message, code, ...(details !== undefined && { details }) }, { status, headers: { ...NO_STORE, ...headers } });
}

/** PostgreSQL refusals that only bad input causes (a NUL byte, a malformed value), should one get past the checks. */
function databaseInputError(error: unknown): string | null {
  const e = error as { code?: string; meta?: { code?: string }; message?: string; cause?: { code?: string } };
  const codes = [e?.code, e?.meta?.code, e?.cause?.code].filter(Boolean);
  if (codes.some((c) => c === '22021' || c === '22P02' || c === '22P05' || c === '54000')) return 'The request holds characters or values the database cannot store';
  if (typeof e?.message === 'string' && /invalid byte sequence|unsupported Unicode escape|22021/.test(e.message)) return 'The request holds characters the database cannot store (NUL or control characters)';
  return null;
}

/** Turns any thrown value into a JSON error response; unexpected errors are logged and not echoed. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) return errorJson(error.status, error.code, error.message, error.details, error.headers);
  if (error instanceof ZodError) return errorJson(400, 'validation', zodMessage(error), error.issues);
  if (error instanceof URIError) return errorJson(400, 'bad_request', 'Malformed percent-encoding in the request');
  if ((error as { code?: string })?.code === 'P2025') return errorJson(404, 'not_found', 'Not found');
  const dbInput = databaseInputError(error);
  if (dbInput) return errorJson(400, 'invalid_characters', dbInput);
  console.error(error);
  return errorJson(500, 'internal', 'Internal error');
}

export { route } from './route';
