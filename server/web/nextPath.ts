// Pure (no server imports): used by the login page on the server and again by the form in the browser.

/** Where a successful sign-in may send the browser: a path on this site only, else /admin. */
export function safeNextPath(next: string | undefined | null): string {
  if (typeof next !== 'string' || next.length > 2000) return '/admin';
  // One leading slash, then no second slash or backslash (// and /\ are other hosts to a browser), and no
  // control characters or whitespace at all (browsers drop tab/newline, making /\t/evil into //evil).
  if (!/^\/(?![/\\])/.test(next) || /[\u0000-\u0020\u007F\\]/.test(next)) return '/admin';
  // Percent-encoded slashes, backslashes or controls could be decoded into the same tricks along the way.
  if (/%(2f|5c|0[0-9a-f]|1[0-9a-f]|7f|20)/i.test(next)) return '/admin';
  try {
    const resolved = new URL(next, 'http://same.invalid');
    if (resolved.host !== 'same.invalid') return '/admin';
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return '/admin';
  }
}
