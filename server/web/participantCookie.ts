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

export const participantCookie = (slug: string, token: string) =>
  `${participantCookieName(slug)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 86_400}`;
