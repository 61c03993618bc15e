// `pnpm create-service <code> [options]`: writes a new service plugin package that passes the
// sandbox as it is, for an agency developer to fill in. See docs/plugin-guide.md.
//
//   pnpm create-service DNG-STP-XN-01 --agency STP --title "Cấp giấy xác nhận" [--dir <folder>]
//
// Without --dir, the package is written to plugins/<name> of this repository (a workspace
// package, with the SDK linked for types); with --dir, anywhere (the SDK is then a plain peer
// dependency, which the platform provides when it checks and runs the package).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SDK_VERSION } from '../src/manifest.ts';

const usage = `usage: pnpm create-service <procedure code> [--agency <code>] [--title <text>] [--name <package folder>] [--dir <folder>]
  <procedure code>  the code in the city's procedure set (R4.3), e.g. DNG-STP-XN-01
  --agency          the providing agency's code (default STP)
  --title           the procedure's name (default "Thủ tục <code>")
  --name            the package folder and name (default: the code in lower case)
  --dir             where to write the package folder (default: plugins/ of this repository)`;

export interface ServiceOptions {
  code: string;
  agency: string;
  title: string;
  /** The package's folder name, also its name: `@egov-plugin/<name>`. */
  name: string;
  /** Inside this repository's workspace: the SDK is linked for types (`workspace:^`). */
  workspace: boolean;
}

const CODE = /^[A-Z0-9][A-Z0-9.-]{2,39}$/;
const AGENCY = /^[A-Z][A-Z0-9_]{1,15}$/;
const NAME = /^[a-z0-9][a-z0-9.-]{1,60}$/;

/** Why the options cannot make a package, or null. */
export function optionProblem(o: Pick<ServiceOptions, 'code' | 'agency' | 'name'>): string | null {
  if (!CODE.test(o.code)) return `the procedure code "${o.code}" must be 3-40 upper-case letters, digits, dots or dashes (R4.3)`;
  if (!AGENCY.test(o.agency)) return `the agency code "${o.agency}" must be 2-16 upper-case letters, digits or _`;
  if (!NAME.test(o.name)) return `the package name "${o.name}" must be lower-case letters, digits, dots or dashes`;
  return null;
}

