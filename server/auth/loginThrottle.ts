import { HttpError } from '../http/errors';

/**
 * Failed sign-ins, counted per account and per client address. The first `free` failures cost nothing; each
 * further one locks the key for `baseSeconds · 2^(n − free)`, at most `maxSeconds`. While a key is locked every
 * attempt is refused with 429 and the reason, the right password included; a success clears the account's count.
 * Counts are forgotten `windowSeconds` after the last failure. In memory: one web server process (npm start).
 */
export interface ThrottleRule {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  windowSeconds: number;
}

export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseSeconds: 2, maxSeconds: 15 * 60, windowSeconds: 60 * 60 };
export const ADDRESS_RULE: ThrottleRule = { free: 20, baseSeconds: 2, maxSeconds: 15 * 60, windowSeconds: 60 * 60 };

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export class LoginThrottle {
  private readonly accounts = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly accountRule = ACCOUNT_RULE,
    private readonly addressRule = ADDRESS_RULE,
  ) {}

  /** Throws 429 naming the reason and the wait when either the account or the address is locked. */
  assertAllowed(username: string, address: string): void {
    const account = this.waitSeconds(this.accounts, username.toLowerCase(), this.accountRule);
    const from = this.waitSeconds(this.addresses, address, this.addressRule);
    if (account > 0) throw locked(`Too many failed sign-ins for this account: try again in ${account} s`, account);
    if (from > 0) throw locked(`Too many failed sign-ins from your network address: try again in ${from} s`, from);
  }

  recordFailure(username: string, address: string): void {
    this.fail(this.accounts, username.toLowerCase(), this.accountRule);
    this.fail(this.addresses, address, this.addressRule);
    if (this.accounts.size + this.addresses.size > 100_000) this.prune();
  }

  recordSuccess(username: string): void {
    this.accounts.delete(username.toLowerCase());
  }

  private waitSeconds(map: Map<string, Entry>, key: string, rule: ThrottleRule): number {
    const entry = map.get(key);
    if (!entry) return 0;
    const now = this.now();
    if (now - entry.lastFailure > rule.windowSeconds * 1000) {
      map.delete(key);
      return 0;
    }
    return entry.lockedUntil > now ? Math.ceil((entry.lockedUntil - now) / 1000) : 0;
  }

  private fail(map: Map<string, Entry>, key: string, rule: ThrottleRule): void {
    const now = this.now();
    const previous = map.get(key);
    const entry = previous && now - previous.lastFailure <= rule.windowSeconds * 1000 ? previous : { failures: 0, lockedUntil: 0, lastFailure: now };
    entry.failures += 1;
    entry.lastFailure = now;
    if (entry.failures > rule.free) {
      const seconds = Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** (entry.failures - rule.free - 1));
      entry.lockedUntil = now + seconds * 1000;
    }
    map.set(key, entry);
  }

  private prune(): void {
    const now = this.now();
    for (const [map, rule] of [[this.accounts, this.accountRule], [this.addresses, this.addressRule]] as const) {
      for (const [key, e] of map) if (now - e.lastFailure > rule.windowSeconds * 1000) map.delete(key);
    }
  }
}

function locked(message: string, seconds: number) {
  return new HttpError(429, message, { retryAfterSeconds: seconds }, 'too_many_requests', { 'Retry-After': String(seconds) });
}

let shared: LoginThrottle | undefined;
/** The process's throttle (tests may replace it with resetLoginThrottle). */
export function loginThrottle(): LoginThrottle {
  shared ??= new LoginThrottle();
  return shared;
}
export function resetLoginThrottle(throttle?: LoginThrottle): void {
  shared = throttle;
}
