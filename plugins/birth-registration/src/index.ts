import { defineService } from '@egov/sdk';

// Đăng ký khai sinh (Luật Hộ tịch 2014, Nghị định 123/2015/NĐ-CP).
export default defineService({
  sdk: '^1.0.0',
  code: 'DNG-PTT-HT-KS-01',
  version: '1.0.0',
  agency: 'PTT',
  title: 'Đăng ký khai sinh',
  summary: 'Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam có cha, mẹ là công dân Việt Nam cư trú tại phường Thạch Thang.',
  field: 'Hộ tịch',
  level: 4,
  onlineMode: 'FULL',
  steps: [
    'Người đi đăng ký khai sinh điền tờ khai trực tuyến và đính kèm Giấy chứng sinh.',
    'Công chức tư pháp - hộ tịch kiểm tra, tiếp nhận hồ sơ hoặc hướng dẫn bổ sung.',
    'Chủ tịch UBND phường ký Giấy khai sinh; thông tin được cập nhật vào Cơ sở dữ liệu hộ tịch điện tử.',
    'Trả bản điện tử Giấy khai sinh; bản chính được nhận tại phường hoặc qua bưu chính.',
  ],
  methods: ['Nộp trực tuyến', 'Nộp trực tiếp tại Bộ phận một cửa UBND phường'],
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0, required: true, template: 'TK-KS' },
    { name: 'Giấy chứng sinh do cơ sở y tế cấp', originals: 1, copies: 0, required: true },
    { name: 'Giấy chứng nhận kết hôn của cha mẹ (nếu có)', originals: 0, copies: 1, required: false },
  ],
  processingDays: 1,
  subjects: ['Cha, mẹ, ông, bà hoặc người thân thích của trẻ em', 'Cá nhân, tổ chức đang nuôi dưỡng trẻ em'],
  result: { name: 'Giấy khai sinh (bản chính) và bản sao Giấy khai sinh nếu có yêu cầu' },
  fees: [
    {
      name: 'Lệ phí đăng ký khai sinh',
      inPerson: 0,
      online: 0,
      note: 'Miễn lệ phí khi đăng ký khai sinh đúng hạn (Luật Hộ tịch, Điều 11).',
    },
  ],
  requirements: ['Đăng ký trong thời hạn 60 ngày kể từ ngày sinh của trẻ.'],
  legalBasis: ['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 123/2015/NĐ-CP quy định chi tiết Luật Hộ tịch'],
  forms: [{ code: 'TK-KS', title: 'Tờ khai đăng ký khai sinh', file: 'forms/to-khai-khai-sinh.html' }],
  form: {
    title: 'Tờ khai đăng ký khai sinh',
    sections: [
      {
        key: 'child',
        title: 'Người được khai sinh',
        fields: [
          { key: 'childName', label: 'Họ, chữ đệm, tên', type: 'text', required: true, maxLength: 100 },
          { key: 'childBirthDate', label: 'Ngày, tháng, năm sinh', type: 'date', required: true },
          {
            key: 'childGender',
            label: 'Giới tính',
            type: 'select',
            required: true,
            options: [
              { value: 'M', label: 'Nam' },
              { value: 'F', label: 'Nữ' },
            ],
          },
          { key: 'birthPlace', label: 'Nơi sinh', type: 'text', required: true, maxLength: 200 },
          {
            key: 'birthCertificate',
            label: 'Giấy chứng sinh',
            type: 'attachment',
            required: true,
            accept: ['application/pdf', 'image/jpeg', 'image/png'],
            maxSizeMb: 5,
          },
        ],
      },
      {
        key: 'parents',
        title: 'Cha, mẹ',
        fields: [
          { key: 'motherName', label: 'Họ, chữ đệm, tên người mẹ', type: 'text', required: true },
          { key: 'motherNationalId', label: 'Số định danh cá nhân của người mẹ', type: 'nationalId', required: true },
          { key: 'fatherName', label: 'Họ, chữ đệm, tên người cha', type: 'text' },
          { key: 'fatherNationalId', label: 'Số định danh cá nhân của người cha', type: 'nationalId' },
          { key: 'declarantRelation', label: 'Quan hệ của người đi khai với người được khai sinh', type: 'text', required: true },
        ],
      },
    ],
  },
  fixtures: [
    {
      name: 'Mẹ đăng ký khai sinh cho con',
      formData: {
        childName: 'Nguyễn Minh Khang',
        childBirthDate: '2026-10-02',
        childGender: 'M',
        birthPlace: 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
        birthCertificate: { name: 'giay-chung-sinh.jpg', type: 'image/jpeg', size: 800_000 },
        motherName: 'Trần Thị Hoa',
        motherNationalId: '048195004321',
        declarantRelation: 'Mẹ',
      },
      expect: 'accepted',
    },
    {
      name: 'Giấy chứng sinh là tệp Word, thiếu tên mẹ',
      formData: {
        childName: 'Nguyễn Minh Khang',
        childBirthDate: '2026-10-02',
        childGender: 'M',
        birthPlace: 'Đà Nẵng',
        birthCertificate: { name: 'gcs.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 1000 },
        motherNationalId: '048195004321',
        declarantRelation: 'Mẹ',
      },
      expect: {
        rejected: [
          { field: 'birthCertificate', code: 'INVALID_FORMAT' },
          { field: 'motherName', code: 'REQUIRED' },
        ],
      },
    },
  ],
});
