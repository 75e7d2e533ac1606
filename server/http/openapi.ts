import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { createStudyInput, loginInput, studyStatusInput, updateStudyInput, voteInput } from '../studies/schemas';

// Generated from the same zod schemas the handlers use; served at /api/openapi.json.

const error = { description: 'Error: { error: message, details? }', content: { 'application/json': { schema: z.object({ error: z.string(), details: z.unknown().optional() }) } } };
const json = (description: string) => ({ description, content: { 'application/json': { schema: z.unknown() } } });
const id = z.object({ id: z.string() });
const slug = z.object({ slug: z.string() });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const admin: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];

export function openApiDocument() {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' });
  r.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'ras_session' });
  r.registerPath({ method: 'post', path: '/api/auth/login', summary: 'Sign in (sets the session cookie, returns a bearer token)', request: body(loginInput), responses: { 200: json('token and user'), 401: error } });
  r.registerPath({ method: 'post', path: '/api/auth/logout', summary: 'Sign out', responses: { 200: json('ok') } });
  r.registerPath({ method: 'get', path: '/api/studies', summary: 'List studies (admin, researcher)', security: admin, responses: { 200: json('studies with counts'), 401: error, 403: error } });
  r.registerPath({ method: 'post', path: '/api/studies', summary: 'Create a study (admin)', security: admin, request: body(createStudyInput), responses: { 201: json('the study'), 400: error, 401: error, 403: error } });
  r.registerPath({ method: 'get', path: '/api/studies/{id}', summary: 'One study with its conditions', security: admin, request: { params: id }, responses: { 200: json('the study'), 404: error } });
  r.registerPath({
    method: 'patch',
    path: '/api/studies/{id}',
    summary: 'Edit a study (admin): any field while a draft; once open only title, targetVotesPerComparison, completionCode, redirectUrl, declineCode, declineRedirectUrl, closeGraceMinutes (409 with the reason for any other change, nothing written)',
    security: admin,
    request: { params: id, ...body(updateStudyInput) },
    responses: { 200: json('the study'), 400: error, 409: error },
  });
  r.registerPath({ method: 'delete', path: '/api/studies/{id}', summary: 'Delete a draft or closed study with all its data (admin)', security: admin, request: { params: id }, responses: { 200: json('deleted'), 409: error } });
  r.registerPath({ method: 'post', path: '/api/studies/{id}/pilot', summary: 'Take the study as a pilot participant (admin, researcher): sets the participant cookie; pilot answers are never analysed or exported', security: admin, request: { params: id }, responses: { 201: json('{ url }'), 400: error } });
  r.registerPath({
    method: 'post',
    path: '/api/studies/{id}/images',
    summary: 'Upload an image set (admin, draft studies): multipart with `zip` (holding manifest.csv or manifest.json and the images), or `manifest` plus `files`. Manifest columns: prompt, seed, condition, file, optional tags (; separated), generation_ms, config (JSON).',
    security: admin,
    request: { params: id, body: { content: { 'multipart/form-data': { schema: z.object({ zip: z.string().optional(), manifest: z.string().optional(), files: z.array(z.string()).optional() }) } } } },
    responses: { 201: json('counts of conditions, prompts, images, comparisons'), 400: error, 409: error, 413: error },
  });
  r.registerPath({ method: 'post', path: '/api/studies/{id}/status', summary: 'Open or close a study (admin)', security: admin, request: { params: id, ...body(studyStatusInput) }, responses: { 200: json('the study'), 400: error, 409: error } });
  r.registerPath({ method: 'get', path: '/api/studies/{id}/preview', summary: 'Unblinded comparisons with image URLs (admin, researcher)', security: admin, request: { params: id }, responses: { 200: json('comparisons') } });
  r.registerPath({ method: 'get', path: '/api/studies/{id}/summary', summary: 'Counts and 5-level distributions (admin, researcher)', security: admin, request: { params: id }, responses: { 200: json('summary') } });
  r.registerPath({ method: 'get', path: '/api/studies/{id}/export/prolific-ids', summary: 'Raw PROLIFIC_PIDs (admin only; studies that opted in with exportProlificIds)', security: admin, request: { params: id, query: z.object({ format: z.enum(['csv', 'json']).optional() }) }, responses: { 200: json('CSV or JSON rows'), 403: error, 409: error } });
  r.registerPath({ method: 'get', path: '/api/studies/{id}/export/votes', summary: 'Votes, one row per vote (docs/exports.md)', security: admin, request: { params: id, query: z.object({ format: z.enum(['csv', 'json']).optional() }) }, responses: { 200: json('CSV or JSON rows') } });
  r.registerPath({ method: 'post', path: '/api/p/{slug}/start', summary: 'Participant: consent and start (sets the participant cookie)', request: { params: slug, ...body(z.object({ consent: z.literal(true), params: z.record(z.string(), z.string()).optional() })) }, responses: { 200: json('participant view'), 409: error } });
  r.registerPath({ method: 'get', path: '/api/p/{slug}/state', summary: 'Participant: current trial, or completion', request: { params: slug }, responses: { 200: json('participant view') } });
  r.registerPath({ method: 'post', path: '/api/p/{slug}/vote', summary: 'Participant: answer the current trial (idempotent per key)', request: { params: slug, ...body(voteInput) }, responses: { 200: json('result and next view'), 409: error } });
  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'RAS Eval API', version: '1.0.0', description: 'Admin, researcher and participant API of the RAS human-evaluation platform.' },
  });
}
