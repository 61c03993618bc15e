import { jwtVerify, SignJWT } from 'jose';

const issuer = 'danang-egov';
const algorithm = 'HS256';

export interface TokenSigner {
  sign(accountId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The account id of a valid token, or null for a bad, forged or expired one. */
  verify(token: string): Promise<string | null>;
  /** The account id and expiry of a valid sign-in token, or null. */
  verifySession(token: string): Promise<{ accountId: string; expiresAt: Date } | null>;
  /** A short-lived token for one resource (a download link), not usable as a sign-in token. */
  signLink(accountId: string, resource: string, ttlSeconds: number): Promise<string>;
  /** The account id of a valid link token for exactly this resource, or null. */
  verifyLink(token: string, resource: string): Promise<string | null>;
}

export function createTokenSigner(secret: string, ttlSeconds: number, now: () => Date = () => new Date()): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(accountId) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: algorithm })
        .setSubject(accountId)
        .setIssuer(issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      return (await this.verifySession(token))?.accountId ?? null;
    },
    async verifySession(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, algorithms: [algorithm], currentDate: now(), requiredClaims: ['exp'] });
        // Link tokens carry an audience; they never sign anyone in.
        return typeof payload.sub === 'string' && payload.aud === undefined
          ? { accountId: payload.sub, expiresAt: new Date(payload.exp! * 1000) }
          : null;
      } catch {
        return null;
      }
    },
    async signLink(accountId, resource, ttl) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: algorithm })
        .setSubject(accountId)
        .setIssuer(issuer)
        .setAudience(`link:${resource}`)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .sign(key);
    },
    async verifyLink(token, resource) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer,
          audience: `link:${resource}`,
          algorithms: [algorithm],
          currentDate: now(),
        });
        return typeof payload.sub === 'string' ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
