import { describe, expect, it } from 'vitest';
import { clientAddressOf } from '@/server/web/clientAddress';

describe('client address', () => {
  it('is the socket peer: a client-sent X-Forwarded-For cannot choose it', () => {
    expect(clientAddressOf('198.51.100.7', '1.2.3.4', false)).toBe('198.51.100.7');
    expect(clientAddressOf('198.51.100.7', ['1.2.3.4', '5.6.7.8'], false)).toBe('198.51.100.7');
    expect(clientAddressOf(undefined, undefined, false)).toBe('unknown');
  });

  it('behind a trusted proxy, the first X-Forwarded-For entry (the client the proxy saw)', () => {
    expect(clientAddressOf('10.0.0.2', '203.0.113.9, 10.0.0.1', true)).toBe('203.0.113.9');
    expect(clientAddressOf('10.0.0.2', undefined, true)).toBe('10.0.0.2');
  });
});
