import { defineService } from '@egov/sdk';

// Cấp giấy phép xây dựng nhà ở riêng lẻ (Luật Xây dựng 2014, sửa đổi 2020; Nghị định 15/2021/NĐ-CP).
export default defineService({
  sdk: '^1.0.0',
  code: 'DNG-STR-XD-GPXD-01',
  version: '1.0.0',
  agency: 'STR',
  title: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
  summary: 'Cấp giấy phép xây dựng mới nhà ở riêng lẻ trên địa bàn quận Sơn Trà.',
  field: 'Hoạt động xây dựng',
  level: 3,
  onlineMode: 'PARTIAL',
  steps: [
    'Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép xây dựng trực tuyến hoặc tại Bộ phận một cửa UBND quận.',
    'Phòng Quản lý đô thị kiểm tra hồ sơ, thẩm định và kiểm tra thực địa.',
    'UBND quận cấp giấy phép xây dựng hoặc trả lời bằng văn bản lý do không cấp.',
    'Chủ đầu tư nộp lệ phí và nhận giấy phép tại Bộ phận một cửa.',
  ],
  methods: ['Nộp trực tuyến', 'Nộp trực tiếp tại Bộ phận một cửa UBND quận Sơn Trà'],
  documents: [
    {
      name: 'Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01, Phụ lục II Nghị định 15/2021/NĐ-CP)',
      originals: 1,
      copies: 0,
      required: true,
      template: 'Mẫu số 01',
    },
    { name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất', originals: 0, copies: 1, required: true },
    { name: 'Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng)', originals: 2, copies: 0, required: true },
  ],
  processingDays: 15,
  subjects: ['Hộ gia đình, cá nhân'],
  result: { name: 'Giấy phép xây dựng nhà ở riêng lẻ' },
  fees: [{ name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', inPerson: 75_000 }],
  requirements: [
    'Phù hợp với quy hoạch chi tiết xây dựng tỷ lệ 1/500 hoặc quy chế quản lý kiến trúc được phê duyệt.',
    'Bảo đảm an toàn cho công trình, công trình lân cận và yêu cầu về bảo vệ môi trường, phòng cháy chữa cháy.',
  ],
  legalBasis: ['Luật Xây dựng số 50/2014/QH13', 'Luật số 62/2020/QH14 sửa đổi, bổ sung Luật Xây dựng', 'Nghị định số 15/2021/NĐ-CP'],
  forms: [{ code: 'Mẫu số 01', title: 'Đơn đề nghị cấp giấy phép xây dựng', file: 'forms/don-de-nghi-gpxd.html' }],
  form: {
    title: 'Đơn đề nghị cấp giấy phép xây dựng',
    sections: [
      {
        key: 'owner',
        title: 'Chủ đầu tư',
        fields: [
          { key: 'ownerName', label: 'Tên chủ đầu tư', type: 'text', required: true },
          { key: 'ownerNationalId', label: 'Số định danh cá nhân', type: 'nationalId', required: true },
          { key: 'ownerPhone', label: 'Điện thoại', type: 'phone', required: true },
        ],
      },
      {
        key: 'site',
        title: 'Địa điểm và quy mô công trình',
        fields: [
          { key: 'parcel', label: 'Thửa đất số, tờ bản đồ số', type: 'text', required: true, maxLength: 100 },
          { key: 'siteAddress', label: 'Địa chỉ công trình', type: 'textarea', required: true },
          { key: 'siteArea', label: 'Diện tích xây dựng tầng 1 (m²)', type: 'number', required: true, min: 1, max: 10_000 },
          { key: 'floors', label: 'Số tầng', type: 'number', required: true, min: 1, max: 7 },
          { key: 'height', label: 'Chiều cao công trình (m)', type: 'number', required: true, min: 1, max: 30 },
          {
            key: 'landTitle',
            label: 'Giấy chứng nhận quyền sử dụng đất',
            type: 'attachment',
            required: true,
            accept: ['application/pdf'],
            maxSizeMb: 10,
          },
          { key: 'drawings', label: 'Bản vẽ thiết kế', type: 'attachment', required: true, accept: ['application/pdf'], maxSizeMb: 20 },
        ],
      },
    ],
  },
  fixtures: [
    {
      name: 'Nhà 3 tầng trên thửa đất 100 m²',
      formData: {
        ownerName: 'Phạm Văn Dũng',
        ownerNationalId: '048088007788',
        ownerPhone: '0913444555',
        parcel: 'Thửa 125, tờ bản đồ 12',
        siteAddress: 'Lô 8 đường Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà',
        siteArea: 95,
        floors: 3,
        height: 12.5,
        landTitle: { name: 'gcn.pdf', type: 'application/pdf', size: 2_000_000 },
        drawings: { name: 'ban-ve.pdf', type: 'application/pdf', size: 15_000_000 },
      },
      expect: 'accepted',
    },
    {
      name: 'Mười tầng và bản vẽ quá dung lượng',
      formData: {
        ownerName: 'Phạm Văn Dũng',
        ownerNationalId: '048088007788',
        ownerPhone: '0913444555',
        parcel: 'Thửa 125',
        siteAddress: 'Sơn Trà',
        siteArea: 95,
        floors: 10,
        height: 35,
        landTitle: { name: 'gcn.pdf', type: 'application/pdf', size: 2_000_000 },
        drawings: { name: 'ban-ve.pdf', type: 'application/pdf', size: 40_000_000 },
      },
      expect: {
        rejected: [
          { field: 'floors', code: 'TOO_LARGE' },
          { field: 'height', code: 'TOO_LARGE' },
          { field: 'drawings', code: 'TOO_LARGE' },
        ],
      },
    },
  ],
});
