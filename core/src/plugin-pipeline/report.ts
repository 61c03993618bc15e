import { localDate } from '../calendar/working-time.ts';
import type { ServiceManifest } from '@egov/sdk';

// The sandbox report (R13.4) and the Appendix II notice built from it, which DoIC sends back to
// the agency after checking and integrating a service (R6.2: "Phản hồi kết quả kiểm tra, tích
// hợp dịch vụ công trực tuyến").

export type Severity = 'error' | 'warning' | 'info';

/**
 * One check's outcome. `id` is stable: reports, tests and people refer to it. `passed` says
 * whether the check found nothing; `severity` what a finding means: an `error` fails the
 * verdict, a `warning` is reported but does not (see `checkOutcome`).
 */
export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  passed: boolean;
  details: string[];
}

export interface SandboxReport {
  packagePath: string;
  packageName: string | null;
  code: string | null;
  version: string | null;
  /** The service's title, from the manifest. */
  title?: string | null;
  /** The validated manifest, when the package has one. */
  manifest?: ServiceManifest | null;
  /** SHA-256 over the package's files (path and content), recorded for integrity. */
  digest: string;
  /** The digest of the artifact built from the package (see plugin-artifact/artifact.ts), when it passed. */
  artifactDigest?: string | null;
  checks: CheckResult[];
  /** PASSED unless an error-severity check failed. */
  verdict: 'PASSED' | 'FAILED';
}

export type Language = 'vi' | 'en';

/**
 * The two parts of the Appendix II notice a check reports under: the technical and
 * information-security checks of the package itself (section 3), or installing it on the
 * platform over the version in production (section 4).
 */
export type CheckCategory = 'technical' | 'installation';

export interface CheckDefinition {
  category: CheckCategory;
  title: Record<Language, string>;
}

const technical = (vi: string, en: string): CheckDefinition => ({ category: 'technical', title: { vi, en } });
const installation = (vi: string, en: string): CheckDefinition => ({ category: 'installation', title: { vi, en } });

