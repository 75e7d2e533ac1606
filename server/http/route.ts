import { errorResponse, HttpError } from './errors';
import { checkText } from './input';
import { assertSameOrigin } from './sameOrigin';

type Ctx = { params?: Promise<Record<string, string | string[]>> };

/**
 * Checks every request has to pass before its handler runs: path and query values without control characters
 * (a path value that cannot be an id is simply not found), and the same-origin rule for state-changing requests.
 * Returns the context with its params checked.
 */
async function checkedRequest(request: Request, ctx: Ctx | undefined): Promise<Ctx | undefined> {
  assertSameOrigin(request);
  const url = new URL(request.url);
  for (const [key, value] of url.searchParams) {
    checkText(key, 'query');
    checkText(value, `query ${key.slice(0, 40)}`);
  }
  if (!ctx?.params) return ctx;
  const params = await ctx.params;
  for (const value of Object.values(params).flat()) {
    try {
      checkText(value, 'path');
    } catch {
      throw new HttpError(404, 'Not found');
    }
    if (value.length > 200) throw new HttpError(404, 'Not found');
  }
  return { ...ctx, params: Promise.resolve(params) };
}

/** API JSON is never cached (it carries study data or session state) unless a handler said otherwise. */
function withApiHeaders(response: Response): Response {
  try {
    if (!response.headers.has('cache-control')) response.headers.set('Cache-Control', 'no-store');
    response.headers.set('X-Content-Type-Options', 'nosniff');
    return response;
  } catch {
    return response; // immutable headers (a redirect or a fetched response): leave them
  }
}

/**
 * Wraps a route handler: the checks above, then the handler; anything thrown becomes the JSON error shape
 * (server/http/errors.ts). Unexpected errors are logged, never echoed.
 */
export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      const [request, ctx] = args as unknown as [Request, Ctx | undefined];
      const checked = await checkedRequest(request, ctx);
      const rest = args.slice(2);
      return withApiHeaders(await fn(...([request, checked, ...rest] as unknown as A)));
    } catch (error) {
      return withApiHeaders(errorResponse(error));
    }
  };
}
