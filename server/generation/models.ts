import path from 'node:path';
import { closeModel, loadModel, type Model } from '../sampler';
import { readEnv } from '../env';

// One open ONNX session per model directory per process: sessions are expensive to create.
const open = new Map<string, Promise<Model>>();

export function modelFor(dir: string): Promise<Model> {
  const key = path.resolve(dir);
  let model = open.get(key);
  if (!model) {
    model = loadModel(key, { threads: readEnv().SAMPLER_THREADS });
    model.catch(() => open.delete(key));
    open.set(key, model);
  }
  return model;
}

export async function closeModels(): Promise<void> {
  for (const model of open.values()) await closeModel(await model).catch(() => {});
  open.clear();
}
