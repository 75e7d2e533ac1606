import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { importImageSet } from '@/server/studies/importImages';
import { readUploadRequest } from '@/server/studies/uploadRequest';

export const POST = handle(ROUTES.uploadImages, async ({ request, params }) => {
  const bundle = await readUploadRequest(request);
  return { imported: await importImageSet(params.id!, bundle) };
});