/** Every sandbox check, in the order the sandbox runs them. */
export const checkCatalog = {
  'PKG.FILES': technical('Gói chỉ chứa các tệp đã khai báo', 'Only declared files in the package'),
  'PKG.DEPS': technical('Không phụ thuộc gói nào ngoài SDK, không có script cài đặt', 'No dependencies but the SDK, no install scripts'),
  'PKG.ENTRY': technical('Điểm vào của gói xuất bản mô tả dịch vụ', 'Package entry exports a manifest'),
  'BUNDLE.CONFINED': technical(
    'Mã của gói chỉ dùng các tệp của chính gói (không đường dẫn ra ngoài, liên kết, thuộc tính import hay loại tệp khác)',
    "The package's code reads only its own source files (no outside path, link, import attribute or other file type)",
  ),
  'MANIFEST.SCHEMA': technical(
    'Mô tả dịch vụ đầy đủ, nhất quán (R4.4, R4.5, R11.4, mức độ)',
    'Manifest complete and consistent (R4.4, R4.5, R11.4, levels)',
  ),
  'MANIFEST.VERSION': technical('Phiên bản trong mô tả dịch vụ trùng với package.json', 'Manifest version equals package.json version'),
  'VERSION.MONOTONIC': installation(
    'Cùng mã dịch vụ, phiên bản mới hơn phiên bản đang vận hành',
    'Same service code, a newer version than the one in production',
  ),
  'SDK.COMPAT': technical('Viết cho bộ công cụ phát triển (SDK) của nền tảng này', "Written for this platform's plugin SDK"),
  'FORMS.FILES': technical(
    'Các tệp biểu mẫu để tải về có trong gói, đúng loại cho phép, không chứa nội dung thực thi',
    'Downloadable form files are in the package, of an allowed type, with no active content',
  ),
  'HOOKS.MODULE': technical('Mô-đun hook có trong gói', 'The hooks module is in the package'),
  'FIXTURES.REPLAY': technical('Các hồ sơ mẫu cho kết quả như đã khai báo', 'Sample submissions behave as declared'),
  'SCHEMA.DIFF': installation(
    'Không thay đổi phá vỡ API của phiên bản đang vận hành nếu không lên phiên bản chính',
    'No breaking API change against production without a new major version',
  ),
  'SCHEMA.NAMES': installation(
    'Các tên GraphQL sinh ra không trùng với tên của API lõi',
    'Generated GraphQL names do not touch the core API',
  ),
  'CAP.FS': technical('Không truy cập hệ thống tệp', 'No file-system access'),
  'CAP.NET': technical('Không truy cập mạng', 'No network access'),
  'CAP.PROCESS': technical('Không tạo tiến trình, luồng, không dùng đối tượng process', 'No processes, threads or process object'),
  'CAP.ENV': technical('Không đọc biến môi trường', 'No environment variables'),
  'CAP.DYNAMIC_CODE': technical('Không dùng eval, Function hay nạp mô-đun lúc chạy', 'No eval, Function or run-time module loading'),
  'CAP.PROTOTYPE': technical('Không sửa prototype của các đối tượng dựng sẵn', 'No changes to built-in prototypes'),
  'HOOKS.BUDGET': technical('Hook trả lời mọi hồ sơ mẫu trong 2 giây và 64 MB', 'Hooks answer every fixture within 2 s and 64 MB'),
  'HOOKS.ANSWERS': technical(
    'Hook chỉ nêu các trường của biểu mẫu, với mã lỗi đúng dạng',
    'Hooks name fields of the e-form only, with well-formed codes',
  ),
  'TRIAL.RUN': installation(
    'Cài đặt thử và chạy trọn quy trình một hồ sơ trên cơ sở dữ liệu thử',
    'Trial installation and a full dossier journey on a throw-away database',
  ),
  'PKG.DIGEST': technical('Ghi nhận mã băm của gói', 'Package digest recorded'),
  'ARTIFACT.DIGEST': installation(
    'Ghi nhận mã băm của bản đóng gói đã kiểm tra (mô tả chuẩn hóa, mã hook, biểu mẫu) sẽ được cài đặt',
    'Digest of the checked artifact (normalized manifest, hooks bundle, forms) that will be installed',
  ),
  // Added by the platform around the sandbox run.
  'REQUEST.MATCH': technical(
    'Gói đúng là gói nêu trong yêu cầu (mã, cơ quan, mức độ, phiên bản, mã băm)',
    'The package is the one the request names (code, agency, level, version, digest)',
  ),
  'SANDBOX.RUN': technical('Môi trường kiểm tra chạy đến hết', 'The sandbox ran to the end'),
} as const satisfies Record<string, CheckDefinition>;

export type CheckId = keyof typeof checkCatalog;

export const isCheckId = (id: string): id is CheckId => Object.hasOwn(checkCatalog, id);

/** A check's title in a language, from the catalog; an unknown ID keeps the title it has. */
export const checkTitle = (check: Pick<CheckResult, 'id' | 'title'>, language: Language): string =>
  isCheckId(check.id) ? checkCatalog[check.id].title[language] : check.title;

/** Checks the catalog does not know count as technical. */
export const checkCategory = (id: string): CheckCategory => (isCheckId(id) ? checkCatalog[id].category : 'technical');

export const localizeCheck = (check: CheckResult, language: Language): CheckResult => ({ ...check, title: checkTitle(check, language) });

/** The most details a stored check keeps, and characters per detail. */
const MAX_DETAILS = 200;
const MAX_DETAIL_LENGTH = 1000;

/**
 * A check as the platform stores and shows it: each detail one line (a detail may quote text of
 * the package, which must not add lines that look like the notice's own), bounded in length and
 * number.
 */
