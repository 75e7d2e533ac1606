import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { env } from '../env';
import { HttpError } from '../http/errors';

// Per web process: with several servers behind a proxy each allows START_RATE_LIMIT (docs/security.md).
let limiter: RateLimiterMemory | null | undefined;

function startLimiter(): RateLimiterMemory | null {
  if (limiter === undefined) {
    const perMinute = env().START_RATE_LIMIT;
    limiter = perMinute === 0 ? null : new RateLimiterMemory({ points: perMinute, duration: 60 });
  }
  return limiter;
}

/** Counts a participant start from `address`; over START_RATE_LIMIT a minute → 429 with the wait. */
export async function limitStarts(address: string): Promise<void> {
  const l = startLimiter();
  if (!l) return;
  try {
    await l.consume(address);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.ceil(error.msBeforeNext / 1000);
    throw new HttpError(429, `Too many new sessions from your network: please wait ${seconds} s and try again`, { retryAfterSeconds: seconds });
  }
}
