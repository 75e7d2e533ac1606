import { env } from '../env';
import { HttpError, badRequest } from '../http/errors';
import { readZipBundle, type UploadBundle } from './zip';

/**
 * Reads an image-set upload from a multipart request: either one `zip` file (manifest inside), or a `manifest`
 * file (CSV or JSON) plus the image `files`.
 */
export async function readUploadRequest(request: Request): Promise<UploadBundle> {
  const limit = env().MAX_UPLOAD_MB * 1024 * 1024;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw new HttpError(413, `Upload too large: ${(declared / 1048576).toFixed(1)} MB, the limit is ${env().MAX_UPLOAD_MB} MB`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest('Expected a multipart/form-data upload with a zip, or a manifest and image files');
  }
  const zip = form.get('zip');
  if (zip instanceof File && zip.size > 0) return readZipBundle(new Uint8Array(await zip.arrayBuffer()));
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
