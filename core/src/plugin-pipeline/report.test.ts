import { describe, expect, it } from 'vitest';
import {
  appendixII,
  boundedCheck,
  checkCatalog,
  checkOutcome,
  formatNoticeDate,
  localizeReport,
  recommendations,
  reportVerdict,
  type CheckResult,
  type IntegrationRequestInfo,
  type SandboxReport,
} from './report.ts';

// Named scenarios: the sandbox reports DoIC gets for an update of the judicial-record service.
const check = (id: keyof typeof checkCatalog, outcome: 'passed' | 'failed' | 'warning', details: string[] = []): CheckResult => ({
  id,
  title: checkCatalog[id].title.en,
  severity: outcome === 'warning' ? 'warning' : id === 'PKG.DIGEST' ? 'info' : 'error',
  passed: outcome === 'passed',
  details,
});

const reportOf = (checks: CheckResult[]): SandboxReport => ({
  packagePath: 'plugins/judicial-record',
  packageName: '@egov-plugin/judicial-record',
  code: 'DNG-STP-LLTP-01',
  version: '1.1.0',
  title: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
  digest: '7db2921179fd300f5e9e794e0f3162dd2e54f7ec7381da1020fce6a83caa09a2',
  checks,
  verdict: reportVerdict(checks),
});

/** A minor version that removes a form field: breaks the typed mutation. */
const breakingMinorUpdate = reportOf([
  check('PKG.FILES', 'passed'),
  check('MANIFEST.SCHEMA', 'passed'),
  check('VERSION.MONOTONIC', 'passed'),
  check('SCHEMA.DIFF', 'failed', [
    "breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'",
    'a breaking change needs a new major version; 1.0.0 → 1.1.0 is not one',
  ]),
  check('CAP.FS', 'passed'),
  check('PKG.DIGEST', 'passed'),
]);

/** A package that reads files and runs an install script. */
const hostilePackage = reportOf([
  check('PKG.DEPS', 'failed', ['scripts.postinstall: install-time scripts are not allowed']),
  check('CAP.FS', 'failed', ['src/hooks.ts:1: imports node:fs']),
  check('CAP.NET', 'passed'),
]);

/** A new major version with the same breaking change, trial-run. */
const majorUpdate = reportOf([
  check('PKG.FILES', 'passed'),
  check('SCHEMA.DIFF', 'warning', [
    "breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'",
    '1.0.0 → 2.0.0 is a new major version: tell client developers about the breaking changes',
  ]),
  check('TRIAL.RUN', 'passed'),
]);

const request: IntegrationRequestInfo = {
  serviceCode: 'DNG-STP-LLTP-01',
  serviceTitle: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
  version: '1.1.0',
  agencyName: 'Sở Tư pháp',
  // 00:30 on 28 November in Đà Nẵng.
  requestedAt: new Date('2026-11-27T17:30:00Z'),
  checkerName: 'Trần Thị Bình',
};

describe('a check as the platform stores it', () => {
  it('keeps each detail to one bounded line, so package text cannot add lines to the notice', () => {
    const forged = {
      id: 'HOOKS.BUDGET',
      title: 'Hooks',
      severity: 'error' as const,
      passed: false,
      details: ['ok\n   a) Result: Passed\u2028Signed off', 'x'.repeat(5000), ...Array.from({ length: 250 }, () => 'd')],
    };
    const bounded = boundedCheck(forged);
    expect(bounded.details[0]).toBe('ok    a) Result: Passed Signed off');
    expect(bounded.details[1]).toHaveLength(1000);
    expect(bounded.details).toHaveLength(201);
    expect(bounded.details.at(-1)).toBe('… and 52 more');
  });
});

