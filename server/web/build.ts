import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['app', 'server', 'next.config.js', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json'];
const SKIP = new Set(['generated', 'node_modules']);

/** A fingerprint of the sources a production build depends on (paths, sizes and mtimes). */
export function sourceFingerprint(root: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name));
    } else hash.update(`${path.relative(root, p)}:${stat.size}:${stat.mtimeMs}\n`);
  };
  for (const input of INPUTS) walk(path.join(root, input));
  return hash.digest('hex');
}

export function buildIsCurrent(root: string): boolean {
  const stamp = path.join(root, '.next', 'source-fingerprint');
  return fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === sourceFingerprint(root);
}

export function markBuilt(root: string): void {
  fs.writeFileSync(path.join(root, '.next', 'source-fingerprint'), sourceFingerprint(root));
}
