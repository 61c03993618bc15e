import { defineService } from '@egov/sdk';

// Đăng ký kết hôn (Luật Hộ tịch 2014, Điều 18). Both parties must appear in person to sign
// the register, so the service is offered at level 2: forms online, filing at the desk.
export default defineService({
  sdk: '^1.0.0',
  code: 'DNG-PTT-HT-KH-01',
  version: '1.0.0',
  agency: 'PTT',
  title: 'Đăng ký kết hôn',
  summary: 'Đăng ký kết hôn giữa công dân Việt Nam với nhau cư trú tại phường Thạch Thang.',
  field: 'Hộ tịch',
  level: 2,
  steps: [
    'Hai bên nam, nữ tải và điền Tờ khai đăng ký kết hôn, nộp hồ sơ tại Bộ phận một cửa UBND phường.',
    'Công chức tư pháp - hộ tịch kiểm tra hồ sơ; nếu đủ điều kiện, ghi vào Sổ hộ tịch.',
    'Hai bên cùng có mặt, ký vào Sổ hộ tịch và Giấy chứng nhận kết hôn.',
  ],
  methods: ['Nộp trực tiếp tại Bộ phận một cửa UBND phường Thạch Thang'],
  documents: [
    { name: 'Tờ khai đăng ký kết hôn', originals: 1, copies: 0, required: true, template: 'TK-KH' },
    { name: 'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không cư trú)', originals: 1, copies: 0, required: false },
  ],
  processingDays: 1,
  subjects: ['Công dân Việt Nam đủ điều kiện kết hôn theo Luật Hôn nhân và gia đình'],
  result: { name: 'Giấy chứng nhận kết hôn' },
  fees: [{ name: 'Lệ phí đăng ký kết hôn', inPerson: 0, note: 'Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú ở trong nước.' }],
  requirements: [
    'Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do nam và nữ tự nguyện quyết định.',
    'Hai bên phải có mặt khi đăng ký.',
  ],
  legalBasis: ['Luật Hôn nhân và gia đình số 52/2014/QH13', 'Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 123/2015/NĐ-CP'],
  forms: [{ code: 'TK-KH', title: 'Tờ khai đăng ký kết hôn', file: 'forms/to-khai-ket-hon.html' }],
  fixtures: [],
});