export function boundedCheck(check: CheckResult): CheckResult {
  const line = (text: string) =>
    String(text)
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .slice(0, MAX_DETAIL_LENGTH);
  const details = check.details.slice(0, MAX_DETAILS).map(line);
  if (check.details.length > MAX_DETAILS) details.push(`… and ${check.details.length - MAX_DETAILS} more`);
  return {
    id: line(check.id).slice(0, 40),
    title: line(check.title).slice(0, 300),
    severity: check.severity,
    passed: check.passed === true,
    details,
  };
}

export const localizeReport = (report: SandboxReport, language: Language): SandboxReport => ({
  ...report,
  checks: report.checks.map((check) => localizeCheck(check, language)),
});

/** `warning`: the check found something that does not fail the verdict. */
export type CheckOutcome = 'passed' | 'failed' | 'warning';

export const checkOutcome = (check: Pick<CheckResult, 'passed' | 'severity'>): CheckOutcome =>
  check.passed ? 'passed' : check.severity === 'error' ? 'failed' : 'warning';

export const reportVerdict = (checks: readonly CheckResult[]): SandboxReport['verdict'] =>
  checks.some((check) => checkOutcome(check) === 'failed') ? 'FAILED' : 'PASSED';

/** What the Appendix II notice says about the request besides the checks. */
export interface IntegrationRequestInfo {
  serviceCode: string;
  serviceTitle: string;
  version: string;
  /** The agency that filed the request (Appendix I). */
  agencyName: string;
  requestedAt: Date;
  /** Cán bộ kiểm tra (the DoIC officer who checked it). */
  checkerName?: string | null;
  /** Lãnh đạo Sở TT&TT ký duyệt. */
  signedOffBy?: string | null;
  signedOffAt?: Date | null;
  installedAt?: Date | null;
  installationNote?: string | null;
}

export interface Assessment {
  passed: boolean;
  recommendation: string;
}

export interface Recommendations {
  technical: Assessment;
  /**
   * `passed`: nothing stops installing it (the technical checks and the installation checks
   * passed). `installed`: whether it is installed, null when not told (no request given).
   */
  installation: Assessment & { installed: boolean | null };
}

