import { z } from 'zod';
import { exploratoryInput } from '../results/analysisChoice';
import { studySettingsSchema } from '../stats/settings';
import { createStudyInput, loginInput, studyStatusInput, updateStudyInput, voteInput } from '../studies/schemas';

// The API in one table: method, path, who may call it, input and output schemas. The handlers in app/api are
// built from these entries (server/http/handler.ts) and /api/openapi.json is generated from them
// (server/http/openapi.ts); tests/integration/routeTable.test.ts checks that every route.ts is here.

/**
 * public: anyone; participant: anyone, the participant cookie decides inside; staff: admins and researchers
 * (read, export, pilot); admin: admins only.
 */
export type Access = 'public' | 'participant' | 'staff' | 'admin';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI style: /api/studies/{id} (the folder app/api/studies/[id]). */
  path: string;
  operationId: string;
  access: Access;
  summary: string;
  /** A JSON body: parsed by the handler builder unless `parseBody: false` (the domain function parses it). */
  body?: z.ZodType;
  parseBody?: boolean;
  /** A multipart body, read by the domain (documented here). */
  multipart?: z.ZodType;
  query?: z.ZodType;
  /** The success response: JSON of this schema, or a file of this media type. */
  response: z.ZodType | { file: string };
  status?: number;
  /** Error statuses this route documents besides 400/401/403/413/429. */
  errors?: number[];
}

const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const study = loose({ id: z.string(), slug: z.string(), title: z.string(), status: z.enum(['DRAFT', 'OPEN', 'CLOSED']) });
const participantView = loose({ stage: z.string() });
const formatQuery = z.object({ format: z.enum(['csv', 'json']).optional(), analysis: z.string().optional() });
const analysisQuery = z.object({ analysis: z.string().optional() });
const upload = z.object({ zip: z.string().optional().describe('a .zip holding manifest.csv or manifest.json and the images'), manifest: z.string().optional(), files: z.array(z.string()).optional() });
const generationForm = z.object({
  prompts: z.string().describe('prompt file: CSV, JSON or plain text'),
  modelDir: z.string().optional(),
  preset: z.string().optional(),
  steps: z.string().optional(),
  guidance: z.string().optional(),
  seedsPerPrompt: z.string().optional(),
  baseSeed: z.string().optional(),
  rasRatios: z.string().optional(),
  equalTimeControl: z.enum(['true', 'false', 'on']).optional(),
  ignoreUnknownWords: z.enum(['true', 'false', 'on']).optional(),
  design: z.enum(['standard', 'fewStepFrontier']).optional().describe('a named study design (docs/frontier.md); fixes the conditions'),
});

export const startInput = z.object({ consent: z.literal(true, 'consent is required'), params: z.record(z.string(), z.string().max(500)).default({}) });
export const retryInput = z.object({ itemId: z.string().max(100).optional() });
export const promptInput = z.object({ excluded: z.boolean() });
const ok = z.object({ ok: z.literal(true) });

const r = <S extends RouteSpec>(spec: S) => spec;

