import type { z } from 'zod';
import { requireRole, type SessionUser } from '../auth/sessions';
import { readJson } from './input';
import { route } from './route';
import type { RouteSpec } from './routeTable';

type Params = Record<string, string>;

export interface HandlerInput<S extends RouteSpec> {
  request: Request;
  params: Params;
  query: URLSearchParams;
  /** The signed-in user for staff and admin routes; null for public and participant routes. */
  user: S['access'] extends 'staff' | 'admin' ? SessionUser : null;
  /** The body parsed with the route's schema (JSON routes whose handler parses). */
  body: S extends { body: infer B extends z.ZodType } ? (S extends { parseBody: false } ? unknown : z.output<B>) : undefined;
}

export type BuiltHandler = ((request: Request, ctx?: { params?: Promise<Params> }) => Promise<Response>) & { spec: RouteSpec };

const ROLES = { staff: ['ADMIN', 'RESEARCHER'], admin: ['ADMIN'] } as const;

/**
 * A route handler built from its table entry (server/http/routeTable.ts): the checks of route() (same-origin,
 * characters, error shape, no-store), then the role, then the JSON body read within the limits and parsed
 * with the route's schema; the function's value is answered as JSON with the route's status.
 */
export function handle<S extends RouteSpec>(spec: S, fn: (input: HandlerInput<S>) => Promise<Response | object>): BuiltHandler {
  const built = route(async (request: Request, ctx?: { params?: Promise<Params> }) => {
    const user = spec.access === 'staff' || spec.access === 'admin' ? await requireRole(request, [...ROLES[spec.access]]) : null;
    const params = (await ctx?.params) ?? {};
    let body: unknown;
    if (spec.body) {
      const raw = await readJson(request);
      body = spec.parseBody === false ? raw : spec.body.parse(raw);
    }
    const value = await fn({ request, params, query: new URL(request.url).searchParams, user, body } as HandlerInput<S>);
    return value instanceof Response ? value : Response.json(value, { status: spec.status ?? 200 });
  });
  return Object.assign(built, { spec });
}
