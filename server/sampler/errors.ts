/** A request the sampler refuses before any compute: bad model directory, manifest, prompt or configuration. */
export class SamplerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SamplerInputError';
  }
}
