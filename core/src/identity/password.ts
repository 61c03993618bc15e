import { hash, verify } from '@node-rs/argon2';

// Argon2id, memory-hard (OWASP's first choice): 19 MiB, 2 passes, 1 lane.
const options = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword('decoy password that matches nothing'));

const common = new Set([
  'password',
  'password1',
  'password123',
  '123456789',
  '1234567890',
  'qwertyuiop',
  'abc123456',
  'matkhau',
  'matkhau123',
  'admin123',
  'iloveyou',
  'vietnam123',
  'danang123',
  '11111111',
  '12345678',
  'qwerty123',
]);

/** Why a password is too weak, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 10) return 'must have at least 10 characters';
  if (password.length > 200) return 'must have at most 200 characters';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'must mix at least three of: lower-case letters, upper-case letters, digits, symbols';
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'is a commonly used password';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'must not contain your e-mail name';
  return null;
}
