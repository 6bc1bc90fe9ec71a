/**
 * `npm run test:reliability`: the slow proofs of issue 7 kept out of `npm test`'s unit run: crash trials
 * (SIGKILL in the middle of an import and of a paste), the 10,000-input fuzz of every method, and the row check
 * on 100,000 rows. One file at a time: the crash trials time their kills against a quiet machine.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['electron/reliability/**/*.rel.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
