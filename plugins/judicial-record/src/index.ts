import { defineService } from '@egov/sdk';

// Cấp Phiếu lý lịch tư pháp số 1 và số 2 cho công dân Việt Nam (Luật Lý lịch tư pháp 2009).
export default defineService({
  sdk: '^1.0.0',
  code: 'DNG-STP-LLTP-01',
  version: '1.0.0',
  agency: 'STP',
  title: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
  summary: 'Cấp Phiếu lý lịch tư pháp số 1 hoặc số 2 cho công dân Việt Nam thường trú hoặc tạm trú tại Đà Nẵng.',
  field: 'Lý lịch tư pháp',
  level: 4,
  onlineMode: 'FULL',
  steps: [
    'Người yêu cầu điền tờ khai trực tuyến, đính kèm bản chụp giấy tờ tùy thân và nộp phí trực tuyến.',
    'Bộ phận tiếp nhận và trả kết quả kiểm tra, tiếp nhận hồ sơ hoặc hướng dẫn bổ sung.',
    'Sở Tư pháp tra cứu, xác minh thông tin lý lịch tư pháp với cơ quan công an và tòa án.',
    'Sở Tư pháp cấp Phiếu lý lịch tư pháp; kết quả được trả trực tuyến hoặc qua bưu chính.',
  ],
  methods: ['Nộp trực tuyến trên Cổng dịch vụ công thành phố', 'Nộp trực tiếp tại Bộ phận một cửa Sở Tư pháp', 'Qua dịch vụ bưu chính'],
  documents: [
    {
      name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)',
      originals: 1,
      copies: 0,
      required: true,
      template: 'Mẫu 03/2013/TT-LLTP',
    },
    { name: 'Bản chụp Căn cước công dân hoặc Hộ chiếu của người được cấp Phiếu', originals: 0, copies: 1, required: true },
    { name: 'Văn bản ủy quyền (trường hợp ủy quyền làm thủ tục yêu cầu cấp Phiếu số 1)', originals: 1, copies: 0, required: false },
  ],
  processingDays: 10,
  subjects: ['Công dân Việt Nam'],
  result: { name: 'Phiếu lý lịch tư pháp số 1 hoặc số 2', description: 'Bản điện tử có chữ ký số và bản giấy khi có yêu cầu.' },
  fees: [
    {
      name: 'Phí cung cấp thông tin lý lịch tư pháp',
      inPerson: 200_000,
      online: 100_000,
      note: 'Thông tư 244/2016/TT-BTC; mức thu khi nộp trực tuyến theo chính sách khuyến khích của thành phố.',
    },
    { name: 'Phí cung cấp thông tin lý lịch tư pháp cho sinh viên, người có công với cách mạng', inPerson: 100_000, online: 50_000 },
  ],
  requirements: ['Người được cấp Phiếu số 2 phải trực tiếp làm thủ tục, không được ủy quyền.'],
  legalBasis: [
    'Luật Lý lịch tư pháp số 28/2009/QH12',
    'Nghị định số 111/2010/NĐ-CP hướng dẫn Luật Lý lịch tư pháp',
    'Thông tư số 244/2016/TT-BTC về phí cung cấp thông tin lý lịch tư pháp',
  ],
  forms: [{ code: 'Mẫu 03/2013/TT-LLTP', title: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', file: 'forms/to-khai-lltp.html' }],
  hooks: 'src/hooks.ts',
  form: {
    title: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
    sections: [
      {
        key: 'applicant',
        title: 'Người được cấp Phiếu',
        fields: [
          { key: 'fullName', label: 'Họ và tên', type: 'text', required: true, maxLength: 100 },
          { key: 'dateOfBirth', label: 'Ngày sinh', type: 'date', required: true },
          {
            key: 'gender',
            label: 'Giới tính',
            type: 'select',
            required: true,
            options: [
              { value: 'M', label: 'Nam' },
              { value: 'F', label: 'Nữ' },
            ],
          },
          { key: 'nationalId', label: 'Số Căn cước công dân', type: 'nationalId', required: true },
          { key: 'residence', label: 'Nơi thường trú', type: 'textarea', required: true, maxLength: 300 },
          { key: 'phone', label: 'Số điện thoại', type: 'phone', required: true },
          { key: 'email', label: 'Thư điện tử', type: 'email' },
        ],
      },
      {
        key: 'request',
        title: 'Nội dung yêu cầu',
        fields: [
          {
            key: 'certificateType',
            label: 'Loại Phiếu',
            type: 'select',
            required: true,
            options: [
              { value: '1', label: 'Phiếu số 1' },
              { value: '2', label: 'Phiếu số 2' },
            ],
          },
          { key: 'copies', label: 'Số lượng Phiếu', type: 'number', required: true, min: 1, max: 10 },
          { key: 'purpose', label: 'Mục đích sử dụng', type: 'text', required: true, maxLength: 200 },
          {
            key: 'identityScan',
            label: 'Bản chụp CCCD/Hộ chiếu',
            type: 'attachment',
            required: true,
            accept: ['application/pdf', 'image/jpeg', 'image/png'],
            maxSizeMb: 5,
          },
        ],
      },
    ],
  },
  fixtures: [
    {
      name: 'Công dân xin Phiếu số 1 để xin việc',
      formData: {
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '1990-05-12',
        gender: 'M',
        nationalId: '048090012345',
        residence: '12 Bạch Đằng, phường Thạch Thang, quận Hải Châu, Đà Nẵng',
        phone: '0905123456',
        certificateType: '1',
        copies: 2,
        purpose: 'Bổ sung hồ sơ xin việc',
        identityScan: { name: 'cccd.pdf', type: 'application/pdf', size: 250_000 },
      },
      expect: 'accepted',
    },
    {
      name: 'Thiếu họ tên, số CCCD sai định dạng và xin 20 bản',
      formData: {
        dateOfBirth: '1990-05-12',
        gender: 'M',
        nationalId: '04809',
        residence: 'Đà Nẵng',
        phone: '0905123456',
        certificateType: '1',
        copies: 20,
        purpose: 'Xin việc',
        identityScan: { name: 'cccd.pdf', type: 'application/pdf', size: 1000 },
      },
      expect: {
        rejected: [
          { field: 'fullName', code: 'REQUIRED' },
          { field: 'nationalId', code: 'INVALID_FORMAT' },
          { field: 'copies', code: 'TOO_LARGE' },
        ],
      },
    },
  ],
});
