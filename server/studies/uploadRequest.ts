import { env } from '../env';
import { HttpError, badRequest } from '../http/errors';
import { readBodyBytes } from '../http/input';
import { readZipBundle, type UploadBundle } from './zip';

/**
 * A multipart form read with at most `maxBytes` as it streams in (with or without Content-Length: a chunked
 * upload cannot get past the limit), then parsed; not multipart or broken → 400 with `notAForm`.
 */
export async function readBoundedForm(request: Request, maxBytes: number, what: string, notAForm: string): Promise<FormData> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;.*boundary=/i.test(type)) throw new HttpError(415, notAForm);
  const bytes = await readBodyBytes(request, maxBytes, what);
  try {
    return await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw badRequest(notAForm);
  }
}

/**
 * Reads an image-set upload from a multipart request: either one `zip` file (manifest inside), or a `manifest`
 * file (CSV or JSON) plus the image `files`.
 */
export async function readUploadRequest(request: Request): Promise<UploadBundle> {
  const limit = env().MAX_UPLOAD_MB * 1024 * 1024;
  const form = await readBoundedForm(request, limit, 'Upload', 'Expected a multipart/form-data upload with a zip, or a manifest and image files');
  const zip = form.get('zip');
  if (zip instanceof File && zip.size > 0) return readZipBundle(new Uint8Array(await zip.arrayBuffer()), limit);
  const manifest = form.get('manifest');
  if (!(manifest instanceof File) || manifest.size === 0) throw badRequest('The upload needs a zip file, or a manifest file with the images');
  const files = new Map<string, Buffer>();
  let total = manifest.size;
  for (const entry of form.getAll('files')) {
    if (!(entry instanceof File)) continue;
    total += entry.size;
    if (total > limit) throw new HttpError(413, `Upload too large: the limit is ${env().MAX_UPLOAD_MB} MB`);
    files.set(entry.name, Buffer.from(await entry.arrayBuffer()));
  }
  return {
    manifestText: await manifest.text(),
    manifestFormat: manifest.name.toLowerCase().endsWith('.json') ? 'json' : 'csv',
    files,
  };
}
