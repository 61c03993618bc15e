import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCatalog, createApp, installPluginVersion, loadConfig, type App, type Artifact, type CheckId } from '@egov/core';
import { attachmentFields, type FormDefinition, type ServiceManifest } from '@egov/sdk';

/**
 * One check's outcome, the shape of the sandbox report's checks (`CheckResult` in
 * `./checks.ts`, moving to `@egov/core`); declared here so this file does not depend on where
 * it lives.
 */
export interface CheckResult {
  id: string;
  title: string;
  severity: 'error' | 'warning' | 'info';
  passed: boolean;
  details: string[];
}

export interface TrialRunOptions {
  /** The time the trial platform runs at (dossier deadlines, the hooks' `today`). @default () => new Date() */
  clock?: () => Date;
}

const ID = 'TRIAL.RUN' satisfies CheckId;
const TITLE = checkCatalog[ID].title.en;
/** The department the trial agency routes received dossiers to (R9.1). */
const DEPARTMENT = 'TRIAL';
/** The statuses a dossier passes through from submission to delivery (Art. 9-11). */
const JOURNEY = ['SUBMITTED', 'RECEIVED', 'IN_PROCESSING', 'RESULT_READY', 'DELIVERED'];

/**
 * R13.4: trial-runs a plugin package on the real platform before integration. Builds the
 * application on a throw-away SQLite database, installs the package live for a trial agency
 * and, through the GraphQL API: checks the catalog serves this version and its form templates
 * (every level); files each fixture as a citizen, accepted or refused with the declared field
 * errors, the plugin's own validation hook included; and takes the first accepted dossier
 * through reception, processing and delivery (levels 3 and 4). Every failed step is a detail;
 * nothing is thrown. The database and uploaded files are deleted afterwards.
 */
export async function trialRun(artifact: Artifact, options: TrialRunOptions = {}): Promise<CheckResult> {
  const clock = options.clock ?? (() => new Date());
  const manifest = artifact.index.manifest;
  const details: string[] = [];
  let dir: string | undefined;
  let app: App | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), 'egov-trial-'));
    // The platform's plugin root is an empty folder of the trial's own: the platform runs the
    // artifact (from its artifact store), never the package folder.
    const pluginRoot = join(dir, 'plugins');
    await mkdir(pluginRoot);
    app = await createApp(trialConfig(dir, pluginRoot), {
      clock,
      // Migrations are reported at info level; a warning here (an artifact the registry would
      // not serve) is a failure of the trial.
      logger: { info: () => {}, warn: (message: string) => details.push(`platform: ${message}`) },
    });
    const staff = await seedAgency(app, manifest);
    await app.artifacts.put(artifact);
    await app.prisma.$transaction((tx) =>
      installPluginVersion(tx, { artifact, sourcePath: `trial/${manifest.code}` }, { live: true, now: clock() }),
    );
    await app.registry.loadLive(app.prisma);
    const api = trialApi(app);
    details.push(...(await catalogChecks(api, manifest)));
    if (manifest.level >= 3 && manifest.form) details.push(...(await dossierChecks(api, manifest, manifest.form, staff)));
  } catch (error) {
    details.push(`trial run stopped: ${errorText(error)}`);
  } finally {
    await app?.close().catch((error: unknown) => details.push(`closing the trial platform failed: ${errorText(error)}`));
    if (dir)
      await rm(dir, { recursive: true, force: true }).catch((error: unknown) =>
        details.push(`removing ${dir} failed: ${errorText(error)}`),
      );
  }
  return { id: ID, title: TITLE, severity: 'error', passed: details.length === 0, details };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

function trialConfig(dir: string, pluginRoot: string) {
  return loadConfig({
    DATABASE_URL: `file:${join(dir, 'trial.db')}`,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEMO: 'false',
    PLUGIN_ROOT: pluginRoot,
    PACKAGES_DIR: join(pluginRoot, '.packages'),
    ARTIFACTS_DIR: join(dir, 'artifacts'),
    FILES_DIR: join(dir, 'files'),
    // Links the API hands out (form templates, results) point back into the trial app.
    PUBLIC_URL: 'http://trial',
    OVERDUE_SWEEP_SECONDS: '0',
    PORT: '0',
  });
}

interface Staff {
  reception: string;
  specialist: string;
}

/**
 * The manifest's agency with one department and a reception officer and a specialist, whose
 * tokens the trial signs itself: they have no password and cannot sign in otherwise.
 */
