// Pure: the security headers of every page and API response (proxy.ts sets them on pages, next.config.js on
// the API). docs/security.md explains each.

/** Whether a path is a participant page, which FRAME_ANCESTORS may allow other sites to frame. */
export const isParticipantPage = (pathname: string) => pathname === '/s' || pathname.startsWith('/s/');

/**
 * The page CSP: scripts only from this origin or with this request's nonce (Next's inline bootstrap scripts
 * carry it), no plugins, no <base> tricks, forms and connections to this origin only. Styles allow inline
 * because React `style` attributes (charts, layout) are inline styles; no script can run from a style.
 * `frameAncestors` is what may frame the page: nothing, unless FRAME_ANCESTORS names sites for participant pages.
 */
export function pageCsp(nonce: string, frameAncestors: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors || "'none'"}`,
  ].join('; ');
}

/** The headers of a page response; X-Frame-Options only where no site may frame it (it has no allow-list). */
export function pageSecurityHeaders(pathname: string, nonce: string, frameAncestorsSetting: string, dev = false): Record<string, string> {
  // Participant pages: this app's own pages may frame them (the admin's phone-frame pilot preview), and so may
  // the sites FRAME_ANCESTORS names; every other page: nothing.
  const external = isParticipantPage(pathname) ? frameAncestorsSetting.trim() : '';
  const ancestors = isParticipantPage(pathname) ? `'self'${external ? ` ${external}` : ''}` : '';
  return {
    'Content-Security-Policy': pageCsp(nonce, ancestors, dev),
    ...(external ? {} : { 'X-Frame-Options': isParticipantPage(pathname) ? 'SAMEORIGIN' : 'DENY' }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/** API responses are data, never documents: nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The headers next.config.js adds to every API response (written out there too: next.config.js cannot import
 * TypeScript; a unit test holds the two equal). The web server's direct routes (server/http/directRoutes.ts) add
 * the same, so a participant cannot tell which way a response came.
 */
export const API_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': API_CSP,
  'X-Frame-Options': 'DENY',
};
