/**
 * The edge's counting parts on their own, with a controlled clock: the
 * failed-auth token bucket (burst, refill, Retry-After, bounded memory), the
 * in-flight counter, and how a client address becomes a bucket key.
 */
import { describe, expect, it } from 'vitest';
import { AuthFailureThrottle } from '../../lib/server/edge/auth-throttle.ts';
import { addressKey, clientKey } from '../../lib/server/edge/client-address.ts';
import { InFlightLimit } from '../../lib/server/edge/in-flight.ts';

describe('AuthFailureThrottle', () => {
  it('allows a burst of perMinute failures, then one more every 60/perMinute seconds', () => {
    let now = 0;
    const throttle = new AuthFailureThrottle(30, { now: () => now });
    for (let i = 0; i < 30; i += 1) {
      expect(throttle.retryAfterSeconds('a')).toBe(0);
      throttle.recordFailure('a');
    }
    expect(throttle.retryAfterSeconds('a')).toBe(2);
    now += 1_000;
    expect(throttle.retryAfterSeconds('a')).toBe(1);
    now += 1_000;
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    throttle.recordFailure('a');
    expect(throttle.retryAfterSeconds('a')).toBe(2);
    expect(throttle.retryAfterSeconds('b')).toBe(0);
  });

  it('forgives an address completely after a quiet minute', () => {
    let now = 0;
    const throttle = new AuthFailureThrottle(3, { now: () => now });
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('a');
    expect(throttle.retryAfterSeconds('a')).toBe(20);
    now += 60_000;
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfterSeconds('a')).toBe(0);
      throttle.recordFailure('a');
    }
    expect(throttle.retryAfterSeconds('a')).toBeGreaterThan(0);
  });

  it('keeps at most maxAddresses buckets, dropping the least recently failed', () => {
    const throttle = new AuthFailureThrottle(1, { now: () => 0, maxAddresses: 2 });
    for (const key of ['a', 'b', 'a', 'c']) throttle.recordFailure(key);
    expect(throttle.retryAfterSeconds('a')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('c')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('b')).toBe(0);
  });
});

describe('InFlightLimit', () => {
  it('refuses past the per-address bound first, then past the total, and counts unknown addresses in the total only', () => {
    const limit = new InFlightLimit(2, 3);
    expect(limit.acquire('a')).toBeNull();
    expect(limit.acquire('a')).toBeNull();
    expect(limit.acquire('a')).toBe('address');
    expect(limit.acquire(null)).toBeNull();
    expect(limit.acquire('b')).toBe('total');
    expect(limit.acquire('a')).toBe('address');
    limit.release(null);
    expect(limit.acquire('b')).toBeNull();
    limit.release('a');
    expect(limit.acquire('a')).toBeNull();
    expect(limit.acquire('c')).toBe('total');
    limit.release('b');
    expect(limit.acquire('c')).toBeNull();
  });
});

describe('client address', () => {
  it('turns addresses into bucket keys: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by /64, garbage to null', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('[2001:DB8:0001::7]')).toBe('2001:db8:1:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    for (const bad of ['', 'evil.example', '999.1.1.1', '1:2:3', '1::2::3', 'a'.repeat(100), '1:2:3:4:5:6:7:8:9']) expect(addressKey(bad), bad).toBeNull();
  });

  it('takes X-Forwarded-For only when the proxy is trusted, and then only the entry the proxy appended', () => {
    const request = new Request('http://127.0.0.1/', { headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' } });
    expect(clientKey(request, '127.0.0.1', false)).toBe('127.0.0.1');
    expect(clientKey(request, '127.0.0.1', true)).toBe('203.0.113.9');
    expect(clientKey(new Request('http://127.0.0.1/', { headers: { 'x-forwarded-for': 'nonsense' } }), '127.0.0.1', true)).toBe('127.0.0.1');
    expect(clientKey(new Request('http://127.0.0.1/'), null, true)).toBeNull();
  });
});
