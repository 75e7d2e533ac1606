// A client generated from the OpenAPI document (server/http/openapi.ts): one function per operationId, so a
// script or test calls `api.createStudy({ body })` and the method, path and encoding come from the document.

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body (operations with an application/json request body). */
  body?: unknown;
  /** Multipart fields (operations with a multipart/form-data request body). */
  form?: FormData;
}

export interface CallResult {
  status: number;
  /** Parsed JSON, or the raw bytes of a file response. */
  data: unknown;
  headers: Headers;
}

type Doc = { paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, unknown> } }>> };

export function generatedClient(doc: Doc, baseUrl: string, fetchFn: (request: Request) => Promise<Response>, token?: string) {
  const operations: Record<string, (input?: CallInput) => Promise<CallResult>> = {};
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const jsonBody = Boolean(op.requestBody?.content['application/json']);
      operations[op.operationId] = async (input = {}) => {
        const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const value = input.params?.[name];
          if (value === undefined) throw new Error(`${op.operationId}: path parameter ${name} is required`);
          return encodeURIComponent(value);
        });
        const url = new URL(path, baseUrl);
        for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        let body: BodyInit | undefined;
        if (input.form) body = input.form;
        else if (jsonBody || input.body !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(input.body ?? {});
        }
        const response = await fetchFn(new Request(url, { method: method.toUpperCase(), headers, body }));
        const type = response.headers.get('content-type') ?? '';
        const data = type.includes('application/json') ? await response.json() : new Uint8Array(await response.arrayBuffer());
        return { status: response.status, data, headers: response.headers };
      };
    }
  }
  return operations;
}