const words = {
  vi: {
    outcome: { passed: 'Đạt', failed: 'Không đạt', warning: 'Cảnh báo' },
    severity: { error: 'lỗi', warning: 'cảnh báo', info: 'thông tin' },
    notYetInstalled: 'Chưa cài đặt',
    fix: 'Không đạt yêu cầu về kỹ thuật và an toàn thông tin; đề nghị cơ quan kiểm tra, hoàn thiện phần mềm và gửi lại yêu cầu tích hợp:',
    integrate: 'Đề nghị tích hợp.',
    notes: 'Lưu ý:',
    cannotInstall: 'Không cài đặt được phiên bản này lên Hệ thống eGov; đề nghị cơ quan khắc phục:',
    notCheckedOk: 'Chưa cài đặt: phần mềm chưa đạt yêu cầu về kỹ thuật và an toàn thông tin.',
    notInstalled: 'Chưa cài đặt; đủ điều kiện cài đặt lên Hệ thống eGov.',
    installable: 'Đủ điều kiện cài đặt lên Hệ thống eGov.',
    installedOn: (date: string) => `Đã cài đặt ngày ${date}.`,
    acceptance: 'Đề nghị cơ quan kiểm tra, sử dụng dịch vụ và phản hồi kết quả trong 07 ngày làm việc (Phụ lục III).',
    heading: [
      'UBND THÀNH PHỐ ĐÀ NẴNG',
      'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
      '',
      'PHẢN HỒI KẾT QUẢ KIỂM TRA, TÍCH HỢP',
      'Dịch vụ công trực tuyến mức độ 3, 4 lên Hệ thống eGov',
      '(Phụ lục II, Quy chế ban hành kèm theo Quyết định 628/QĐ-UBND)',
    ],
    to: 'Kính gửi',
    service: '1. Tên dịch vụ công trực tuyến',
    version: 'phiên bản',
    requested: (agency: string, date: string) => `2. Theo đề nghị của: ${agency}, ngày ${date}`,
    technical: '3. Kết quả kiểm tra về kỹ thuật và an toàn thông tin',
    checkResult: 'a) Kết quả kiểm tra',
    installation: '4. Kết quả cài đặt trên Hệ thống eGov',
    installResult: 'a) Kết quả cài đặt',
    recommendation: 'b) Đề nghị',
    checker: 'Người kiểm tra',
    noChecker: 'chưa phân công',
    signOff: 'Xác nhận của lãnh đạo Sở TT&TT',
    notSigned: 'chưa ký',
    signedOn: (name: string, date: string) => `${name}, ký ngày ${date}`,
    table: 'Kết quả từng nội dung kiểm tra',
    digest: 'Mã băm SHA-256 của gói',
    columns: ['Mã kiểm tra', 'Mức độ', 'Kết quả', 'Nội dung kiểm tra'],
  },
  en: {
    outcome: { passed: 'Passed', failed: 'Failed', warning: 'Warning' },
    severity: { error: 'error', warning: 'warning', info: 'info' },
    notYetInstalled: 'Not yet installed',
    fix: 'Does not meet the technical and information-security requirements; the agency should check and fix the software and file the request again:',
    integrate: 'Recommended for integration.',
    notes: 'Notes:',
    cannotInstall: 'This version cannot be installed on the eGov system; the agency should fix:',
    notCheckedOk: 'Not yet installed: the software has not passed the technical and information-security checks.',
    notInstalled: 'Not yet installed; ready to be installed on the eGov system.',
    installable: 'Ready to be installed on the eGov system.',
    installedOn: (date: string) => `Installed on ${date}.`,
    acceptance: 'The agency should test and use the service and respond within 7 working days (Appendix III).',
    heading: [
      'DA NANG CITY PEOPLE’S COMMITTEE',
      'DEPARTMENT OF INFORMATION AND COMMUNICATIONS',
      '',
      'FEEDBACK ON THE RESULT OF CHECKING AND INTEGRATING',
      'a level 3/4 online public service into the eGov system',
      '(Appendix II of the Regulation issued with Decision 628/QĐ-UBND)',
    ],
    to: 'To',
    service: '1. Online public service',
    version: 'version',
    requested: (agency: string, date: string) => `2. Requested by: ${agency}, on ${date}`,
    technical: '3. Technical and information-security check results',
    checkResult: 'a) Result',
    installation: '4. Installation results on the eGov system',
    installResult: 'a) Result',
    recommendation: 'b) Recommendation',
    checker: 'Checked by',
    noChecker: 'not assigned',
    signOff: 'Signed off by the DoIC leadership',
    notSigned: 'not signed',
    signedOn: (name: string, date: string) => `${name}, signed on ${date}`,
    table: 'Result of each check',
    digest: 'SHA-256 digest of the package',
    columns: ['Check', 'Severity', 'Result', 'Title'],
  },
} as const;