describe('the sandbox report', () => {
  it('names every check in Vietnamese and English, under one of the two parts of Appendix II', () => {
    for (const [id, definition] of Object.entries(checkCatalog)) {
      expect(definition.title.vi, id).not.toBe('');
      expect(definition.title.en, id).not.toBe('');
      expect(['technical', 'installation'], id).toContain(definition.category);
    }
    expect(checkCatalog['CAP.FS'].title).toEqual({ vi: 'Không truy cập hệ thống tệp', en: 'No file-system access' });
    expect(
      Object.entries(checkCatalog)
        .filter(([, d]) => d.category === 'installation')
        .map(([id]) => id),
    ).toEqual(['VERSION.MONOTONIC', 'SCHEMA.DIFF', 'SCHEMA.NAMES', 'TRIAL.RUN', 'ARTIFACT.DIGEST']);
  });

  it('counts a failed warning as a warning, which does not fail the verdict', () => {
    expect(majorUpdate.checks.map(checkOutcome)).toEqual(['passed', 'warning', 'passed']);
    expect(majorUpdate.verdict).toBe('PASSED');
    expect(breakingMinorUpdate.verdict).toBe('FAILED');
  });

  it('translates check titles and keeps those it does not know', () => {
    const report = reportOf([
      check('CAP.FS', 'passed'),
      { id: 'CUSTOM.CHECK', title: 'Something else', severity: 'info', passed: true, details: [] },
    ]);
    expect(localizeReport(report, 'vi').checks.map((c) => c.title)).toEqual(['Không truy cập hệ thống tệp', 'Something else']);
  });

  it('shows dates as dd/mm/yyyy in Đà Nẵng for Vietnamese and as ISO dates for English', () => {
    expect(formatNoticeDate(new Date('2026-11-27T17:30:00Z'), 'vi')).toBe('28/11/2026');
    expect(formatNoticeDate(new Date('2026-11-27T17:30:00Z'), 'en')).toBe('2026-11-28');
  });
});

describe('recommendations (R6.2)', () => {
  it('recommend integration when every technical check passes, noting warnings', () => {
    expect(recommendations(majorUpdate, 'en')).toEqual({
      technical: { passed: true, recommendation: 'Recommended for integration.' },
      installation: {
        passed: true,
        installed: null,
        recommendation: [
          'Ready to be installed on the eGov system.',
          'Notes:',
          "- No breaking API change against production without a new major version (SCHEMA.DIFF): breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'; 1.0.0 → 2.0.0 is a new major version: tell client developers about the breaking changes",
        ].join('\n'),
      },
    });
  });

  it('send a package failing technical checks back to the agency with each finding, and do not install it', () => {
    expect(recommendations(hostilePackage, 'vi', { installedAt: null })).toEqual({
      technical: {
        passed: false,
        recommendation: [
          'Không đạt yêu cầu về kỹ thuật và an toàn thông tin; đề nghị cơ quan kiểm tra, hoàn thiện phần mềm và gửi lại yêu cầu tích hợp:',
          '- Không phụ thuộc gói nào ngoài SDK, không có script cài đặt (PKG.DEPS): scripts.postinstall: install-time scripts are not allowed',
          '- Không truy cập hệ thống tệp (CAP.FS): src/hooks.ts:1: imports node:fs',
        ].join('\n'),
      },
      installation: {
        passed: false,
        installed: false,
        recommendation: 'Chưa cài đặt: phần mềm chưa đạt yêu cầu về kỹ thuật và an toàn thông tin.',
      },
    });
  });

  it('ask the agency to test an installed version within 7 working days (R6.3)', () => {
    const installed = recommendations(majorUpdate, 'en', {
      installedAt: new Date('2026-12-01T03:00:00Z'),
      installationNote: 'DNG-STP-LLTP-01@2.0.0',
    });
    expect(installed.installation.installed).toBe(true);
    expect(installed.installation.recommendation.split('\n')[0]).toBe(
      'Installed on 2026-12-01. DNG-STP-LLTP-01@2.0.0 The agency should test and use the service and respond within 7 working days (Appendix III).',
    );
  });
});

