import { isIP } from 'node:net';

/** What a Node request looks like to us (Yoga puts it in the server context as `req`). */
export interface NodeRequest {
  socket?: { remoteAddress?: string | undefined };
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The client's address: the peer of the socket, or, behind `trustProxyHops` reverse proxies
 * of our own, the address the outermost of them saw (the entry that many from the right of
 * `X-Forwarded-For`; entries further left are whatever the client claimed). `unknown` when
 * there is no socket (in-process calls).
 */
export function clientAddress(req: NodeRequest | undefined, trustProxyHops: number): string {
  const peer = normalize(req?.socket?.remoteAddress);
  if (trustProxyHops === 0 || !peer) return peer ?? 'unknown';
  const header = req?.headers?.['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The entry our nearest proxy wrote (as `1.2.3.4`, `1.2.3.4:5678` or `[2001:db8::1]:5678`);
  // never one further left, which the client itself may have written.
  const entry = hops[hops.length - trustProxyHops];
  return normalize(entry) ?? normalize(withoutPort(entry)) ?? peer;
}

function withoutPort(entry: string | undefined): string | undefined {
  const m = entry ? /^\[([0-9a-fA-F:.]+)\](?::\d+)?$|^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry) : null;
  return m ? (m[1] ?? m[2]) : undefined;
}

function normalize(address: string | undefined): string | null {
  if (!address) return null;
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!isIP(plain)) return null;
  // A whole IPv6 /64 is usually one customer: count it as one client.
  return isIP(plain) === 6 ? `${expand(plain).slice(0, 4).join(':')}::/64` : plain;
}

function expand(ipv6: string): string[] {
  const [head = '', tail] = ipv6.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right].map((g) => g.toLowerCase());
}