/** A date as the notice shows it: dd/mm/yyyy in Đà Nẵng for Vietnamese, the ISO date otherwise. */
export function formatNoticeDate(date: Date, language: Language): string {
  const iso = localDate(date);
  if (language === 'en') return iso;
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function findingsOf(checks: readonly CheckResult[], language: Language): string[] {
  return checks.map(
    (check) => `- ${checkTitle(check, language)} (${check.id})${check.details.length > 0 ? `: ${check.details.join('; ')}` : ''}`,
  );
}

const withNotes = (text: string, warnings: readonly CheckResult[], language: Language) =>
  warnings.length === 0 ? text : [text, words[language].notes, ...findingsOf(warnings, language)].join('\n');

/**
 * The result and recommendation of both parts of the notice (sections 3 and 4 of Appendix
 * II). A recommendation lists each failed check with its details, and each warning as a note.
 * Without `request` the installation part judges the checks only; with it, it also says
 * whether the version is installed.
 */
export function recommendations(
  report: SandboxReport,
  language: Language,
  request?: Pick<IntegrationRequestInfo, 'installedAt' | 'installationNote'>,
): Recommendations {
  const w = words[language];
  const of = (category: CheckCategory, outcome: CheckOutcome) =>
    report.checks.filter((check) => checkCategory(check.id) === category && checkOutcome(check) === outcome);

  const technicalFailed = of('technical', 'failed');
  const technicalWarnings = of('technical', 'warning');
  const technicalResult =
    technicalFailed.length > 0
      ? { passed: false, recommendation: [w.fix, ...findingsOf(technicalFailed, language)].join('\n') }
      : { passed: true, recommendation: withNotes(w.integrate, technicalWarnings, language) };

  const installationFailed = of('installation', 'failed');
  const installationWarnings = of('installation', 'warning');
  const installed = request ? Boolean(request.installedAt) : null;
  let installationResult: Recommendations['installation'];
  if (installationFailed.length > 0) {
    installationResult = {
      passed: false,
      installed,
      recommendation: [w.cannotInstall, ...findingsOf(installationFailed, language)].join('\n'),
    };
  } else if (!technicalResult.passed) {
    installationResult = { passed: false, installed, recommendation: w.notCheckedOk };
  } else if (request?.installedAt) {
    const text = [w.installedOn(formatNoticeDate(request.installedAt, language)), request.installationNote?.trim(), w.acceptance]
      .filter(Boolean)
      .join(' ');
    installationResult = { passed: true, installed, recommendation: withNotes(text, installationWarnings, language) };
  } else {
    installationResult = {
      passed: true,
      installed,
      recommendation: withNotes(request ? w.notInstalled : w.installable, installationWarnings, language),
    };
  }
  return { technical: technicalResult, installation: installationResult };
}

const indent = (text: string, prefix: string) => text.split('\n').join(`\n${prefix}`);

/**
 * The Appendix II notice (R6.2) as plain text, in Vietnamese (the form of the regulation) or
 * English: the service, who asked and when, the technical and security result with its
 * recommendation, the installation result with its recommendation, the checker and DoIC's
 * sign-off, then every check with its severity and result.
 */
export function appendixII(report: SandboxReport, request: IntegrationRequestInfo, language: Language): string {
  const w = words[language];
  const date = (d: Date) => formatNoticeDate(d, language);
  const { technical, installation } = recommendations(report, language, request);
  const signOff = request.signedOffBy
    ? request.signedOffAt
      ? w.signedOn(request.signedOffBy, date(request.signedOffAt))
      : request.signedOffBy
    : w.notSigned;
  // Chưa cài đặt unless an installation check failed: then it cannot be installed as it is.
  const installationChecksFailed = report.checks.some((c) => checkCategory(c.id) === 'installation' && checkOutcome(c) === 'failed');
  const installationResult =
    installation.installed === false && !installationChecksFailed
      ? w.notYetInstalled
      : w.outcome[installation.passed ? 'passed' : 'failed'];
  const rows = [
    w.columns,
    ...report.checks.map((check) => [check.id, w.severity[check.severity], w.outcome[checkOutcome(check)], checkTitle(check, language)]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return [
    ...w.heading,
    '',
    `${w.to}: ${request.agencyName}`,
    '',
    `${w.service}: ${request.serviceCode} ${request.serviceTitle} (${w.version} ${request.version})`,
    w.requested(request.agencyName, date(request.requestedAt)),
    w.technical,
    `   ${w.checkResult}: ${w.outcome[technical.passed ? 'passed' : 'failed']}`,
    `   ${w.recommendation}: ${indent(technical.recommendation, '      ')}`,
    w.installation,
    `   ${w.installResult}: ${installationResult}`,
    `   ${w.recommendation}: ${indent(installation.recommendation, '      ')}`,
    '',
    `${w.checker}: ${request.checkerName ?? w.noChecker}`,
    `${w.signOff}: ${signOff}`,
    '',
    `${w.table} (${w.digest}: ${report.digest})`,
    ...rows.map((row) =>
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd(),
    ),
  ].join('\n');
}
