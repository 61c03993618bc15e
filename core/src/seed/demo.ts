import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgencyKind, Role } from '@egov/schema/client';
import { installPluginVersion } from '../catalog/install.ts';
import type { Config } from '../config.ts';
import type { PrismaClient } from '../db/client.ts';
import { hashPassword } from '../identity/password.ts';
import { grant } from '../identity/roles.ts';
import type { ArtifactStore } from '../plugin-artifact/artifact.ts';
import { buildPluginPackage } from '../plugin-artifact/build.ts';
import type { ProcedureValues } from '../procedures/procedure-file.ts';
import { writeProcedures } from '../procedures/procedure-register.ts';

/** The password of every demo account (listed in the README). Demo data is off in production. */
export const DEMO_PASSWORD = 'Demo@12345';

export const demoAgencies: { code: string; name: string; kind: AgencyKind; address: string; phone: string; website?: string }[] = [
  {
    code: 'STTTT',
    name: 'Sở Thông tin và Truyền thông thành phố Đà Nẵng',
    kind: 'DOIC',
    address: 'Tầng 15, Trung tâm Hành chính, 24 Trần Phú, Hải Châu, Đà Nẵng',
    phone: '02363840048',
  },
  {
    code: 'STP',
    name: 'Sở Tư pháp thành phố Đà Nẵng',
    kind: 'DEPARTMENT',
    address: 'Tầng 17, Trung tâm Hành chính, 24 Trần Phú, Hải Châu, Đà Nẵng',
    phone: '02363822220',
  },
  { code: 'HCH', name: 'UBND quận Hải Châu', kind: 'DISTRICT', address: '270 Trưng Nữ Vương, Hải Châu, Đà Nẵng', phone: '02363822211' },
  { code: 'STR', name: 'UBND quận Sơn Trà', kind: 'DISTRICT', address: '1 Lê Văn Thứ, Sơn Trà, Đà Nẵng', phone: '02363933199' },
  { code: 'PTT', name: 'UBND phường Thạch Thang', kind: 'WARD', address: '37 Lê Lợi, Hải Châu, Đà Nẵng', phone: '02363821356' },
];

/** The specialist departments received dossiers are routed to (R9.1). */
export const demoDepartments: Record<string, { code: string; name: string }[]> = {
  STP: [
    { code: 'HCTP', name: 'Phòng Hành chính tư pháp' },
    { code: 'LLTP', name: 'Phòng Lý lịch tư pháp' },
  ],
  HCH: [{ code: 'TCKH', name: 'Phòng Tài chính - Kế hoạch' }],
  STR: [{ code: 'QLDT', name: 'Phòng Quản lý đô thị' }],
  PTT: [{ code: 'TPHT', name: 'Bộ phận Tư pháp - Hộ tịch' }],
};

interface DemoAccount {
  email: string;
  fullName: string;
  kind: 'CITIZEN' | 'ORGANIZATION' | 'AGENT' | 'STAFF';
  role: Role;
  agency?: string;
  nationalId?: string;
  taxCode?: string;
  phone: string;
}

/** One account per role; agency staff for every agency that owns an example service. */
export function demoAccounts(): DemoAccount[] {
  const cityWide: DemoAccount[] = [
    {
      email: 'citizen@demo.egov.vn',
      fullName: 'Nguyễn Văn An',
      kind: 'CITIZEN',
      role: 'CITIZEN',
      nationalId: '048090012345',
      phone: '0905123456',
    },
    {
      email: 'organization@demo.egov.vn',
      fullName: 'Công ty TNHH Thương mại Sông Hàn',
      kind: 'ORGANIZATION',
      role: 'ORGANIZATION',
      taxCode: '0401234566',
      phone: '02363812345',
    },
    {
      email: 'agent@demo.egov.vn',
      fullName: 'Đại lý dịch vụ công Bưu điện Đà Nẵng',
      kind: 'AGENT',
      role: 'AGENT',
      taxCode: '0407654327',
      phone: '02363821111',
    },
    { email: 'doic@demo.egov.vn', fullName: 'Trần Thị Bình (Sở TT&TT)', kind: 'STAFF', role: 'DOIC_ADMIN', phone: '0905000001' },
    {
      email: 'infocenter@demo.egov.vn',
      fullName: 'Lê Văn Cường (Trung tâm Thông tin DVC)',
      kind: 'STAFF',
      role: 'INFO_CENTER',
      phone: '0905000002',
    },
  ];
  const staffRoles = [
    ['reception', 'RECEPTION_OFFICER', 'Cán bộ tiếp nhận'],
    ['specialist', 'SPECIALIST', 'Chuyên viên'],
    ['admin', 'AGENCY_ADMIN', 'Quản trị'],
  ] as const;
  const staff = demoAgencies
    .filter((a) => a.kind !== 'DOIC')
    .flatMap((agency, i) =>
      staffRoles.map(([prefix, role, title], j) => ({
        email: `${prefix}.${agency.code.toLowerCase()}@demo.egov.vn`,
        fullName: `${title} ${agency.code}`,
        kind: 'STAFF' as const,
        role,
        agency: agency.code,
        phone: `09051${String(i).padStart(2, '0')}${String(j).padStart(3, '0')}`,
      })),
    );
  return [...cityWide, ...staff];
}