async function seedAgency(app: App, manifest: ServiceManifest): Promise<Staff> {
  const agency = await app.prisma.agency.create({
    data: {
      code: manifest.agency,
      name: `Cơ quan chạy thử ${manifest.agency}`,
      kind: 'DEPARTMENT',
      departments: { create: [{ code: DEPARTMENT, name: 'Phòng chuyên môn chạy thử' }] },
    },
  });
  const member = async (role: 'RECEPTION_OFFICER' | 'SPECIALIST', email: string, fullName: string) => {
    const account = await app.prisma.account.create({
      data: {
        email,
        fullName,
        kind: 'STAFF',
        passwordHash: '!', // matches no password
        identityVerifiedAt: app.clock(),
        // The shape of identity/roles.ts `grant` for an agency role.
        roleGrants: { create: { role, agencyId: agency.id, scope: agency.id } },
      },
    });
    return (await app.tokens.sign(account.id)).token;
  };
  return {
    reception: await member('RECEPTION_OFFICER', 'reception@trial.invalid', 'Cán bộ tiếp nhận (chạy thử)'),
    specialist: await member('SPECIALIST', 'specialist@trial.invalid', 'Chuyên viên (chạy thử)'),
  };
}

interface ApiError {
  message: string;
  extensions?: { code?: string; fields?: { field: string; code?: string; message: string }[] };
}

interface Answer<T> {
  data?: T | null;
  errors?: ApiError[];
}

interface Api {
  /** Runs an operation, as `token`'s holder, with these uploads. */
  graphql<T>(query: string, variables: Record<string, unknown>, token?: string, files?: Record<string, File>): Promise<Answer<T>>;
  /** GETs a link the API handed out (they all point into the trial app). */
  get(url: string): Promise<Response>;
}

/**
 * Operations through `yoga.fetch`, as a client sends them: JSON, or a GraphQL multipart request
 * when there are files (each under its variable path, e.g. `input.attachments.0.file`). Both
 * state their length, which the server requires.
 */
function trialApi(app: App): Api {
  const graphql = async (query: string, variables: Record<string, unknown>, token?: string, files: Record<string, File> = {}) => {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let init: RequestInit;
    const paths = Object.keys(files);
    if (paths.length === 0) {
      const body = JSON.stringify({ query, variables });
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...auth },
        body,
      };
    } else {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query, variables }));
      form.set('map', JSON.stringify(Object.fromEntries(paths.map((path, i) => [String(i), [`variables.${path}`]]))));
      paths.forEach((path, i) => form.set(String(i), files[path]!));
      const encoded = new Request('http://trial/graphql', { method: 'POST', body: form });
      const body = await encoded.arrayBuffer();
      init = {
        method: 'POST',
        headers: {
          'content-type': encoded.headers.get('content-type') ?? '',
          'content-length': String(body.byteLength),
          'graphql-require-preflight': '1',
          ...auth,
        },
        body,
      };
    }
    const response = await app.yoga.fetch('http://trial/graphql', init);
    return (await response.json()) as Answer<never>;
  };
  return { graphql, get: async (url) => app.yoga.fetch(url) };
}

const fieldList = (error: ApiError | undefined) =>
  (error?.extensions?.fields ?? []).map((f) => `${f.field.replace(/^formData\./, '')}:${f.code ?? '?'}`);

/** An error answer as a detail reads it: `BAD_USER_INPUT on purpose:REJECTED_BY_SERVICE (why)`, or `CODE: message`. */
function describeErrors(errors: ApiError[] | undefined): string {
  const first = errors?.[0];
  if (!first) return 'no data';
  const code = first.extensions?.code ?? 'error';
  const fields = first.extensions?.fields ?? [];
  if (fields.length === 0) return `${code}: ${first.message}`;
  return `${code} on ${fields.map((f) => `${f.field.replace(/^formData\./, '')}:${f.code ?? '?'} (${f.message})`).join(', ')}`;
}

class StepFailed extends Error {}

/** The data of a successful answer; StepFailed naming the step otherwise. */
function dataOf<T>(step: string, answer: Answer<T>): T {
  if (answer.errors?.length || !answer.data) throw new StepFailed(`${step} failed: ${describeErrors(answer.errors)}`);
  return answer.data;
}

const SERVICE = /* GraphQL */ `query TrialService($code: String!) { service(code: $code) { code version level forms { code url } } }`;

/** Every level: the catalog serves the candidate version, and each form template shipped in the package downloads (R4.4, R12.1). */
async function catalogChecks(api: Api, manifest: ServiceManifest): Promise<string[]> {
  type Service = { code: string; version: string; level: number; forms: { code: string; url: string }[] } | null;
  const answer = await api.graphql<{ service: Service }>(SERVICE, { code: manifest.code });
  const service = answer.data?.service;
  if (answer.errors?.length) return [`catalog: service(${manifest.code}) failed: ${describeErrors(answer.errors)}`];
  if (!service) return [`catalog: service(${manifest.code}) returned nothing`];
  const problems: string[] = [];
  if (service.version !== manifest.version)
    problems.push(`catalog: service(${manifest.code}) serves version ${service.version}, expected ${manifest.version}`);
  if (service.level !== manifest.level)
    problems.push(`catalog: service(${manifest.code}) has level ${service.level}, expected ${manifest.level}`);
  const downloads = new Map(service.forms.map((f) => [f.code, f.url]));
  for (const form of manifest.forms.filter((f) => f.file)) {
    const url = downloads.get(form.code);
    if (!url) {
      problems.push(`catalog: form "${form.code}" is not listed`);
      continue;
    }
    const response = await api.get(url);
    const size = (await response.arrayBuffer()).byteLength;
    if (response.status !== 200 || size === 0)
      problems.push(`catalog: form "${form.code}" at ${url} answered ${response.status} with ${size} bytes`);
  }
  return problems;
}

