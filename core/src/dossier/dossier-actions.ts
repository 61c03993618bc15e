import { Prisma, type Dossier } from '@egov/schema/client';
import { formatLocalTime, localDate } from '../calendar/working-time.ts';
import { ApiError, badInput, conflict, forbidden, notFound } from '../errors.ts';
import type { Role } from '../identity/roles.ts';
import type { Viewer } from '../identity/viewer.ts';
import { HookFailure, runValidateHook } from '../hooks/hook-runner.ts';
import {
  attachmentFields,
  formKeys,
  hookErrorCode,
  validateFormData,
  type FieldError,
  type FormDefinition,
  type ServiceManifest,
} from '@egov/sdk';
import { sha256Of } from '../catalog/plugin-loader.ts';
import { contentProblem, type Upload } from './files.ts';
import { dossiers } from './dossier-lifecycle.ts';
import { mayDownloadResult, RESULT_FIELD, type DeliveryGuard, type DeliveryMethod } from './result-delivery.ts';
import type { DossierCodePattern } from './dossier-code.ts';
import type { FileStore } from './files.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { PluginRegistry } from '../catalog/plugin-registry.ts';
import type { TokenSigner } from '../identity/tokens.ts';
import type { Ports } from '../lifecycle/lifecycle.ts';

/** R9.0: reception checks an online dossier within 4 working hours. */
export const RECEPTION_HOURS = 4;

const fieldErrors = (errors: FieldError[]) =>
  errors.map((e) => ({ field: e.field ? `formData.${e.field}` : 'formData', code: e.code, message: e.message }));

