import { describe, expect, it } from 'vitest';
import { foldVietnamese } from './vietnamese.ts';

describe('foldVietnamese', () => {
  it('removes tone and vowel marks, maps đ to d and lower-cases', () => {
    expect(foldVietnamese('Cấp Phiếu lý lịch Tư pháp')).toBe('cap phieu ly lich tu phap');
    expect(foldVietnamese('ĐĂNG KÝ KẾT HÔN')).toBe('dang ky ket hon');
    expect(foldVietnamese('Sở Thông tin và Truyền thông, Đà Nẵng')).toBe('so thong tin va truyen thong da nang');
  });
  it('gives the same result for precomposed and decomposed input', () => {
    expect(foldVietnamese('Hộ tịch'.normalize('NFD'))).toBe(foldVietnamese('Hộ tịch'.normalize('NFC')));
  });
  it('collapses punctuation and spaces', () => {
    expect(foldVietnamese('  DNG-STP-LLTP-01 / giấy   phép ')).toBe('dng stp lltp 01 giay phep');
  });
});
