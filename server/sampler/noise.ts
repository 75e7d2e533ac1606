import { normals } from './prng';
import { patchify, type Geometry } from './tokens';

/**
 * The initial sample x_T = ε for `seed`: standard normals drawn in image layout [H, W, C] (normal i is
 * element i of the row-major, channels-last image), then patchified. The image layout keeps the noise
 * independent of the patch size: two models with the same H, W, C start from the same picture of noise.
 */
export function initialNoise(seed: number, g: Geometry): Float32Array {
  const image = normals(seed, g.height * g.width * g.channels, 0);
  return patchify(image, g);
}
