import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only; migrations are applied by server/db/migrate.ts (no CLI, no network).
export default defineConfig({
  schema: './prisma/schema.prisma',
});
