import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { clientAddress } from './client-address.ts';

/** How much of the server one client address may hold at once (`HTTP_*` settings). */
export interface AdmissionLimits {
  /** Open HTTP connections from one address (the socket's peer). @default 100 */
  maxConnectionsPerAddress: number;
  /** Requests of one client address being answered at once. @default 32 */
  maxRequestsPerAddress: number;
  /** Multipart bodies being read at once, by their Content-Length, all clients together. @default 256 MiB */
  maxUploadBytes: number;
  /** The same, for one client address; at least the largest multipart body (60 MiB). @default 64 MiB */
  maxUploadBytesPerAddress: number;
}

export const defaultAdmissionLimits: AdmissionLimits = {
  maxConnectionsPerAddress: 100,
  maxRequestsPerAddress: 32,
  maxUploadBytes: 256 * 1024 * 1024,
  maxUploadBytesPerAddress: 64 * 1024 * 1024,
};

/** A refusal before the request is read: status, code, message, and seconds to wait. */
export interface Refusal {
  status: 429 | 503;
  code: 'RATE_LIMITED' | 'SERVER_BUSY';
  message: string;
  retryAfter: number;
}

/** Amounts held per key (connections, requests, bytes), forgotten at zero. */
export class Tally {
  readonly #held = new Map<string, number>();
  get(key: string): number {
    return this.#held.get(key) ?? 0;
  }
  add(key: string, n: number): void {
    const total = this.get(key) + n;
    if (total > 0) this.#held.set(key, total);
    else this.#held.delete(key);
  }
}

/**
 * What the server lets in before any work is done for it, so that one client (an address)
 * cannot hold what all share: its open connections, its requests in flight (a burst of
 * thousands pipelined on a few connections answers 429 at once instead of queueing), and the
 * memory of multipart bodies, which are read whole before the operation runs. Each is released
 * when its connection or answer closes.
 *
 * Behind reverse proxies (`TRUST_PROXY_HOPS` > 0) every connection comes from a proxy, so
 * connections are not counted per address here (the proxy should limit them); requests and
 * uploads are, by the client address the proxy gives.
 */
export class Admission {
  readonly #connections = new Tally();
  readonly #requests = new Tally();
  readonly #uploads = new Tally();
  #uploadBytes = 0;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly trustProxyHops: number,
  ) {}

  /** Counts a new connection; false when its address has too many open (close it). */
  connection(socket: Socket): boolean {
    if (this.trustProxyHops > 0) return true;
    const address = clientAddress({ socket, headers: {} } as unknown as IncomingMessage, 0);
    if (this.#connections.get(address) >= this.limits.maxConnectionsPerAddress) return false;
    this.#connections.add(address, 1);
    socket.once('close', () => this.#connections.add(address, -1));
    return true;
  }

  /** Counts a request (and its upload) until its answer closes; a refusal when over a limit. */
  request(req: IncomingMessage, res: ServerResponse): Refusal | null {
    const address = clientAddress(req, this.trustProxyHops);
    if (this.#requests.get(address) >= this.limits.maxRequestsPerAddress) {
      return { status: 429, code: 'RATE_LIMITED', message: 'Too many requests at once from this client; try again in 1 s', retryAfter: 1 };
    }
    const multipart = /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');
    const length = Number(req.headers['content-length'] ?? 0);
    // (A body larger than any upload may be is refused unread with 413, by use-request-limits.ts.)
    const bytes = multipart && Number.isSafeInteger(length) && length > 0 && length <= this.limits.maxUploadBytesPerAddress ? length : 0;
    if (bytes > 0) {
      if (this.#uploads.get(address) + bytes > this.limits.maxUploadBytesPerAddress) {
        return {
          status: 429,
          code: 'RATE_LIMITED',
          message: 'Too many uploads at once from this client; try again when one is done',
          retryAfter: 5,
        };
      }
      if (this.#uploadBytes + bytes > this.limits.maxUploadBytes) {
        return { status: 503, code: 'SERVER_BUSY', message: 'The server is taking many uploads at once; try again shortly', retryAfter: 5 };
      }
    }
    this.#requests.add(address, 1);
    this.#uploads.add(address, bytes);
    this.#uploadBytes += bytes;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.#requests.add(address, -1);
      this.#uploads.add(address, -bytes);
      this.#uploadBytes -= bytes;
      this.#pending.get(req.socket)?.delete(release);
    };
    // Released when the answer closes, or its connection does: the answers of pipelined
    // requests still queued when a client hangs up never close themselves.
    res.once('close', release);
    this.#releaseWith(req.socket, release);
    return null;
  }

  /** Releases still held for each socket, released all when it closes (one listener a socket). */
  readonly #pending = new WeakMap<object, Set<() => void>>();
  #releaseWith(socket: Socket, release: () => void): void {
    let pending = this.#pending.get(socket);
    if (!pending) {
      const set = new Set<() => void>();
      this.#pending.set(socket, (pending = set));
      socket.once('close', () => [...set].forEach((r) => r()));
    }
    pending.add(release);
  }

  /** What is held now (for tests and metrics). */
  get uploadBytes(): number {
    return this.#uploadBytes;
  }
}