/** The files of a new package, by path inside it. */
export function serviceFiles(o: ServiceOptions): Record<string, string> {
  const pkg = {
    name: `@egov-plugin/${o.name}`,
    version: '1.0.0',
    description: `${o.title} (${o.agency}), mức độ 3`,
    private: true,
    type: 'module',
    exports: './src/index.ts',
    files: ['src', 'forms'],
    peerDependencies: { '@egov/sdk': `^${SDK_VERSION}` },
    ...(o.workspace ? { devDependencies: { '@egov/sdk': 'workspace:^' } } : {}),
  };
  const q = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const index = `import { defineService } from '@egov/sdk';

// ${o.title}. Every field is described in docs/plugin-guide.md of the platform; the sandbox
// (\`pnpm sandbox check <this folder>\`) says what is missing or wrong.
export default defineService({
  sdk: '^${SDK_VERSION}',
  code: ${q(o.code)},
  version: '1.0.0', // equal to package.json's version; raise both for each new version
  agency: ${q(o.agency)},
  title: ${q(o.title)},
  summary: 'Một câu mô tả thủ tục cho người dân.',
  field: 'Lĩnh vực của thủ tục',
  level: 3,
  onlineMode: 'PARTIAL',
  steps: [
    'Người dân nộp hồ sơ trực tuyến hoặc tại Bộ phận một cửa.',
    'Cơ quan kiểm tra, giải quyết hồ sơ.',
    'Người dân nhận kết quả.',
  ],
  methods: ['Nộp trực tuyến', 'Nộp trực tiếp tại Bộ phận một cửa'],
  documents: [{ name: 'Tờ khai (theo mẫu)', originals: 1, copies: 0, required: true, template: 'TK-01' }],
  processingDays: 5,
  subjects: ['Công dân Việt Nam'],
  result: { name: 'Kết quả của thủ tục' },
  fees: [{ name: 'Lệ phí', inPerson: 0, note: 'Miễn lệ phí' }],
  requirements: ['Không có'],
  legalBasis: ['Văn bản quy định thủ tục'],
  forms: [{ code: 'TK-01', title: 'Tờ khai', file: 'forms/to-khai.html' }],
  form: {
    title: 'Tờ khai',
    sections: [
      {
        key: 'applicant',
        title: 'Người đề nghị',
        fields: [
          { key: 'fullName', label: 'Họ và tên', type: 'text', required: true, maxLength: 100 },
          { key: 'dateOfBirth', label: 'Ngày sinh', type: 'date', required: true },
          { key: 'nationalId', label: 'Số định danh cá nhân', type: 'nationalId', required: true },
          { key: 'phone', label: 'Điện thoại', type: 'phone', required: true },
          { key: 'purpose', label: 'Mục đích', type: 'textarea', required: true, maxLength: 500 },
          {
            key: 'identityScan',
            label: 'Bản chụp CCCD',
            type: 'attachment',
            required: true,
            accept: ['application/pdf', 'image/jpeg'],
            maxSizeMb: 5,
          },
        ],
      },
    ],
  },
  // Sample submissions: the sandbox replays each (the e-form, then the hooks) and its trial
  // run submits each through the API, then takes the first accepted one to its result.
  fixtures: [
    {
      name: 'Hồ sơ hợp lệ',
      formData: {
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '1990-05-12',
        nationalId: '048090012345',
        phone: '0905123456',
        purpose: 'Bổ sung hồ sơ',
        identityScan: { name: 'cccd.pdf', type: 'application/pdf', size: 250_000 },
      },
      expect: 'accepted',
    },
    {
      name: 'Thiếu họ tên, số định danh sai',
      formData: {
        dateOfBirth: '1990-05-12',
        nationalId: '04809',
        phone: '0905123456',
        purpose: 'Bổ sung hồ sơ',
        identityScan: { name: 'cccd.pdf', type: 'application/pdf', size: 250_000 },
      },
      expect: {
        rejected: [
          { field: 'fullName', code: 'REQUIRED' },
          { field: 'nationalId', code: 'INVALID_FORMAT' },
        ],
      },
    },
    {
      name: 'Ngày sinh sau hôm nay (the hooks refuse it)',
      formData: {
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '2999-01-01',
        nationalId: '048090012345',
        phone: '0905123456',
        purpose: 'Bổ sung hồ sơ',
        identityScan: { name: 'cccd.pdf', type: 'application/pdf', size: 250_000 },
      },
      expect: { rejected: [{ field: 'dateOfBirth', code: 'NOT_BORN_YET' }] },
    },
  ],
  hooks: 'src/hooks.ts',
});
`;
  const hooks = `import { defineHooks, type HookFieldError } from '@egov/sdk/hooks';

// Checks the e-form cannot express. Runs isolated (no files, network, environment or
// process), with 2 s and 64 MB; it gets the form data and today's date in Đà Nẵng, and
// returns the problems it finds, each with the field, a message for the citizen and a code
// the fixtures may expect.
export default defineHooks({
  validate(formData, { today }) {
    const problems: HookFieldError[] = [];
    const born = typeof formData.dateOfBirth === 'string' ? formData.dateOfBirth : '';
    if (born > today) problems.push({ field: 'dateOfBirth', message: 'Ngày sinh phải trước ngày hôm nay', code: 'NOT_BORN_YET' });
    return problems;
  },
});
`;
  const form = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <title>Tờ khai – ${escapeHtml(o.title)}</title>
  </head>
  <body>
    <h1>Tờ khai</h1>
    <p>${escapeHtml(o.title)}</p>
    <p>Họ và tên: ........................................................</p>
    <p>Ngày sinh: ...................... Số định danh cá nhân: ......................</p>
    <p>Mục đích: ........................................................</p>
  </body>
</html>
`;
  const readme = `# ${o.title}

The service plugin for procedure \`${o.code}\` of agency \`${o.agency}\`, written against
\`@egov/sdk\` ${SDK_VERSION}. The manifest is \`src/index.ts\`, the checks the e-form cannot
express are \`src/hooks.ts\`, the downloadable form is \`forms/to-khai.html\`.

Check it as DoIC will: \`pnpm sandbox check <this folder>\` (from the platform's repository).
The platform's \`docs/plugin-guide.md\` describes every field.
`;
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'src/index.ts': index,
    'src/hooks.ts': hooks,
    'forms/to-khai.html': form,
    'README.md': readme,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Writes the package to `parent/<name>`; refuses a folder that exists. Returns the folder. */
export function createService(parent: string, o: ServiceOptions): string {
  const problem = optionProblem(o);
  if (problem) throw new Error(problem);
  const dir = join(parent, o.name);
  if (existsSync(dir)) throw new Error(`${dir} exists already: choose another --name or --dir`);
  for (const [path, text] of Object.entries(serviceFiles(o))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

if (process.argv[1] && basename(process.argv[1]) === 'create-service.ts') {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      agency: { type: 'string' },
      title: { type: 'string' },
      name: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const repo = resolve(import.meta.dirname, '../..');
  // pnpm runs a script in the repository's root; a relative --dir is the caller's folder.
  const parent = values.dir ? resolve(process.env.INIT_CWD ?? process.cwd(), values.dir) : join(repo, 'plugins');
  const code = positionals[0]!;
  const options: ServiceOptions = {
    code,
    agency: values.agency ?? 'STP',
    title: values.title ?? `Thủ tục ${code}`,
    name: values.name ?? code.toLowerCase(),
    workspace: resolve(parent) === join(repo, 'plugins'),
  };
  try {
    const dir = createService(parent, options);
    console.info(`wrote ${relative(process.cwd(), dir) || dir}`);
    console.info(
      options.workspace
        ? `next: pnpm install (links the SDK), then pnpm sandbox check ${relative(repo, dir)}`
        : `next: pnpm sandbox check ${dir}`,
    );
  } catch (error) {
    console.error(`create-service: ${(error as Error).message}`);
    process.exit(2);
  }
}
