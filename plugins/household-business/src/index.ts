import { defineService } from '@egov/sdk';

// Đăng ký thành lập hộ kinh doanh (Nghị định 01/2021/NĐ-CP, Điều 87).
export default defineService({
  sdk: '^1.0.0',
  code: 'DNG-HCH-HKD-01',
  version: '1.0.0',
  agency: 'HCH',
  title: 'Đăng ký thành lập hộ kinh doanh',
  summary: 'Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho hộ kinh doanh đặt trụ sở trên địa bàn quận Hải Châu.',
  field: 'Thành lập và hoạt động của hộ kinh doanh',
  level: 3,
  onlineMode: 'PARTIAL',
  steps: [
    'Chủ hộ kinh doanh nộp hồ sơ trực tuyến hoặc tại Bộ phận một cửa UBND quận.',
    'Phòng Tài chính - Kế hoạch kiểm tra tính hợp lệ của hồ sơ.',
    'Cấp Giấy chứng nhận đăng ký hộ kinh doanh nếu hồ sơ hợp lệ; nếu không, thông báo bằng văn bản nội dung cần sửa đổi, bổ sung.',
    'Chủ hộ kinh doanh nộp lệ phí và nhận kết quả tại Bộ phận một cửa.',
  ],
  methods: ['Nộp trực tuyến', 'Nộp trực tiếp tại Bộ phận một cửa UBND quận Hải Châu', 'Qua dịch vụ bưu chính'],
  documents: [
    {
      name: 'Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1, Thông tư 01/2021/TT-BKHĐT)',
      originals: 1,
      copies: 0,
      required: true,
      template: 'Phụ lục III-1',
    },
    {
      name: 'Bản sao giấy tờ pháp lý của cá nhân đối với các thành viên hộ gia đình đăng ký hộ kinh doanh',
      originals: 0,
      copies: 1,
      required: true,
    },
    {
      name: 'Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu các thành viên cùng góp vốn)',
      originals: 1,
      copies: 0,
      required: false,
    },
  ],
  processingDays: 3,
  subjects: ['Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân sự đầy đủ'],
  result: { name: 'Giấy chứng nhận đăng ký hộ kinh doanh' },
  fees: [{ name: 'Lệ phí đăng ký hộ kinh doanh', inPerson: 100_000, note: 'Theo Nghị quyết của HĐND thành phố Đà Nẵng về phí, lệ phí.' }],
  requirements: [
    'Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh.',
    'Tên hộ kinh doanh không trùng với tên hộ kinh doanh đã đăng ký trong phạm vi quận.',
  ],
  legalBasis: ['Luật Doanh nghiệp số 59/2020/QH14', 'Nghị định số 01/2021/NĐ-CP về đăng ký doanh nghiệp', 'Thông tư số 01/2021/TT-BKHĐT'],
  forms: [{ code: 'Phụ lục III-1', title: 'Giấy đề nghị đăng ký hộ kinh doanh', file: 'forms/giay-de-nghi-hkd.html' }],
  form: {
    title: 'Giấy đề nghị đăng ký hộ kinh doanh',
    sections: [
      {
        key: 'business',
        title: 'Thông tin hộ kinh doanh',
        fields: [
          {
            key: 'businessName',
            label: 'Tên hộ kinh doanh',
            type: 'text',
            required: true,
            maxLength: 120,
            help: 'Gồm cụm từ "Hộ kinh doanh" và tên riêng.',
            pattern: 'Hộ kinh doanh .+',
          },
          { key: 'address', label: 'Địa điểm kinh doanh', type: 'textarea', required: true, maxLength: 300 },
          { key: 'activities', label: 'Ngành, nghề kinh doanh', type: 'textarea', required: true, maxLength: 1000 },
          { key: 'capital', label: 'Vốn kinh doanh (đồng)', type: 'number', required: true, min: 1 },
          { key: 'employees', label: 'Số lượng lao động', type: 'number', min: 0, max: 10_000 },
        ],
      },
      {
        key: 'owner',
        title: 'Chủ hộ kinh doanh',
        fields: [
          { key: 'ownerName', label: 'Họ và tên', type: 'text', required: true },
          { key: 'ownerNationalId', label: 'Số định danh cá nhân', type: 'nationalId', required: true },
          { key: 'ownerPhone', label: 'Điện thoại', type: 'phone', required: true },
          {
            key: 'idCopy',
            label: 'Bản sao giấy tờ pháp lý',
            type: 'attachment',
            required: true,
            accept: ['application/pdf', 'image/jpeg'],
            maxSizeMb: 5,
          },
        ],
      },
    ],
  },
  fixtures: [
    {
      name: 'Quán cà phê của một cá nhân',
      formData: {
        businessName: 'Hộ kinh doanh Cà phê Sông Hàn',
        address: '45 Bạch Đằng, phường Thạch Thang, quận Hải Châu',
        activities: 'Dịch vụ phục vụ đồ uống (5630)',
        capital: 150_000_000,
        employees: 3,
        ownerName: 'Lê Thị Mai',
        ownerNationalId: '048185001122',
        ownerPhone: '0935111222',
        idCopy: { name: 'cccd.pdf', type: 'application/pdf', size: 300_000 },
      },
      expect: 'accepted',
    },
    {
      name: 'Tên không có cụm "Hộ kinh doanh", vốn âm',
      formData: {
        businessName: 'Cà phê Sông Hàn',
        address: '45 Bạch Đằng',
        activities: 'Đồ uống',
        capital: -5,
        ownerName: 'Lê Thị Mai',
        ownerNationalId: '048185001122',
        ownerPhone: '0935111222',
        idCopy: { name: 'cccd.pdf', type: 'application/pdf', size: 300_000 },
      },
      expect: {
        rejected: [
          { field: 'businessName', code: 'PATTERN' },
          { field: 'capital', code: 'TOO_SMALL' },
        ],
      },
    },
  ],
});