/** Reads the uploads of attachment fields into the form data, storing their bytes by SHA-256. */
async function attachUploads(form: FormDefinition, uploads: readonly Upload[]) {
  const fields = new Map(form.sections.flatMap((s) => s.fields).map((f) => [f.key, f]));
  const values: Record<string, { name: string; type: string; size: number; sha256: string }> = {};
  const errors: FieldError[] = [];
  const files: { field: string; name: string; mediaType: string; size: number; sha256: string; bytes: Uint8Array }[] = [];
  for (const { field, file } of uploads) {
    const definition = fields.get(field);
    if (definition?.type !== 'attachment') {
      errors.push({ field, code: 'UNKNOWN_FIELD', message: `The form has no attachment field "${field}"` });
      continue;
    }
    if (values[field]) {
      errors.push({ field, code: 'WRONG_TYPE', message: `${definition.label}: one file only` });
      continue;
    }
    const limit = (definition.maxSizeMb ?? 10) * 1024 * 1024;
    if (file.size > limit) {
      errors.push({ field, code: 'TOO_LARGE', message: `${definition.label} must be at most ${definition.maxSizeMb ?? 10} MB` });
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const problem = contentProblem(bytes, file.type);
    if (problem) {
      errors.push({ field, code: 'INVALID_FORMAT', message: `${definition.label}: ${problem}` });
      continue;
    }
    const sha256 = sha256Of(bytes);
    const name = file.name.slice(0, 200) || 'file';
    values[field] = { name, type: file.type, size: bytes.length, sha256 };
    files.push({ field, name, mediaType: file.type, size: bytes.length, sha256, bytes });
  }
  return { values, errors, files };
}

export interface SubmitDossierInput {
  serviceCode: string;
  formData?: unknown;
  onBehalfOf?: string | null;
  idempotencyKey?: string | null;
  attachments?: readonly Upload[] | null;
}

export interface ReceiveOptions {
  departmentCode?: string | null;
  /** R11.1: what the officer checked, for an account whose identity is not verified yet. */
  identityVerificationNote?: string | null;
}

export interface ProcessingResult {
  /** The decision or result, as the applicant will read it. */
  note: string;
  /** The result document (e.g. the signed certificate), as an upload. */
  document?: File | null;
}

/** What the dossier actions need besides the request's ports; built once by `createApp`. */
export interface DossierDeps {
  registry: Pick<PluginRegistry, 'manifest' | 'hooks'>;
  /** Uploaded files, by SHA-256. */
  files: Pick<FileStore, 'put'>;
  /** The working-time calendar (reception and processing deadlines). */
  calendar: Pick<WorkingCalendar, 'time'>;
  codes: Pick<DossierCodePattern, 'next'>;
  /** Conditions results must meet before delivery (none yet; payments add one). */
  deliveryGuards: readonly DeliveryGuard[];
  /** Signs result download links. */
  tokens: Pick<TokenSigner, 'signLink'>;
  publicUrl: string;
}

/**
 * The dossier actions: each loads the dossier for its lifecycle action (visibility, who may,
 * from which status), does the action's own work (forms, uploads, hooks, deadlines) and acts
 * through the engine. One instance per app; the request's ports come with every call.
 */
export class DossierActions {
  constructor(private readonly deps: DossierDeps) {}
  /** Runs the plugin's validation hook, isolated; PLUGIN_FAILED when it cannot answer. */
  private async hookErrors(ctx: Ports, versionId: string, manifest: ServiceManifest, data: Record<string, unknown>): Promise<FieldError[]> {
    if (!manifest.hooks) return [];
    const hooks = await this.deps.registry.hooks(ctx.prisma, versionId);
    const failed = (why: string) =>
      new ApiError('PLUGIN_FAILED', `The service’s own checks could not run; nothing was stored. Try again later. (${why})`);
    if (!hooks) throw failed('its checked artifact is unavailable');
    const today = localDate(ctx.clock());
    try {
      const problems = await runValidateHook(hooks, data, { today });
      // As the sandbox's HOOKS.ANSWERS asks of them: a field of the e-form (else the form as a
      // whole) and a code of the one shape (else the default), whatever the package answers.
      const keys = formKeys(manifest.form);
      return problems.map((p) => ({
        field: keys.has(p.field) ? p.field : '',
        code: (p.code !== undefined && hookErrorCode.test(p.code) ? p.code : 'REJECTED_BY_SERVICE') as FieldError['code'],
        message: p.message,
      }));
    } catch (error) {
      if (error instanceof HookFailure) throw failed(error.message);
      throw error;
    }
  }

  /**
   * Form data checked against the version's e-form, then by the plugin's validation hook, with
   * uploads in place; BAD_USER_INPUT naming every field.
   */
  private async checkedFormData(
    ctx: Ports,
    version: { id: string; manifest: ServiceManifest },
    formData: unknown,
    uploads: readonly Upload[],
    keep: Record<string, unknown> = {},
  ) {
    const form = version.manifest.form!;
    if (typeof formData !== 'object' || formData === null || Array.isArray(formData)) {
      throw badInput('formData must be an object keyed by field', [
        { field: 'input.formData', message: 'must be an object keyed by field' },
      ]);
    }
    const attached = await attachUploads(form, uploads);
    // Attachment fields take their value from uploads (or an earlier upload) only: a value sent
    // in formData would claim a file that was never received.
    const attachmentKeys = new Set(attachmentFields(form).map((f) => f.key));
    const claimed: FieldError[] = Object.keys(formData as object)
      .filter((k) => attachmentKeys.has(k) && Object.hasOwn(formData as object, k))
      .map((field) => ({ field, code: 'WRONG_TYPE', message: `${field} takes an uploaded file (attachments), not a value in formData` }));
    const data = { ...(formData as Record<string, unknown>), ...keep, ...attached.values };
    const errors = [...claimed, ...attached.errors, ...(claimed.length ? [] : validateFormData(form, data))];
    if (errors.length === 0) errors.push(...(await this.hookErrors(ctx, version.id, version.manifest, data)));
    if (errors.length)
      throw badInput(`The form has ${errors.length} error(s): ${errors.map((e) => e.message).join('; ')}`, fieldErrors(errors));
    // Only an accepted submission's files reach the store.
    const files = await Promise.all(
      attached.files.map(async ({ bytes, ...file }) => ({ ...file, sha256: await this.deps.files.put(bytes) })),
    );
    return { data, files };
  }

  /** Who the dossier is for: the viewer, or (agents only) the account `onBehalfOf` names. */
  private async applicantFor(ctx: Ports, viewer: Viewer, onBehalfOf: string | null | undefined): Promise<string> {
    const isAgent = viewer.hasRole('AGENT');
    if (!onBehalfOf) {
      if (isAgent)
        throw badInput('An agent files for an applicant: give onBehalfOf', [
          { field: 'input.onBehalfOf', message: 'is required for an agent' },
        ]);
      return viewer.id;
    }
    // (Only an agent gets here with onBehalfOf: submitDossier's auth scope.)
    const key = onBehalfOf.trim();
    const applicant = await ctx.prisma.account.findFirst({
      where: {
        OR: [{ email: key.toLowerCase() }, { nationalId: key }, { taxCode: key }],
        kind: { in: ['CITIZEN', 'ORGANIZATION'] },
        disabledAt: null,
      },
      select: { id: true },
    });
    if (!applicant) {
      throw badInput('onBehalfOf names no citizen or organization account', [
        { field: 'input.onBehalfOf', message: 'no such citizen or organization account' },
      ]);
    }
    return applicant.id;
  }

  /**
   * Files a dossier for a live level-3/4 service: validated against the version's e-form, stored
   * with its attachments and its first event, and pinned to that version. R9.0: reception is
   * due 4 working hours later. With `idempotencyKey`, a retry returns the dossier already filed.
   */
  async submitDossier(ctx: Ports, input: SubmitDossierInput): Promise<{ dossier: Dossier; created: boolean }> {
    const viewer = ctx.viewer!;
    const key = input.idempotencyKey?.trim() || null;
    const previous = async () =>
      key
        ? ctx.prisma.dossier.findUnique({ where: { submittedById_idempotencyKey: { submittedById: viewer.id, idempotencyKey: key } } })
        : null;
    const serviceCode = input.serviceCode.trim().toUpperCase();
    const applicantId = await this.applicantFor(ctx, viewer, input.onBehalfOf);
    const repeat = async (dossier: Dossier) => {
      const version = await ctx.prisma.pluginVersion.findUniqueOrThrow({ where: { id: dossier.pluginVersionId }, select: { code: true } });
      if (version.code !== serviceCode || dossier.applicantId !== applicantId) {
        throw conflict(`idempotencyKey was used for dossier ${dossier.code}, of another service or applicant`, 'idempotencyKey');
      }
      return { dossier, created: false };
    };
    const earlier = await previous();
    if (earlier) return repeat(earlier);

    const version = await ctx.prisma.pluginVersion.findFirst({
      where: { code: serviceCode, status: 'LIVE' },
      select: {
        id: true,
        code: true,
        level: true,
        agencyId: true,
        agency: { select: { code: true } },
        plugin: { select: { suspendedAt: true, suspendedReason: true } },
      },
    });
    if (!version) throw notFound(`No live service with code ${input.serviceCode}`);
    if (version.plugin.suspendedAt) {
      throw new ApiError(
        'SERVICE_SUSPENDED',
        `${version.code} is suspended by DoIC and takes no dossiers for now: ${version.plugin.suspendedReason ?? ''}`.trim(),
      );
    }
    if (version.level < 3) {
      throw badInput(`${version.code} is a level-${version.level} service: its dossier is filed in person or by post`, [
        { field: 'input.serviceCode', message: 'is not an online (level 3/4) service' },
      ]);
    }
    const manifest = await this.deps.registry.manifest(ctx.prisma, version.id);
    const { data, files } = await this.checkedFormData(ctx, { id: version.id, manifest }, input.formData, input.attachments ?? []);
    const now = ctx.clock();
    const receptionDueAt = this.deps.calendar.time.addWorkingHours(now, RECEPTION_HOURS);

    try {
      const dossier = await dossiers.create(
        ctx,
        input.onBehalfOf ? 'submitOnBehalf' : 'submit',
        version.agencyId,
        async (tx, status) =>
          tx.dossier.create({
            data: {
              code: await this.deps.codes.next(tx, version.agency.code, now),
              status,
              pluginVersionId: version.id,
              agencyId: version.agencyId,
              applicantId,
              submittedById: viewer.id,
              idempotencyKey: key,
              formData: JSON.stringify(data),
              submittedAt: now,
              receptionDueAt,
              eventCount: 1,
              attachments: { create: files.map((f) => ({ ...f, uploadedById: viewer.id })) },
            },
          }),
        (d) => ({
          notice: `Hồ sơ ${d.code} đã được nộp; bộ phận tiếp nhận sẽ kiểm tra trước ${formatLocalTime(receptionDueAt)}.`,
        }),
      );
      return { dossier, created: true };
    } catch (error) {
      // The same key submitted twice at once: the unique index lets one through; return it.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && key) {
        const winner = await previous();
        if (winner) return repeat(winner);
      }
      throw error;
    }
  }

  /** R9.2: reception tells the applicant what is missing. */
  async requestSupplement(ctx: Ports, code: string, reason: string): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'requestSupplement', code);
    return dossiers.act(ctx, dossier, 'requestSupplement', {
      note: reason,
      notice: `Hồ sơ ${dossier.code} cần bổ sung: ${reason}`,
    });
  }

  /** The applicant completes the dossier; reception has 4 working hours again. */
  async submitSupplement(ctx: Ports, code: string, formData: unknown, uploads: readonly Upload[] = []): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'submitSupplement', code);
    const manifest = await this.deps.registry.manifest(ctx.prisma, dossier.pluginVersionId);
    const earlier = JSON.parse(dossier.formData) as Record<string, unknown>;
    const form = manifest.form!;
    // Attachments already given stay unless replaced.
    const keep = Object.fromEntries(
      attachmentFields(form)
        .filter((f) => earlier[f.key] !== undefined)
        .map((f) => [f.key, earlier[f.key]]),
    );
    const { data, files } = await this.checkedFormData(ctx, { id: dossier.pluginVersionId, manifest }, formData, uploads, keep);
    const now = ctx.clock();
    return dossiers.act(ctx, dossier, 'submitSupplement', {
      data: {
        formData: JSON.stringify(data),
        receptionDueAt: this.deps.calendar.time.addWorkingHours(now, RECEPTION_HOURS),
        overdueAt: null,
      },
      before: async (tx) => {
        if (files.length)
          await tx.attachment.createMany({ data: files.map((f) => ({ ...f, dossierId: dossier.id, uploadedById: ctx.viewer!.id })) });
      },
    });
  }

  /**
   * R9.1: reception accepts the dossier, routes it to a department and starts the processing
   * clock (R10.2: the procedure's working days). R11.1: a first-time account's identity is
   * verified in the same step.
   */
  async receiveDossier(ctx: Ports, code: string, options: ReceiveOptions = {}): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'receive', code);
    const applicant = await ctx.prisma.account.findUniqueOrThrow({
      where: { id: dossier.applicantId },
      select: { identityVerifiedAt: true },
    });
    const note = options.identityVerificationNote?.trim() || null;
    if (!applicant.identityVerifiedAt && !note) {
      throw badInput('The applicant account is not verified yet: record what identity documents you checked (R11.1)', [
        { field: 'identityVerificationNote', message: 'is required for a first-time account' },
      ]);
    }
    const departments = await ctx.prisma.department.findMany({ where: { agencyId: dossier.agencyId }, orderBy: { code: 'asc' } });
    const department = options.departmentCode
      ? departments.find((d) => d.code === options.departmentCode?.trim().toUpperCase())
      : departments.length === 1
        ? departments[0]
        : undefined;
    if (!department) {
      throw badInput(
        options.departmentCode
          ? `The agency has no department ${options.departmentCode}`
          : `Choose the department: ${departments.map((d) => d.code).join(', ')}`,
        [{ field: 'departmentCode', message: `one of ${departments.map((d) => d.code).join(', ') || '(none)'}` }],
      );
    }
    const manifest = await this.deps.registry.manifest(ctx.prisma, dossier.pluginVersionId);
    const now = ctx.clock();
    const processingDueAt = this.deps.calendar.time.addWorkingDays(now, manifest.processingDays);
    const verified = !applicant.identityVerifiedAt && note;
    return dossiers.act(ctx, dossier, 'receive', {
      data: { receivedAt: now, departmentId: department.id, processingDueAt, overdueAt: null },
      note: [
        `Chuyển ${department.name}; hạn giải quyết ${formatLocalTime(processingDueAt)}`,
        verified ? `Đã xác minh danh tính: ${note}` : null,
      ]
        .filter(Boolean)
        .join('. '),
      notice: `Hồ sơ ${dossier.code} đã được tiếp nhận; hạn trả kết quả: ${formatLocalTime(processingDueAt)}.`,
      before: async (tx) => {
        if (verified) {
          await tx.account.update({
            where: { id: dossier.applicantId },
            data: { identityVerifiedAt: now, identityVerifiedById: ctx.viewer!.id, identityVerificationNote: note },
          });
        }
      },
    });
  }

  /** The applicant (or the filing agent) takes the dossier back before reception accepts it. */
  async withdrawDossier(ctx: Ports, code: string, reason?: string | null): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'withdraw', code);
    return dossiers.act(ctx, dossier, 'withdraw', { note: reason?.trim() || null });
  }

  /** A specialist of the dossier's agency takes up a received dossier (it becomes theirs). */
  async startProcessing(ctx: Ports, code: string): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'startProcessing', code);
    return dossiers.act(ctx, dossier, 'startProcessing', { data: { assigneeId: ctx.viewer!.id } });
  }

  /**
   * R10.1: moves a received or in-process dossier to another department of the same agency.
   * Not a change of status: one TRANSFERRED event; no one is assigned until a specialist there
   * takes it; the processing deadline is unchanged.
   */
  async transferDossier(ctx: Ports, code: string, departmentCode: string, note?: string | null): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'transfer', code);
    const department = await ctx.prisma.department.findUnique({
      where: { agencyId_code: { agencyId: dossier.agencyId, code: departmentCode.trim().toUpperCase() } },
    });
    if (!department)
      throw badInput(`The agency has no department ${departmentCode}`, [
        { field: 'departmentCode', message: 'no such department in this agency' },
      ]);
    if (department.id === dossier.departmentId)
      throw badInput(`The dossier is already with ${department.name}`, [{ field: 'departmentCode', message: 'is the current department' }]);
    return dossiers.act(ctx, dossier, 'transfer', {
      note: `Chuyển ${department.name}${note?.trim() ? `: ${note.trim()}` : ''}`,
      data: { departmentId: department.id, assigneeId: null },
    });
  }

  /** R10: the specialist records the result; the dossier is ready for delivery. */
  async completeProcessing(ctx: Ports, code: string, result: ProcessingResult): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'completeProcessing', code);
    let document: { name: string; mediaType: string; size: number; sha256: string } | null = null;
    if (result.document) {
      const bytes = new Uint8Array(await result.document.arrayBuffer());
      if (bytes.length > 20 * 1024 * 1024)
        throw badInput('The result document must be at most 20 MB', [{ field: 'input.document', message: 'too large' }]);
      const problem = contentProblem(bytes, result.document.type);
      if (problem || !['application/pdf', 'image/jpeg', 'image/png'].includes(result.document.type)) {
        throw badInput(`The result document must be a PDF, JPEG or PNG file${problem ? `: ${problem}` : ''}`, [
          { field: 'input.document', message: problem ?? 'unsupported type' },
        ]);
      }
      document = {
        name: result.document.name.slice(0, 200) || 'ket-qua.pdf',
        mediaType: result.document.type,
        size: bytes.length,
        sha256: await this.deps.files.put(bytes),
      };
    }
    const now = ctx.clock();
    return dossiers.act(ctx, dossier, 'completeProcessing', {
      data: { resultReadyAt: now, resultNote: result.note },
      note: result.note,
      notice: `Hồ sơ ${dossier.code} đã có kết quả.`,
      before: async (tx) => {
        if (document)
          await tx.attachment.create({ data: { ...document, field: RESULT_FIELD, dossierId: dossier.id, uploadedById: ctx.viewer!.id } });
      },
    });
  }

  /**
   * R11.1 at the desk: a reception officer of an agency the applicant has a dossier with records
   * that the account holder's identity documents were checked.
   */
  async verifyApplicantIdentity(ctx: Ports, code: string, note: string): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'verifyIdentity', code);
    const applicant = await ctx.prisma.account.findUniqueOrThrow({
      where: { id: dossier.applicantId },
      select: { identityVerifiedAt: true },
    });
    if (applicant.identityVerifiedAt) throw conflict('The applicant’s identity is already verified');
    const now = ctx.clock();
    return dossiers.act(ctx, dossier, 'verifyIdentity', {
      note: `Đã xác minh danh tính: ${note}`,
      before: async (tx) => {
        const { count } = await tx.account.updateMany({
          where: { id: dossier.applicantId, identityVerifiedAt: null },
          data: { identityVerifiedAt: now, identityVerifiedById: ctx.viewer!.id, identityVerificationNote: note },
        });
        if (count === 0) throw conflict('The applicant’s identity is already verified');
      },
    });
  }

  /**
   * R11.2/R11.3: the result reaches the applicant. Level 3: handed over at the reception desk.
   * Level 4: downloaded online (the applicant or the filing agent, through the authorized link)
   * or sent by post with a tracking note (reception). DELIVERED is final. Without a method:
   * AT_DESK for level 3, ONLINE for level 4.
   */
  async deliverResult(ctx: Ports, code: string, requested: DeliveryMethod | null | undefined, note?: string | null): Promise<Dossier> {
    const dossier = await dossiers.visible(ctx, code);
    const version = await ctx.prisma.pluginVersion.findUniqueOrThrow({ where: { id: dossier.pluginVersionId }, select: { level: true } });
    const method = requested ?? (version.level === 3 ? 'AT_DESK' : 'ONLINE');
    if (version.level === 3 && method !== 'AT_DESK') {
      throw badInput('A level-3 result is handed over at the reception desk (R11.2)', [
        { field: 'method', message: 'must be AT_DESK for level 3' },
      ]);
    }
    if (version.level === 4 && method === 'AT_DESK') {
      throw badInput('A level-4 result is delivered online or by post (R11.3)', [
        { field: 'method', message: 'must be ONLINE or POST for level 4' },
      ]);
    }
    const action = method === 'ONLINE' ? 'deliverOnline' : 'handOverResult';
    dossiers.check(ctx, dossier, action);
    if (method === 'POST' && !note?.trim())
      throw badInput('Give the postal tracking note', [{ field: 'note', message: 'is required for POST' }]);
    for (const guard of this.deps.deliveryGuards) {
      const reason = await guard(dossier);
      if (reason) throw new ApiError('INVALID_TRANSITION', reason);
    }
    const labels: Record<DeliveryMethod, string> = {
      AT_DESK: 'Trả kết quả tại bộ phận một cửa',
      ONLINE: 'Nhận kết quả trực tuyến',
      POST: 'Gửi kết quả qua bưu chính',
    };
    return dossiers.act(ctx, dossier, action, {
      data: { deliveredAt: ctx.clock() },
      note: [labels[method], note?.trim()].filter(Boolean).join(': '),
    });
  }

  /** Rejects a dossier with a reason (reception before or after acceptance, or the specialist). */
  async rejectDossier(ctx: Ports, code: string, reason: string): Promise<Dossier> {
    const dossier = await dossiers.load(ctx, 'reject', code);
    return dossiers.act(ctx, dossier, 'reject', { note: reason, notice: `Hồ sơ ${dossier.code} không được giải quyết: ${reason}` });
  }

  /**
   * R10.1: the agency's admin or a specialist gives a received or in-process dossier to a
   * specialist of the agency (by e-mail). From RECEIVED this starts processing.
   */
  async assignDossier(ctx: Ports, code: string, specialistEmail: string): Promise<Dossier> {
    const { row: dossier, action } = await dossiers.loadFor(ctx, ['assign', 'reassign'], code);
    const specialist = await ctx.prisma.account.findFirst({
      where: {
        email: specialistEmail.trim().toLowerCase(),
        disabledAt: null,
        roleGrants: { some: { role: 'SPECIALIST', agencyId: dossier.agencyId } },
      },
      select: { id: true, fullName: true },
    });
    if (!specialist)
      throw badInput('No specialist of this agency has that e-mail', [
        { field: 'specialistEmail', message: 'not a specialist of the agency' },
      ]);
    if (action === 'assign')
      return dossiers.act(ctx, dossier, 'assign', { data: { assigneeId: specialist.id }, note: `Phân công: ${specialist.fullName}` });
    if (dossier.assigneeId === specialist.id)
      throw badInput(`${specialist.fullName} already has the dossier`, [{ field: 'specialistEmail', message: 'is the current assignee' }]);
    return dossiers.act(ctx, dossier, 'reassign', { data: { assigneeId: specialist.id }, note: `Phân công: ${specialist.fullName}` });
  }

  /** R11.3: an authorized link to the result document, valid 15 minutes, for whoever may download it; else null. */
  async resultUrl(ctx: Ports, dossier: Dossier): Promise<string | null> {
    if (!(await mayDownloadResult({ prisma: ctx.prisma, deliveryGuards: this.deps.deliveryGuards }, ctx.viewer, dossier))) return null;
    const document = await ctx.prisma.attachment.count({ where: { dossierId: dossier.id, field: RESULT_FIELD } });
    if (!document) return null;
    const token = await this.deps.tokens.signLink(ctx.viewer!.id, `result:${dossier.code}`, 15 * 60);
    return `${this.deps.publicUrl}/dossiers/${dossier.code}/result?token=${token}`;
  }
}
