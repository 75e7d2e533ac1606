import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { importImageSet } from '@/server/studies/importImages';
import { readUploadRequest } from '@/server/studies/uploadRequest';

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const bundle = await readUploadRequest(request);
  return Response.json({ imported: await importImageSet((await params).id, bundle) }, { status: 201 });
});
