// Pure: where a participant may be sent on. Only http(s) URLs; javascript:, data:, file:, vbscript: and the
// rest (a stored XSS on the thank-you page otherwise) are refused at input and dropped again when redirecting.

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '';
  } catch {
    return false;
  }
}

/** The URL when it is http(s), else null (an old row stored before the input check, say). */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  return value && isHttpUrl(value) ? value : null;
}
