export const participantCookieName = (slug: string) => `ras_p_${slug}`;

export function cookieValue(request: Request, name: string): string | undefined {
  const cookie = request.headers.get('cookie') ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  if (!match) return undefined;
  try {
    return decodeURIComponent(match.slice(name.length + 1));
  } catch {
    return undefined; // a malformed cookie is no cookie
  }
}

/** The participant's cookie; Secure whenever the request came over HTTPS (server/http/sameOrigin.ts isHttps). */
export const participantCookie = (slug: string, token: string, secure = false) =>
  `${participantCookieName(slug)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 86_400}${secure ? '; Secure' : ''}`;

/** Every participant token the request carries (one cookie per study taken in this browser). */
export function participantTokens(request: Request): string[] {
  const cookie = request.headers.get('cookie') ?? '';
  const out: string[] = [];
  for (const part of cookie.split(/;\s*/)) {
    if (!part.startsWith('ras_p_')) continue;
    const value = part.slice(part.indexOf('=') + 1);
    try {
      if (value) out.push(decodeURIComponent(value));
    } catch {
      // a malformed cookie is no cookie
    }
  }
  return out.slice(0, 20);
}
