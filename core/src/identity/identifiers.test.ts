import { describe, expect, it } from 'vitest';
import { nationalIdProblem, normalisePhone, phoneProblem, taxCodeProblem } from './identifiers.ts';

const today = new Date('2026-11-28T00:00:00Z');

describe('nationalIdProblem (CCCD)', () => {
  it('accepts 12 digits opening with a province code and a past birth year', () => {
    expect(nationalIdProblem('048090012345', today)).toBeNull(); // Đà Nẵng, male, 1990
    expect(nationalIdProblem('079305000001', today)).toBeNull(); // Hồ Chí Minh City, female, 2005
    // The year is Đà Nẵng's: at 01:00 on 1 January there (18:00 UTC the day before) it is the new one.
    expect(nationalIdProblem('048227000001', new Date('2026-12-31T18:00:00Z'))).toBeNull();
    expect(nationalIdProblem('048227000001', new Date('2026-12-31T16:00:00Z'))).toContain('in the future');
  });
  it.each([
    ['04809001234', 'must be the 12 digits'],
    ['04809001234a', 'must be the 12 digits'],
    ['003090012345', 'not a province code'], // 003 was never assigned
    ['097090012345', 'not a province code'],
    ['048299012345', 'in the future'], // born 2099
    ['048890000001', 'in the future'], // 8: the 24th century
  ])('refuses %s', (value, message) => {
    expect(nationalIdProblem(value, today)).toContain(message);
  });
});

describe('taxCodeProblem (mã số thuế)', () => {
  it('accepts codes with a correct check digit, with or without a branch suffix', () => {
    expect(taxCodeProblem('0100109106')).toBeNull();
    expect(taxCodeProblem('0401234566')).toBeNull();
    expect(taxCodeProblem('0401234566-001')).toBeNull();
  });
  it('refuses a wrong check digit, a bad shape and branch 000', () => {
    expect(taxCodeProblem('0100109107')).toContain('check digit');
    expect(taxCodeProblem('010010910')).toContain('10-digit');
    expect(taxCodeProblem('0401234566-000')).toContain('000');
  });
});

describe('phone numbers', () => {
  it('accepts Vietnamese mobiles and landlines in either prefix and normalises them', () => {
    expect(phoneProblem('0905123456')).toBeNull();
    expect(phoneProblem('+84905123456')).toBeNull();
    expect(phoneProblem('02363822220')).toBeNull();
    expect(normalisePhone('+84 905.123-456')).toBe('0905123456');
  });
  it('refuses other numbers', () => {
    expect(phoneProblem('0105123456')).not.toBeNull();
    expect(phoneProblem('12025550100')).not.toBeNull();
  });
});
