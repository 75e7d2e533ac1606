import { NextResponse, type NextRequest } from 'next/server';
import { readEnv } from './server/env';
import { pageSecurityHeaders } from './server/web/securityHeaders';

/**
 * Every page: a fresh CSP nonce (Next puts it on its own inline scripts when the request's CSP header carries
 * one, so the pages render dynamically: app/layout.tsx) and the security headers of server/web/securityHeaders.ts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const headers = pageSecurityHeaders(request.nextUrl.pathname, nonce, readEnv().FRAME_ANCESTORS, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)', missing: [{ type: 'header', key: 'next-router-prefetch' }, { type: 'header', key: 'purpose', value: 'prefetch' }] }],
};