const REGISTER = /* GraphQL */ `mutation TrialRegister($input: RegisterInput!) { register(input: $input) { token } }`;
const SUBMIT = /* GraphQL */ `mutation TrialSubmit($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`;
const INBOX = /* GraphQL */ `query TrialInbox { inbox(first: 100) { edges { node { code } } } }`;
const RECEIVE = /* GraphQL */ `mutation TrialReceive($code: String!, $department: String, $note: String) {
  receiveDossier(code: $code, departmentCode: $department, identityVerificationNote: $note) { dossier { status } }
}`;
const START = /* GraphQL */ `mutation TrialStart($code: String!) { startProcessing(code: $code) { dossier { status } } }`;
const COMPLETE = /* GraphQL */ `mutation TrialComplete($code: String!, $input: ProcessingResultInput!) { completeProcessing(code: $code, input: $input) { dossier { status } } }`;
const RESULT_URL = /* GraphQL */ `query TrialResultUrl($code: String!) { dossier(code: $code) { resultUrl } }`;
const DELIVER = /* GraphQL */ `mutation TrialDeliver($code: String!, $method: DeliveryMethod) { deliverResult(code: $code, method: $method) { dossier { status } } }`;
const HISTORY = /* GraphQL */ `query TrialHistory($code: String!) { dossier(code: $code) { status history { type status } } }`;

/**
 * Levels 3/4: every fixture filed as a citizen comes out as declared (accepted with a dossier
 * code, or BAD_USER_INPUT with the declared field errors), then the first accepted dossier
 * goes through the whole journey.
 */
async function dossierChecks(api: Api, manifest: ServiceManifest, form: FormDefinition, staff: Staff): Promise<string[]> {
  const citizen = await registerCitizen(api);
  const problems: string[] = [];
  let firstAccepted: string | undefined;
  for (const fixture of manifest.fixtures) {
    const { input, files } = submission(manifest.code, form, fixture.formData);
    const answer = await api.graphql<{ submitDossier: { dossier: { code: string } } }>(SUBMIT, { input }, citizen, files);
    const code = answer.errors?.length ? undefined : answer.data?.submitDossier.dossier.code;
    if (fixture.expect === 'accepted') {
      if (code) firstAccepted ??= code;
      else problems.push(`fixture "${fixture.name}": expected acceptance, got ${describeErrors(answer.errors)}`);
      continue;
    }
    // As core's checkFixtures: the declared field errors must all be among those answered.
    const expected = fixture.expect.rejected.map((e) => `${e.field}:${e.code}`);
    const error = answer.errors?.[0];
    const got = new Set(error?.extensions?.code === 'BAD_USER_INPUT' ? fieldList(error) : []);
    if (code || error?.extensions?.code !== 'BAD_USER_INPUT' || expected.some((e) => !got.has(e))) {
      const outcome = code ? `acceptance (dossier ${code})` : describeErrors(answer.errors);
      problems.push(`fixture "${fixture.name}": expected BAD_USER_INPUT on ${expected.join(', ')}, got ${outcome}`);
    }
  }
  if (!firstAccepted) return [...problems, 'journey: not run, no fixture expected to be accepted was accepted'];
  try {
    await journey(api, manifest, firstAccepted, citizen, staff);
  } catch (error) {
    problems.push(`journey: ${error instanceof StepFailed ? error.message : `stopped: ${errorText(error)}`}`);
  }
  return problems;
}