/**
 * Procedures of the registry (R4.3) that no example plugin implements yet: the one the README
 * tour integrates (the `test/fixtures/plugins/marital-status-*` packages), and one the
 * upload tests file packages for.
 */
export const demoProcedures: ProcedureValues[] = [
  {
    code: 'DNG-PTT-HT-XNHN-01',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    agencyCode: 'PTT',
    field: 'Hộ tịch',
    decisionNumber: null,
    decidedOn: null,
  },
  {
    code: 'DNG-PTT-TEST-02',
    name: 'Thủ tục thử nghiệm tải gói dịch vụ (dữ liệu kiểm thử)',
    agencyCode: 'PTT',
    field: 'Hộ tịch',
    decisionNumber: null,
    decidedOn: null,
  },
];

/** Example plugin packages: every folder under plugins/ with a package.json. */
export async function examplePluginPaths(pluginRoot: string): Promise<string[]> {
  const entries = await readdir(join(pluginRoot, 'plugins'), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => `plugins/${e.name}`)
    .sort();
}

/**
 * Fills a new database with the demo agencies, one account per role, the registry's
 * procedures (those of the example services, from their manifests, and `demoProcedures`) and
 * the example services live. Does nothing when the database already has agencies.
 */
export async function seedDemo(
  prisma: PrismaClient,
  config: Pick<Config, 'pluginRoot'>,
  artifacts: ArtifactStore,
  logger: Pick<Console, 'info'> = console,
) {
  if ((await prisma.agency.count()) > 0) return false;
  // Build every package (the platform's own, built as the sandbox builds any) and store its
  // artifact before writing anything, then write everything or nothing.
  const plugins = await Promise.all((await examplePluginPaths(config.pluginRoot)).map((p) => buildPluginPackage(config.pluginRoot, p)));
  for (const plugin of plugins) await artifacts.put(plugin.artifact);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  await prisma.$transaction(
    async (tx) => {
      for (const agency of demoAgencies) {
        await tx.agency.create({ data: { ...agency, departments: { create: demoDepartments[agency.code] ?? [] } } });
      }
      const agencyIds = new Map((await tx.agency.findMany({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
      for (const { role, agency, ...account } of demoAccounts()) {
        const agencyId = agency ? (agencyIds.get(agency) ?? null) : null;
        await tx.account.create({
          data: { ...account, passwordHash, identityVerifiedAt: now, roleGrants: { create: grant(role, agencyId) } },
        });
      }
      const procedures = [
        ...plugins.map(({ manifest: m }) => ({
          code: m.code,
          name: m.title,
          agencyCode: m.agency,
          field: m.field,
          decisionNumber: null,
          decidedOn: null,
        })),
        ...demoProcedures,
      ];
      await writeProcedures(
        tx,
        procedures.map((values, i) => ({ row: i + 1, values })),
        'import',
        now,
      );
      for (const plugin of plugins) await installPluginVersion(tx, plugin, { live: true, now });
    },
    { timeout: 60_000 },
  );
  logger.info(
    `Seeded demo data: ${demoAgencies.length} agencies, ${demoAccounts().length} accounts, ${plugins.length + demoProcedures.length} procedures, ${plugins.length} services`,
  );
  return true;
}
