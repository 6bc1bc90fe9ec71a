/**
 * Hash routes (`#/toilets`): the console is a single page served from a file or a local host, no server routing.
 * A route may carry a query (`#/toilets?drill=…`, `#/dashboard?from=…`): the path picks the screen, the query is
 * the screen's own state, so a link or a reload shows the same view.
 */
import { useEffect, useMemo, useState } from 'react';

function currentHash(): { path: string; query: string } {
  const hash = window.location.hash.replace(/^#/, '');
  const at = hash.indexOf('?');
  const path = at < 0 ? hash : hash.slice(0, at);
  return { path: path.startsWith('/') ? path : '/', query: at < 0 ? '' : hash.slice(at + 1) };
}

function useHash<T>(pick: (h: { path: string; query: string }) => T): T {
  const [value, setValue] = useState(() => pick(currentHash()));
  useEffect(() => {
    const onChange = () => setValue(pick(currentHash()));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
    // `pick` is one of the two module-level functions below: it never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}

const pickPath = (h: { path: string }) => h.path;
const pickQuery = (h: { query: string }) => h.query;

/** The screen's path, without the query. */
export function useHashPath(): string {
  return useHash(pickPath);
}

/** The route's query; the same object until the query text changes (safe as an effect dependency). */
export function useHashQuery(): URLSearchParams {
  const query = useHash(pickQuery);
  return useMemo(() => new URLSearchParams(query), [query]);
}

export function navigate(path: string) {
  window.location.hash = path;
}
