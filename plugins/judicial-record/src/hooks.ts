import { defineHooks, type HookFieldError } from '@egov/sdk/hooks';

// Checks the e-form cannot express: the date of birth must be a past date, and the person at
// least 14 (the age of criminal liability, Bộ luật Hình sự 2015, Art. 12), since a judicial
// record certificate states criminal records.
export default defineHooks({
  validate(formData, { today }) {
    const problems: HookFieldError[] = [];
    const born = typeof formData.dateOfBirth === 'string' ? formData.dateOfBirth : '';
    if (born >= today) problems.push({ field: 'dateOfBirth', message: 'Ngày sinh phải trước ngày hôm nay' });
    else {
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      const fourteenth = `${y - 14}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      if (born > fourteenth)
        problems.push({ field: 'dateOfBirth', message: 'Người được cấp Phiếu lý lịch tư pháp phải từ đủ 14 tuổi', code: 'TOO_YOUNG' });
    }
    return problems;
  },
});