export const ROUTES = {
  login: r({ method: 'POST', path: '/api/auth/login', operationId: 'login', access: 'public', summary: 'Sign in: sets the session cookie and returns a bearer token (throttled per account and address)', body: loginInput, response: z.object({ token: z.string(), user: z.object({ id: z.string(), username: z.string(), role: z.enum(['ADMIN', 'RESEARCHER']) }) }) }),
  logout: r({ method: 'POST', path: '/api/auth/logout', operationId: 'logout', access: 'public', summary: 'Sign out: ends the session of the cookie or bearer token', response: ok }),
  health: r({ method: 'GET', path: '/api/health', operationId: 'health', access: 'public', summary: 'Liveness', response: z.object({ status: z.literal('ok') }) }),
  ready: r({ method: 'GET', path: '/api/ready', operationId: 'ready', access: 'public', summary: 'Readiness: database, migrations, image store (503 naming what fails)', response: loose({ ready: z.boolean() }), errors: [503] }),
  openapi: r({ method: 'GET', path: '/api/openapi.json', operationId: 'openapi', access: 'public', summary: 'This document', response: loose({ openapi: z.string() }) }),
  listSessions: r({ method: 'GET', path: '/api/admin/sessions', operationId: 'listSessions', access: 'admin', summary: 'Signed-in sessions: who, since and until when', response: z.object({ sessions: z.array(z.object({ id: z.string(), username: z.string(), role: z.string(), createdAt: z.string(), expiresAt: z.string() })) }) }),
  revokeSession: r({ method: 'DELETE', path: '/api/admin/sessions/{sessionId}', operationId: 'revokeSession', access: 'admin', summary: 'Revoke a session: its cookie and token stop working at once', response: ok, errors: [404] }),
  adminImage: r({ method: 'GET', path: '/api/admin/images/{imageId}', operationId: 'adminImage', access: 'admin', summary: 'An image by id, unblinded (admin only)', response: { file: 'image/png' }, errors: [404] }),
  listStudies: r({ method: 'GET', path: '/api/studies', operationId: 'listStudies', access: 'staff', summary: 'Studies with their counts', response: z.object({ studies: z.array(study) }) }),
  createStudy: r({ method: 'POST', path: '/api/studies', operationId: 'createStudy', access: 'admin', summary: 'Create a study (a draft)', body: createStudyInput, parseBody: false, response: z.object({ study }), status: 201 }),
  getStudy: r({ method: 'GET', path: '/api/studies/{id}', operationId: 'getStudy', access: 'staff', summary: 'One study with its conditions', response: z.object({ study }), errors: [404] }),
  updateStudy: r({
    method: 'PATCH',
    path: '/api/studies/{id}',
    operationId: 'updateStudy',
    access: 'admin',
    summary: 'Edit a study: any field while a draft; once open only title, targetVotesPerComparison, completionCode, redirectUrl, declineCode, declineRedirectUrl, closeGraceMinutes (409 naming the others, nothing written)',
    body: updateStudyInput,
    parseBody: false,
    response: z.object({ study }),
    errors: [404, 409],
  }),
  deleteStudy: r({ method: 'DELETE', path: '/api/studies/{id}', operationId: 'deleteStudy', access: 'admin', summary: 'Delete a draft or closed study with all its data', response: loose({}), errors: [404, 409] }),
  setStatus: r({ method: 'POST', path: '/api/studies/{id}/status', operationId: 'setStatus', access: 'admin', summary: 'Open or close a study', body: studyStatusInput, response: z.object({ study }), errors: [404, 409] }),
  uploadImages: r({ method: 'POST', path: '/api/studies/{id}/images', operationId: 'uploadImages', access: 'admin', summary: 'Upload an image set (draft studies): multipart `zip`, or `manifest` plus `files`; PNG, JPEG or WebP', multipart: upload, response: z.object({ imported: loose({ conditions: z.array(z.string()), prompts: z.number(), images: z.number(), comparisons: z.number() }) }), status: 201, errors: [404, 409, 415] }),
  preview: r({ method: 'GET', path: '/api/studies/{id}/preview', operationId: 'preview', access: 'admin', summary: 'Unblinded comparisons with image URLs (admin only)', response: loose({}), errors: [404] }),
  summary: r({ method: 'GET', path: '/api/studies/{id}/summary', operationId: 'summary', access: 'staff', summary: 'Chart data and participant flow under the plan (or ?analysis=)', query: analysisQuery, response: loose({ analysisUsed: z.unknown(), summary: z.unknown(), flow: z.unknown() }), errors: [404] }),
  analysis: r({ method: 'GET', path: '/api/studies/{id}/analysis', operationId: 'analysis', access: 'staff', summary: 'Results under the plan (or ?analysis=<exploratory id>)', query: analysisQuery, response: loose({ analysisUsed: z.unknown(), answers: z.number(), analysis: z.unknown() }), errors: [404] }),
  listAnalyses: r({ method: 'GET', path: '/api/studies/{id}/analyses', operationId: 'listAnalyses', access: 'staff', summary: 'Named exploratory analyses', response: z.object({ analyses: z.array(loose({ id: z.string(), name: z.string() })) }), errors: [404] }),
  createAnalysis: r({ method: 'POST', path: '/api/studies/{id}/analyses', operationId: 'createAnalysis', access: 'staff', summary: 'Save other settings as a named exploratory analysis', body: exploratoryInput, parseBody: false, response: z.object({ analysis: loose({ id: z.string(), name: z.string() }) }), status: 201, errors: [404, 409] }),
  getPlan: r({ method: 'GET', path: '/api/studies/{id}/plan', operationId: 'getPlan', access: 'staff', summary: 'The analysis plan', response: z.object({ plan: z.unknown() }), errors: [404] }),
  setPlan: r({ method: 'PUT', path: '/api/studies/{id}/plan', operationId: 'setPlan', access: 'admin', summary: 'Replace the analysis plan while a draft (409 once frozen)', body: studySettingsSchema, parseBody: false, response: z.object({ plan: z.unknown() }), errors: [404, 409] }),
  exportFile: r({ method: 'GET', path: '/api/studies/{id}/export/{kind}', operationId: 'exportFile', access: 'staff', summary: 'Exports (docs/exports.md): votes, comparisons, participants, configurations, stats; prolific-ids admin only', query: formatQuery, response: { file: 'text/csv' }, errors: [404, 409] }),
  archive: r({ method: 'GET', path: '/api/studies/{id}/archive', operationId: 'archive', access: 'admin', summary: 'The whole study in one file (admin only: it holds the unblinded design)', response: { file: 'application/zip' }, errors: [404] }),
  pilot: r({ method: 'POST', path: '/api/studies/{id}/pilot', operationId: 'pilot', access: 'staff', summary: 'Take the study as a pilot participant (never analysed); sets the participant cookie', response: z.object({ url: z.string() }), status: 201, errors: [404] }),
  publish: r({ method: 'POST', path: '/api/studies/{id}/publish', operationId: 'publish', access: 'admin', summary: 'Publish a generated draft: comparisons from the generated images, then open', response: z.object({ study }), errors: [404, 409] }),
  excludePrompt: r({ method: 'POST', path: '/api/studies/{id}/prompts/{promptId}', operationId: 'excludePrompt', access: 'admin', summary: 'Exclude or include a prompt before publishing', body: promptInput, response: ok, errors: [404, 409] }),
  generationProgress: r({ method: 'GET', path: '/api/studies/{id}/generation', operationId: 'generationProgress', access: 'staff', summary: 'Generation progress', response: z.object({ progress: z.unknown() }) }),
  createGeneration: r({ method: 'POST', path: '/api/studies/{id}/generation', operationId: 'createGeneration', access: 'admin', summary: 'Generate the study’s images from a prompt file (multipart)', multipart: generationForm, response: z.object({ generation: z.unknown() }), status: 201, errors: [404, 409, 415] }),
  checkGeneration: r({ method: 'POST', path: '/api/studies/{id}/generation/check', operationId: 'checkGeneration', access: 'admin', summary: 'Dry run of a generation: what would be made, unknown words (writes nothing)', multipart: generationForm, response: loose({}), errors: [415] }),
  retryGeneration: r({ method: 'POST', path: '/api/studies/{id}/generation/retry', operationId: 'retryGeneration', access: 'admin', summary: 'Retry failed images (one, or all)', body: retryInput, response: loose({}), errors: [404] }),
  start: r({ method: 'POST', path: '/api/p/{slug}/start', operationId: 'start', access: 'participant', summary: 'Participant: consent and start (sets the participant cookie; rate-limited per address)', body: startInput, response: participantView, errors: [404, 409] }),
  state: r({ method: 'GET', path: '/api/p/{slug}/state', operationId: 'state', access: 'participant', summary: 'Participant: the current trial, or completion', response: participantView }),
  vote: r({ method: 'POST', path: '/api/p/{slug}/vote', operationId: 'vote', access: 'participant', summary: 'Participant: answer the current trial (idempotent per key)', body: voteInput, response: loose({ view: participantView }), errors: [404, 409] }),
  image: r({ method: 'GET', path: '/api/img/{token}', operationId: 'image', access: 'participant', summary: 'Participant: a trial image, blind (same headers for every image)', response: { file: 'image/png' }, errors: [404] }),
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_LIST: RouteSpec[] = Object.values(ROUTES);
