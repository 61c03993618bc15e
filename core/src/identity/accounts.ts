import { Prisma } from '@egov/schema/client';
import { z } from 'zod';
import type { PrismaClient } from '../db/client.ts';
import { conflict, unauthenticated } from '../errors.ts';
import { grant } from './roles.ts';
import { nationalIdProblem, normalisePhone, phoneProblem, taxCodeProblem } from './identifiers.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { TokenSigner } from './tokens.ts';

/** `register` input rules; every problem is reported with the field it belongs to. */
export const registerSchema = z
  .object({
    kind: z.enum(['CITIZEN', 'ORGANIZATION']),
    fullName: z.string().trim().min(2, 'fullName must have at least 2 characters').max(200, 'fullName is too long'),
    nationalId: z.string().trim().nullish(),
    taxCode: z.string().trim().nullish(),
    email: z.string().trim().toLowerCase().pipe(z.email('email is not an e-mail address').max(254)),
    phone: z.string().transform(normalisePhone),
    password: z.string(),
  })
  .superRefine((input, ctx) => {
    const problem = (path: string, message: string | null) => message && ctx.addIssue({ code: 'custom', path: [path], message });
    if (input.kind === 'CITIZEN') {
      if (!input.nationalId) problem('nationalId', 'nationalId is required for a citizen');
      else problem('nationalId', nationalIdProblem(input.nationalId) && `nationalId ${nationalIdProblem(input.nationalId)}`);
      if (input.taxCode) problem('taxCode', 'a citizen account has no taxCode');
    } else {
      if (!input.taxCode) problem('taxCode', 'taxCode is required for an organization');
      else problem('taxCode', taxCodeProblem(input.taxCode) && `taxCode ${taxCodeProblem(input.taxCode)}`);
      if (input.nationalId) problem('nationalId', 'an organization account has no nationalId');
    }
    problem('phone', phoneProblem(input.phone) && `phone ${phoneProblem(input.phone)}`);
    problem('password', passwordProblem(input.password, input.email) && `password ${passwordProblem(input.password, input.email)}`);
  });

export type RegisterInput = z.output<typeof registerSchema>;

const uniqueFields = { email: 'e-mail address', nationalId: 'identity number', taxCode: 'tax code' } as const;

function duplicateField(error: unknown): keyof typeof uniqueFields | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null;
  const text = JSON.stringify(error.meta ?? {}) + error.message;
  return (Object.keys(uniqueFields) as (keyof typeof uniqueFields)[]).find((f) => text.includes(f)) ?? 'email';
}

/** What accounts need besides the database; built once by `createApp`. */
export interface AccountDeps {
  tokens: Pick<TokenSigner, 'sign'>;
  /** Counts sign-in guesses per (e-mail, address) and slows them down. */
  limiter: Pick<RateLimiter, 'guess' | 'signedIn'>;
}

/** Registration and sign-in. */
export class Accounts {
  constructor(private readonly deps: AccountDeps) {}

  /** Creates a citizen or organization account with its role; CONFLICT when the e-mail or identifier is taken. */
  async register(prisma: PrismaClient, input: RegisterInput) {
    const taken = await prisma.account.findFirst({
      where: {
        OR: [
          { email: input.email },
          ...(input.nationalId ? [{ nationalId: input.nationalId }] : []),
          ...(input.taxCode ? [{ taxCode: input.taxCode }] : []),
        ],
      },
      select: { email: true, nationalId: true, taxCode: true },
    });
    const field =
      taken &&
      (taken.email === input.email ? 'email' : taken.nationalId && taken.nationalId === input.nationalId ? 'nationalId' : 'taxCode');
    if (field) throw conflict(`An account with this ${uniqueFields[field]} already exists`, field);

    const passwordHash = await hashPassword(input.password);
    try {
      // One statement creates the account and its role, so a failure leaves nothing behind.
      const account = await prisma.account.create({
        data: {
          email: input.email,
          passwordHash,
          kind: input.kind,
          fullName: input.fullName,
          nationalId: input.nationalId || null,
          taxCode: input.taxCode || null,
          phone: input.phone,
          roleGrants: { create: grant(input.kind, null) },
        },
      });
      return { ...(await this.deps.tokens.sign(account.id)), accountId: account.id };
    } catch (error) {
      // Two registrations racing for the same e-mail: the unique index decides.
      const dup = duplicateField(error);
      if (dup) throw conflict(`An account with this ${uniqueFields[dup]} already exists`, dup);
      throw error;
    }
  }

  /**
   * Signs in with e-mail and password. Wrong credentials and unknown e-mails get the same
   * answer in about the same time. Each guess is counted for its (e-mail, client address) pair
   * before the password is checked (`RateLimiter.guess`): after a few wrong ones that pair must
   * wait longer and longer between guesses, while the owner elsewhere signs in as usual.
   */
  async login(prisma: PrismaClient, email: string, password: string, address: string) {
    const key = email.trim().toLowerCase();
    await this.deps.limiter.guess(key, address);
    const account = await prisma.account.findUnique({ where: { email: key }, select: { id: true, passwordHash: true, disabledAt: true } });
    const ok = await verifyPassword(account?.passwordHash ?? (await decoyHash()), password);
    if (!account || !ok || account.disabledAt) throw unauthenticated('Wrong e-mail or password');
    await this.deps.limiter.signedIn(key, address);
    return { ...(await this.deps.tokens.sign(account.id)), accountId: account.id };
  }
}
