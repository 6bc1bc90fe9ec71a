/**
 * The headless host in a process of its own, for the crash trials (crash.rel.ts), which SIGKILL it: the same
 * startup as `npm run cli -- serve` (workspace lock, open with its checks, startHttpHost) without needing a
 * built renderer. Prints one JSON line `{ url, pid }` when it listens; the caller logs in over HTTP.
 *
 *   node --import tsx electron/reliability/host-child.ts <workspace dir> <token> <renderer dir>
 */
import { acquireWorkspaceLock } from '../../db/workspace/lock';
import { openWorkspace } from '../../db/workspace/workspace';
import { startHttpHost } from '../host/http';

async function main() {
  const [dir, token, rendererDir] = process.argv.slice(2);
  acquireWorkspaceLock(dir); // never released: the process is killed, and the next opener takes the lock over
  const ws = await openWorkspace(dir, { create: false });
  const host = await startHttpHost({ ws, rendererDir, port: 0, token });
  process.stdout.write(`${JSON.stringify({ url: host.url, pid: process.pid })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
