import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

// Prisma's schema engine compiled to WebAssembly computes migration SQL without the CLI's native binary (which
// the CLI would download). Diffing a live database fails with this engine/adapter pair (it cannot read
// Postgres' "char" catalog columns), so migrations are diffs between schema texts: each migration folder keeps
// the schema.prisma it produces, and the drift test compares real databases built both ways.

export const SCHEMA_PATH = path.resolve(__dirname, '../../prisma/schema.prisma');

let ready: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  ready ??= (async () => {
    const jsPath = require.resolve('@prisma/schema-engine-wasm');
    const wasmPath = path.join(path.dirname(jsPath), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    (bg as unknown as { __wbg_set_wasm: (e: unknown) => void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return ready;
}

/**
 * SQL from one schema.prisma text (or an empty database, for null) to another. The engine only asks the
 * server at `serverUrl` for its version; nothing is read or written there.
 */
export async function diffSchemas(serverUrl: string, from: string | null, to: string): Promise<string> {
  await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: serverUrl }));
  const engine = await bg.SchemaEngine.new({ datamodels: [['schema.prisma', to]] }, () => {}, adapter);
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? '').replace(/^-- This is an empty migration\.$/m, '').trim();
  } finally {
    engine.free();
  }
}
