// Format checks for Vietnamese identifiers. Pure functions; each returns why a value is
// wrong, or null when it is well formed.

import { localYear } from '../calendar/working-time.ts';

// Province and city codes that open a 12-digit citizen identity number (CCCD), as assigned
// by the Ministry of Public Security (Circular 07/2016/TT-BCA, amended 2021).
const provinceCodes = new Set(
  (
    '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 ' +
    '042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 ' +
    '086 087 089 091 092 093 094 095 096'
  ).split(' '),
);

/** First digit after the province: gender and century of birth (0/1: 20th century, 2/3: 21st, ... 8/9: 24th). */
const centuryOf: Record<string, number> = {
  '0': 1900,
  '1': 1900,
  '2': 2000,
  '3': 2000,
  '4': 2100,
  '5': 2100,
  '6': 2200,
  '7': 2200,
  '8': 2300,
  '9': 2300,
};

export function nationalIdProblem(value: string, today: Date = new Date()): string | null {
  if (!/^\d{12}$/.test(value)) return 'must be the 12 digits of a citizen identity card (CCCD)';
  if (!provinceCodes.has(value.slice(0, 3))) return `starts with ${value.slice(0, 3)}, which is not a province code`;
  const year = (centuryOf[value[3] ?? ''] ?? 0) + Number(value.slice(4, 6));
  if (year > localYear(today)) return `encodes a birth year (${year}) in the future`;
  return null;
}

const taxWeights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** Enterprise/tax code (mã số thuế): 10 digits with a check digit, optionally `-NNN` for a branch. */
export function taxCodeProblem(value: string): string | null {
  const match = /^(\d{10})(?:-(\d{3}))?$/.exec(value);
  if (!match?.[1]) return 'must be a 10-digit tax code, optionally followed by -NNN for a branch';
  const digits = [...match[1]].map(Number);
  const sum = taxWeights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const check = 10 - (sum % 11);
  if (check !== digits[9]) return 'has a wrong check digit';
  if (match[2] === '000') return 'has branch suffix 000, which is never issued';
  return null;
}

/** Vietnamese mobile (03x, 05x, 07x, 08x, 09x) or landline (02xx) number, with 0 or +84. */
export function phoneProblem(value: string): string | null {
  return /^(?:\+84|0)(?:[35789]\d{8}|2\d{9})$/.test(value) ? null : 'must be a Vietnamese phone number such as 0905123456';
}

/** Normalises a phone number to the domestic form 0xxxxxxxxx. */
export const normalisePhone = (value: string) => value.replace(/[\s.-]/g, '').replace(/^\+84/, '0');
