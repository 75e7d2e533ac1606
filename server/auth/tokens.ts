import crypto from 'node:crypto';

/** 256 random bits, URL-safe: session tokens, participant tokens, image tokens, slugs. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