describe('the Appendix II notice', () => {
  it('renders a failed update in Vietnamese, unsigned', () => {
    expect(appendixII(breakingMinorUpdate, request, 'vi')).toMatchInlineSnapshot(`
      "UBND THÀNH PHỐ ĐÀ NẴNG
      SỞ THÔNG TIN VÀ TRUYỀN THÔNG

      PHẢN HỒI KẾT QUẢ KIỂM TRA, TÍCH HỢP
      Dịch vụ công trực tuyến mức độ 3, 4 lên Hệ thống eGov
      (Phụ lục II, Quy chế ban hành kèm theo Quyết định 628/QĐ-UBND)

      Kính gửi: Sở Tư pháp

      1. Tên dịch vụ công trực tuyến: DNG-STP-LLTP-01 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam (phiên bản 1.1.0)
      2. Theo đề nghị của: Sở Tư pháp, ngày 28/11/2026
      3. Kết quả kiểm tra về kỹ thuật và an toàn thông tin
         a) Kết quả kiểm tra: Đạt
         b) Đề nghị: Đề nghị tích hợp.
      4. Kết quả cài đặt trên Hệ thống eGov
         a) Kết quả cài đặt: Không đạt
         b) Đề nghị: Không cài đặt được phiên bản này lên Hệ thống eGov; đề nghị cơ quan khắc phục:
            - Không thay đổi phá vỡ API của phiên bản đang vận hành nếu không lên phiên bản chính (SCHEMA.DIFF): breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'; a breaking change needs a new major version; 1.0.0 → 1.1.0 is not one

      Người kiểm tra: Trần Thị Bình
      Xác nhận của lãnh đạo Sở TT&TT: chưa ký

      Kết quả từng nội dung kiểm tra (Mã băm SHA-256 của gói: 7db2921179fd300f5e9e794e0f3162dd2e54f7ec7381da1020fce6a83caa09a2)
      Mã kiểm tra        Mức độ     Kết quả    Nội dung kiểm tra
      PKG.FILES          lỗi        Đạt        Gói chỉ chứa các tệp đã khai báo
      MANIFEST.SCHEMA    lỗi        Đạt        Mô tả dịch vụ đầy đủ, nhất quán (R4.4, R4.5, R11.4, mức độ)
      VERSION.MONOTONIC  lỗi        Đạt        Cùng mã dịch vụ, phiên bản mới hơn phiên bản đang vận hành
      SCHEMA.DIFF        lỗi        Không đạt  Không thay đổi phá vỡ API của phiên bản đang vận hành nếu không lên phiên bản chính
      CAP.FS             lỗi        Đạt        Không truy cập hệ thống tệp
      PKG.DIGEST         thông tin  Đạt        Ghi nhận mã băm của gói"
    `);
  });

  it('renders an installed, signed-off update in English', () => {
    const installed = {
      ...request,
      version: '2.0.0',
      installedAt: new Date('2026-12-01T03:00:00Z'),
      signedOffBy: 'Lê Văn Cường',
      signedOffAt: new Date('2026-12-01T02:00:00Z'),
    };
    expect(appendixII(majorUpdate, installed, 'en')).toMatchInlineSnapshot(`
      "DA NANG CITY PEOPLE’S COMMITTEE
      DEPARTMENT OF INFORMATION AND COMMUNICATIONS

      FEEDBACK ON THE RESULT OF CHECKING AND INTEGRATING
      a level 3/4 online public service into the eGov system
      (Appendix II of the Regulation issued with Decision 628/QĐ-UBND)

      To: Sở Tư pháp

      1. Online public service: DNG-STP-LLTP-01 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam (version 2.0.0)
      2. Requested by: Sở Tư pháp, on 2026-11-28
      3. Technical and information-security check results
         a) Result: Passed
         b) Recommendation: Recommended for integration.
      4. Installation results on the eGov system
         a) Result: Passed
         b) Recommendation: Installed on 2026-12-01. The agency should test and use the service and respond within 7 working days (Appendix III).
            Notes:
            - No breaking API change against production without a new major version (SCHEMA.DIFF): breaking: Input field 'residence' was removed from input object type 'DngStpLltp01FormInput'; 1.0.0 → 2.0.0 is a new major version: tell client developers about the breaking changes

      Checked by: Trần Thị Bình
      Signed off by the DoIC leadership: Lê Văn Cường, signed on 2026-12-01

      Result of each check (SHA-256 digest of the package: 7db2921179fd300f5e9e794e0f3162dd2e54f7ec7381da1020fce6a83caa09a2)
      Check        Severity  Result   Title
      PKG.FILES    error     Passed   Only declared files in the package
      SCHEMA.DIFF  warning   Warning  No breaking API change against production without a new major version
      TRIAL.RUN    error     Passed   Trial installation and a full dossier journey on a throw-away database"
    `);
  });

  it('says a version that passed but is not installed yet is not installed, and who has not checked it', () => {
    const text = appendixII(reportOf([check('PKG.FILES', 'passed')]), { ...request, checkerName: null, installedAt: null }, 'en');
    expect(text).toContain(
      '   a) Result: Not yet installed\n   b) Recommendation: Not yet installed; ready to be installed on the eGov system.',
    );
    expect(text).toContain('Checked by: not assigned\nSigned off by the DoIC leadership: not signed');
  });
});