/** A first-time citizen account through `register`, so reception must verify it (R11.1). */
async function registerCitizen(api: Api): Promise<string> {
  // Any valid CCCD: Đà Nẵng (048), male born in the 20th century (0), in 1990.
  const nationalId = `04809${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
  const input = {
    kind: 'CITIZEN',
    fullName: 'Công dân chạy thử',
    nationalId,
    email: 'citizen@trial.invalid',
    phone: '0905000000',
    password: `Tr1al-${randomBytes(12).toString('base64url')}`,
  };
  return dataOf('register', await api.graphql<{ register: { token: string } }>(REGISTER, { input })).register.token;
}

/** Leading bytes of the media types the platform recognises by content (core dossier/files.ts). */
const signatures: Record<string, number[]> = {
  'application/pdf': [...Buffer.from('%PDF-1.4\n')],
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/**
 * A file standing for a fixture's attachment value `{ name, type, size }`: of that media type,
 * as large as declared when that is over the field's limit (one byte over it, enough for
 * TOO_LARGE), else small, since the size then changes nothing. Random bytes, so no two
 * uploads are the same file.
 */
function uploadFor(value: { name: string; type: string; size: number }, maxSizeMb: number): File {
  const limit = maxSizeMb * 1024 * 1024;
  const signature = signatures[value.type] ?? [];
  const size = value.size > limit ? limit + 1 : Math.max(signature.length + 16, Math.min(value.size, 4096));
  const bytes = new Uint8Array(size);
  bytes.set(randomBytes(Math.min(size, 4096)));
  bytes.set(signature);
  return new File([bytes], value.name, { type: value.type });
}

const isAttachmentValue = (value: unknown): value is { name: string; type: string; size: number } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  typeof (value as { type?: unknown }).type === 'string' &&
  typeof (value as { size?: unknown }).size === 'number';

/**
 * The submitDossier input for a fixture. Fixtures describe an attachment as `{ name, type,
 * size }` in the form data; the API takes the file as an upload instead (the first one, for a
 * list). Anything else in an attachment field is sent as it is, for the server to refuse.
 */
function submission(serviceCode: string, form: FormDefinition, fixtureData: Record<string, unknown>) {
  const formData = { ...fixtureData };
  const attachments: { field: string; file: null }[] = [];
  const files: Record<string, File> = {};
  for (const field of attachmentFields(form)) {
    const value = formData[field.key];
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (!isAttachmentValue(first)) continue;
    delete formData[field.key];
    files[`input.attachments.${attachments.length}.file`] = uploadFor(first, field.maxSizeMb ?? 10);
    attachments.push({ field: field.key, file: null });
  }
  return { input: { serviceCode, formData, attachments }, files };
}

const pdf = (name: string) =>
  new File([Buffer.from(`%PDF-1.4\n% trial run result ${randomBytes(8).toString('hex')}\n`)], name, { type: 'application/pdf' });

/**
 * Art. 9-11 for one dossier: it reaches the agency's inbox; reception accepts it (verifying the
 * first-time account, R11.1) and routes it; a specialist processes it and records the result;
 * the result is delivered, at the desk by reception for level 3 (R11.2), online to the
 * applicant for level 4 (R11.3, after downloading the result document); its history then
 * reads submission to delivery.
 */
async function journey(api: Api, manifest: ServiceManifest, code: string, citizen: string, staff: Staff): Promise<void> {
  const inbox = dataOf('inbox', await api.graphql<{ inbox: { edges: { node: { code: string } }[] } }>(INBOX, {}, staff.reception));
  if (!inbox.inbox.edges.some((e) => e.node.code === code)) throw new StepFailed(`inbox: ${code} is not in the reception officer's inbox`);
  dataOf(
    'receiveDossier',
    await api.graphql(RECEIVE, { code, department: DEPARTMENT, note: 'Chạy thử: đã đối chiếu CCCD' }, staff.reception),
  );
  dataOf('startProcessing', await api.graphql(START, { code }, staff.specialist));
  const online = manifest.level === 4;
  const input = { note: 'Chạy thử: hồ sơ đã được giải quyết', document: null };
  dataOf(
    'completeProcessing',
    await api.graphql(COMPLETE, { code, input }, staff.specialist, online ? { 'input.document': pdf('ket-qua.pdf') } : {}),
  );
  if (online) {
    const { dossier } = dataOf(
      'dossier.resultUrl',
      await api.graphql<{ dossier: { resultUrl: string | null } }>(RESULT_URL, { code }, citizen),
    );
    if (!dossier.resultUrl) throw new StepFailed('result download: the applicant has no resultUrl');
    const response = await api.get(dossier.resultUrl);
    await response.arrayBuffer();
    if (response.status !== 200) throw new StepFailed(`result download: ${dossier.resultUrl} answered ${response.status}`);
  }
  const [method, deliverer] = online ? ['ONLINE', citizen] : ['AT_DESK', staff.reception];
  dataOf('deliverResult', await api.graphql(DELIVER, { code, method }, deliverer));
  type History = { dossier: { status: string; history: { type: string; status: string }[] } };
  const { dossier } = dataOf('dossier.history', await api.graphql<History>(HISTORY, { code }, citizen));
  const statuses = dossier.history.map((e) => e.status);
  if (dossier.status !== 'DELIVERED' || statuses.join() !== JOURNEY.join()) {
    throw new StepFailed(`history: ${dossier.status} after ${statuses.join(' → ')}, expected DELIVERED after ${JOURNEY.join(' → ')}`);
  }
}
