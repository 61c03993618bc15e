/**
 * Folds Vietnamese text for matching with or without diacritics: lower case, tone marks and
 * vowel marks removed, đ → d, runs of spaces and punctuation collapsed.
 * `foldVietnamese('Lý lịch Tư pháp')` → `'ly lich tu phap'`.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
