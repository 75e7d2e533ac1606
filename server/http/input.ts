import { HttpError, badRequest, tooLarge } from './errors';
import { CONTROL_CHARACTERS, hasControlCharacters, jsonDepth } from './text';

export { CONTROL_CHARACTERS, hasControlCharacters, jsonDepth };

/** JSON bodies: at most this many bytes on every route (image sets and prompt files come as multipart). */
export const MAX_JSON_BYTES = 256 * 1024;
/** Arrays and objects nested deeper than this are refused (no schema of ours goes past 6). */
export const MAX_JSON_DEPTH = 32;

/** A readable name for the first control character in `text`, for messages. */
function describeControl(text: string): string {
  const c = text.match(CONTROL_CHARACTERS)![0].charCodeAt(0);
  return c === 0 ? 'a NUL character' : `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * Walks a parsed JSON value: refuses control characters in any string or key, and nesting beyond `maxDepth`.
 * Iterative, so a value nested thousands deep cannot overflow the stack here.
 */
export function checkJsonValue(value: unknown, where = 'body', maxDepth = MAX_JSON_DEPTH): void {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: where }];
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasControlCharacters(v)) throw new HttpError(400, `${path}: ${describeControl(v)} is not allowed`, undefined, 'invalid_characters');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) throw badRequest(`${where}: nested deeper than ${maxDepth} levels`);
    for (const [k, child] of Object.entries(v)) {
      if (hasControlCharacters(k)) throw new HttpError(400, `${path}: a key holds ${describeControl(k)}`, undefined, 'invalid_characters');
      stack.push({ v: child, depth: depth + 1, path: Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}` });
    }
  }
}

/**
 * Reads at most `maxBytes` of a request body as it streams in (a missing or false Content-Length does not
 * matter); more → 413 and the rest is not read.
 */
export async function readBodyBytes(request: Request, maxBytes: number, what = 'Request body'): Promise<Uint8Array<ArrayBuffer>> {
  const limitMessage = `${what} too large: the limit is ${formatBytes(maxBytes)}`;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(limitMessage);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw badRequest(`${what}: could not be read (the connection broke off)`);
    }
    if (result.done) break;
    total += result.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limitMessage);
    }
    chunks.push(result.value);
  }
  const out = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

export function formatBytes(n: number): string {
  return n >= 1048576 ? `${Math.round((n / 1048576) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * The JSON body of a request, bounded in size and depth, without control characters; an empty body is `{}`.
 * Not valid JSON or not UTF-8 → 400 naming the problem (never a silent `{}`).
 */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const bytes = await readBodyBytes(request, maxBytes);
  if (bytes.byteLength === 0) return {};
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'The request body is not valid UTF-8', undefined, 'invalid_json');
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON (${(error as Error).message.slice(0, 120)})`, undefined, 'invalid_json');
  }
  checkJsonValue(value);
  return value;
}

/** Path and query values: control characters → 400 before they reach a query. */
export function checkText(value: string, where: string): void {
  if (hasControlCharacters(value)) throw new HttpError(400, `${where}: ${describeControl(value)} is not allowed`, undefined, 'invalid_characters');
}

