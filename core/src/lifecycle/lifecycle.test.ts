import type { Dossier, DossierStatus, IntegrationRequest, IntegrationStatus } from '@egov/schema/client';
import { describe, expect, it } from 'vitest';
import { dossiers, finalStatuses } from '../dossier/dossier-lifecycle.ts';
import { Viewer } from '../identity/viewer.ts';
import { integrationRequests, pendingOn } from '../plugin-pipeline/integration-lifecycle.ts';
import { asPlatform, type Ports } from './lifecycle.ts';

// Every row of both tables, allowed and refused: each action from each status, by each kind of
// caller. The expected matrices are written out here on purpose, as the regulation reads.

const ports = (viewer: Viewer | null) => ({ viewer }) as Ports;
const platformPorts = asPlatform({} as Omit<Ports, 'viewer'>);
const code = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;
const outcome = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return code(error) ?? String(error);
  }
};

const dossierStatuses: DossierStatus[] = [
  'SUBMITTED',
  'SUPPLEMENT_REQUESTED',
  'RECEIVED',
  'IN_PROCESSING',
  'RESULT_READY',
  'DELIVERED',
  'REJECTED',
  'WITHDRAWN',
];
const dossier = (status: DossierStatus) =>
  ({
    id: 'd1',
    code: 'D1',
    status,
    eventCount: 3,
    agencyId: 'A',
    applicantId: 'applicant',
    submittedById: 'agent',
    overdueAt: null,
  }) as unknown as Dossier;

const callers = {
  applicant: new Viewer('applicant', [{ role: 'CITIZEN', agencyId: null }]),
  agent: new Viewer('agent', [{ role: 'AGENT', agencyId: null }]),
  stranger: new Viewer('stranger', [{ role: 'CITIZEN', agencyId: null }]),
  reception: new Viewer('r', [{ role: 'RECEPTION_OFFICER', agencyId: 'A' }]),
  receptionElsewhere: new Viewer('r2', [{ role: 'RECEPTION_OFFICER', agencyId: 'B' }]),
  specialist: new Viewer('s', [{ role: 'SPECIALIST', agencyId: 'A' }]),
  agencyAdmin: new Viewer('aa', [{ role: 'AGENCY_ADMIN', agencyId: 'A' }]),
  agencyAdminElsewhere: new Viewer('aa2', [{ role: 'AGENCY_ADMIN', agencyId: 'B' }]),
  doic: new Viewer('doic', [{ role: 'DOIC_ADMIN', agencyId: null }]),
} as const;
type Caller = keyof typeof callers | 'platform';
const allCallers = [...(Object.keys(callers) as (keyof typeof callers)[]), 'platform'] as const;
const portsOf = (caller: Caller) => (caller === 'platform' ? platformPorts : ports(callers[caller]));

describe('the dossier lifecycle', () => {
  const actions = Object.keys(dossiers.actions) as (keyof typeof dossiers.actions)[];

  it('allows exactly these moves', () => {
    const allowed = dossierStatuses.flatMap((status) =>
      actions
        .filter((a) => (dossiers.actions[a].from as readonly DossierStatus[]).includes(status))
        .map((a) => `${status} -${a}-> ${dossiers.actions[a].to ?? '(stays)'}`),
    );
    expect(allowed).toEqual([
      'SUBMITTED -requestSupplement-> SUPPLEMENT_REQUESTED',
      'SUBMITTED -receive-> RECEIVED',
      'SUBMITTED -reject-> REJECTED',
      'SUBMITTED -withdraw-> WITHDRAWN',
      'SUBMITTED -verifyIdentity-> (stays)',
      'SUBMITTED -flagOverdue-> (stays)',
      'SUPPLEMENT_REQUESTED -submitSupplement-> SUBMITTED',
      'SUPPLEMENT_REQUESTED -reject-> REJECTED',
      'SUPPLEMENT_REQUESTED -withdraw-> WITHDRAWN',
      'SUPPLEMENT_REQUESTED -verifyIdentity-> (stays)',
      'RECEIVED -startProcessing-> IN_PROCESSING',
      'RECEIVED -assign-> IN_PROCESSING',
      'RECEIVED -transfer-> (stays)',
      'RECEIVED -reject-> REJECTED',
      'RECEIVED -verifyIdentity-> (stays)',
      'RECEIVED -flagOverdue-> (stays)',
      'IN_PROCESSING -reassign-> (stays)',
      'IN_PROCESSING -transfer-> (stays)',
      'IN_PROCESSING -completeProcessing-> RESULT_READY',
      'IN_PROCESSING -reject-> REJECTED',
      'IN_PROCESSING -verifyIdentity-> (stays)',
      'IN_PROCESSING -flagOverdue-> (stays)',
      'RESULT_READY -deliverOnline-> DELIVERED',
      'RESULT_READY -handOverResult-> DELIVERED',
      'RESULT_READY -verifyIdentity-> (stays)',
    ]);
  });

  it('takes each action from exactly its statuses, and refuses the others with INVALID_TRANSITION', () => {
    for (const action of actions) {
      const caller = allCallers.find(
        (c) => outcome(() => dossiers.check(portsOf(c), dossier(dossiers.actions[action].from[0]!), action)) === 'ok',
      )!;
      for (const status of dossierStatuses) {
        const expected = (dossiers.actions[action].from as readonly DossierStatus[]).includes(status) ? 'ok' : 'INVALID_TRANSITION';
        expect({ action, status, got: outcome(() => dossiers.check(portsOf(caller), dossier(status), action)) }).toEqual({
          action,
          status,
          got: expected,
        });
      }
    }
  });

  it('refuses every action on a final dossier', () => {
    for (const status of finalStatuses) for (const action of actions) expect(dossiers.actions[action].from).not.toContain(status);
  });

  it('lets exactly these callers take each action, and refuses everyone else with FORBIDDEN', () => {
    const who: Record<(typeof actions)[number], Caller[]> = {
      requestSupplement: ['reception'],
      submitSupplement: ['applicant', 'agent'],
      receive: ['reception'],
      startProcessing: ['specialist'],
      assign: ['specialist', 'agencyAdmin'],
      reassign: ['specialist', 'agencyAdmin'],
      transfer: ['reception', 'specialist'],
      completeProcessing: ['specialist'],
      deliverOnline: ['applicant', 'agent'],
      handOverResult: ['reception'],
      reject: ['reception', 'specialist'],
      withdraw: ['applicant', 'agent'],
      verifyIdentity: ['reception'],
      flagOverdue: ['platform'],
    };
    for (const action of actions) {
      const row = dossier(dossiers.actions[action].from[0]!);
      const allowed = allCallers.filter((c) => outcome(() => dossiers.check(portsOf(c), row, action)) === 'ok');
      expect({ action, allowed }).toEqual({
        action,
        allowed: [...who[action]].sort((a, b) => allCallers.indexOf(a) - allCallers.indexOf(b)),
      });
      for (const c of allCallers.filter((c) => !allowed.includes(c)))
        expect(outcome(() => dossiers.check(portsOf(c), row, action))).toBe('FORBIDDEN');
    }
  });

  it('shows a dossier to its applicant, its filing agent and its agency’s staff only', () => {
    const row = dossier('SUBMITTED');
    expect(allCallers.filter((c) => c !== 'platform' && dossiers.sees(callers[c], row))).toEqual([
      'applicant',
      'agent',
      'reception',
      'specialist',
      'agencyAdmin',
    ]);
  });

  it('says who may and what is allowed when it refuses', () => {
    expect(() => dossiers.check(ports(callers.applicant), dossier('RECEIVED'), 'withdraw')).toThrow(
      'Cannot withdraw a dossier that is RECEIVED (only from SUBMITTED or SUPPLEMENT_REQUESTED)',
    );
    expect(() => dossiers.check(ports(callers.stranger), dossier('SUBMITTED'), 'withdraw')).toThrow(
      'Only the applicant or the agent who filed it may withdraw a dossier',
    );
    expect(() => dossiers.check(ports(callers.specialist), dossier('SUBMITTED'), 'receive')).toThrow(
      'Only a reception officer of the dossier’s agency may receive a dossier',
    );
  });

  it('picks, of the actions a field offers, the one the status allows', () => {
    expect(dossiers.choose(ports(callers.agencyAdmin), dossier('RECEIVED'), ['assign', 'reassign'])).toBe('assign');
    expect(dossiers.choose(ports(callers.agencyAdmin), dossier('IN_PROCESSING'), ['assign', 'reassign'])).toBe('reassign');
    expect(() => dossiers.choose(ports(callers.agencyAdmin), dossier('SUBMITTED'), ['assign', 'reassign'])).toThrow(
      'Cannot assign a dossier that is SUBMITTED (only from RECEIVED or IN_PROCESSING)',
    );
    expect(outcome(() => dossiers.choose(ports(callers.reception), dossier('RECEIVED'), ['assign', 'reassign']))).toBe('FORBIDDEN');
  });

  it('knows a dossier is overdue from the deadline its status declares', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const past = new Date('2026-12-01T09:00:00Z');
    expect(dossiers.isOverdue({ status: 'SUBMITTED', overdueAt: null, receptionDueAt: past }, now)).toBe(true);
    expect(dossiers.isOverdue({ status: 'RECEIVED', overdueAt: null, receptionDueAt: past, processingDueAt: now }, now)).toBe(false);
    expect(dossiers.isOverdue({ status: 'RESULT_READY', overdueAt: null, processingDueAt: past }, now)).toBe(false);
    expect(dossiers.isOverdue({ status: 'DELIVERED', overdueAt: past }, now)).toBe(true);
  });
});

describe('the integration request lifecycle', () => {
  const statuses: IntegrationStatus[] = [
    'FILED',
    'CHECKING',
    'CHECK_FAILED',
    'CHECK_PASSED',
    'INSTALLED',
    'ACCEPTED',
    'ANNOUNCED',
    'RETIRED',
    'ROLLED_BACK',
  ];
  const actions = Object.keys(integrationRequests.actions) as (keyof typeof integrationRequests.actions)[];
  const request = (status: IntegrationStatus, kind: IntegrationRequest['kind'] = 'NEW') =>
    ({ id: 'r1', kind, status, eventCount: 2, agencyId: 'A', overdueAt: null }) as unknown as IntegrationRequest;
  const kindOf = (action: (typeof actions)[number]) => (action === 'retire' ? 'CANCEL' : 'NEW');

  it('allows exactly these moves, for these kinds', () => {
    const allowed = statuses.flatMap((status) =>
      actions.flatMap((a) =>
        (['NEW', 'UPDATE', 'CANCEL'] as const)
          .filter(
            (kind) =>
              (integrationRequests.actions[a].from as readonly IntegrationStatus[]).includes(status) &&
              !integrationRequests.actions[a].unless?.(request(status, kind)),
          )
          .map((kind) => `${kind} ${status} -${a}-> ${integrationRequests.actions[a].to ?? '(stays)'}`),
      ),
    );
    expect(allowed).toEqual([
      'NEW FILED -startCheck-> CHECKING',
      'UPDATE FILED -startCheck-> CHECKING',
      'CANCEL FILED -retire-> RETIRED',
      'NEW FILED -flagOverdue-> (stays)',
      'UPDATE FILED -flagOverdue-> (stays)',
      'CANCEL FILED -flagOverdue-> (stays)',
      'NEW CHECKING -recordCheck-> (stays)',
      'UPDATE CHECKING -recordCheck-> (stays)',
      'CANCEL CHECKING -recordCheck-> (stays)',
      'NEW CHECKING -passCheck-> CHECK_PASSED',
      'UPDATE CHECKING -passCheck-> CHECK_PASSED',
      'CANCEL CHECKING -passCheck-> CHECK_PASSED',
      'NEW CHECKING -failCheck-> CHECK_FAILED',
      'UPDATE CHECKING -failCheck-> CHECK_FAILED',
      'CANCEL CHECKING -failCheck-> CHECK_FAILED',
      'NEW CHECKING -flagOverdue-> (stays)',
      'UPDATE CHECKING -flagOverdue-> (stays)',
      'CANCEL CHECKING -flagOverdue-> (stays)',
      'NEW CHECK_PASSED -startCheck-> CHECKING',
      'UPDATE CHECK_PASSED -startCheck-> CHECKING',
      'NEW CHECK_PASSED -promote-> INSTALLED',
      'UPDATE CHECK_PASSED -promote-> INSTALLED',
      'NEW CHECK_PASSED -flagOverdue-> (stays)',
      'UPDATE CHECK_PASSED -flagOverdue-> (stays)',
      'CANCEL CHECK_PASSED -flagOverdue-> (stays)',
      'NEW INSTALLED -accept-> ACCEPTED',
      'UPDATE INSTALLED -accept-> ACCEPTED',
      'NEW INSTALLED -rollback-> ROLLED_BACK',
      'UPDATE INSTALLED -rollback-> ROLLED_BACK',
      'NEW INSTALLED -flagOverdue-> (stays)',
      'UPDATE INSTALLED -flagOverdue-> (stays)',
      'CANCEL INSTALLED -flagOverdue-> (stays)',
      'NEW ACCEPTED -announce-> ANNOUNCED',
      'UPDATE ACCEPTED -announce-> ANNOUNCED',
      'NEW ACCEPTED -rollback-> ROLLED_BACK',
      'UPDATE ACCEPTED -rollback-> ROLLED_BACK',
      'NEW ACCEPTED -flagOverdue-> (stays)',
      'UPDATE ACCEPTED -flagOverdue-> (stays)',
      'CANCEL ACCEPTED -flagOverdue-> (stays)',
      'NEW ANNOUNCED -rollback-> ROLLED_BACK',
      'UPDATE ANNOUNCED -rollback-> ROLLED_BACK',
    ]);
  });

  it('takes each action from exactly its statuses and kinds, and refuses the others with INVALID_TRANSITION', () => {
    for (const action of actions) {
      const caller = allCallers.find(
        (c) =>
          outcome(() =>
            integrationRequests.check(portsOf(c), request(integrationRequests.actions[action].from[0]!, kindOf(action)), action),
          ) === 'ok',
      )!;
      for (const status of statuses) {
        for (const kind of ['NEW', 'UPDATE', 'CANCEL'] as const) {
          const row = request(status, kind);
          const expected =
            (integrationRequests.actions[action].from as readonly IntegrationStatus[]).includes(status) &&
            !integrationRequests.actions[action].unless?.(row)
              ? 'ok'
              : 'INVALID_TRANSITION';
          expect({ action, status, kind, got: outcome(() => integrationRequests.check(portsOf(caller), row, action)) }).toEqual({
            action,
            status,
            kind,
            got: expected,
          });
        }
      }
    }
  });

  it('lets exactly these callers take each step, and refuses everyone else with FORBIDDEN', () => {
    const who: Record<(typeof actions)[number], Caller[]> = {
      startCheck: ['doic'],
      recordCheck: ['platform'],
      passCheck: ['platform'],
      failCheck: ['platform'],
      promote: ['doic'],
      accept: ['agencyAdmin'],
      announce: ['agencyAdmin'],
      rollback: ['doic'],
      retire: ['doic'],
      flagOverdue: ['platform'],
    };
    for (const action of actions) {
      const row = request(integrationRequests.actions[action].from[0]!, kindOf(action));
      const allowed = allCallers.filter((c) => outcome(() => integrationRequests.check(portsOf(c), row, action)) === 'ok');
      expect({ action, allowed }).toEqual({ action, allowed: who[action] });
      for (const c of allCallers.filter((c) => !allowed.includes(c)))
        expect(outcome(() => integrationRequests.check(portsOf(c), row, action))).toBe('FORBIDDEN');
    }
  });

  it('shows a request to DoIC and the requesting agency’s admins only', () => {
    const row = request('FILED');
    expect(allCallers.filter((c) => c !== 'platform' && integrationRequests.sees(callers[c], row))).toEqual(['agencyAdmin', 'doic']);
    expect(integrationRequests.visibleWhere(callers.doic)).toEqual({});
    expect(integrationRequests.visibleWhere(callers.agencyAdmin)).toEqual({ agencyId: { in: ['A'] } });
  });

  it('refuses a step of the wrong kind of request, saying why', () => {
    expect(() => integrationRequests.check(ports(callers.doic), request('FILED', 'CANCEL'), 'startCheck')).toThrow(
      'Cannot start the check of an integration request: it is a CANCEL request (only NEW or UPDATE)',
    );
  });

  it('waits each step on a party that takes an action from it (the platform running DoIC’s check)', () => {
    const party = { DOIC: 'city:DOIC_ADMIN', AGENCY: 'staff:AGENCY_ADMIN' } as const;
    for (const status of statuses) {
      const on = pendingOn(status);
      const takers = Object.values(integrationRequests.actions)
        .filter((a) => 'to' in a && (a.from as readonly IntegrationStatus[]).includes(status))
        .flatMap((a) => a.by.map((p) => (p.kind === 'city' || p.kind === 'staff' ? `${p.kind}:${p.role}` : p.kind)));
      if (on !== null) expect([status, takers.some((t) => t === party[on] || t === 'platform')]).toEqual([status, true]);
    }
  });
});

describe('creating rows', () => {
  const creators = (lifecycle: { mayCreate: typeof dossiers.mayCreate }, way: string, agencyId: string | null) =>
    allCallers.filter((c) => c !== 'platform' && lifecycle.mayCreate(callers[c], way, agencyId));

  it('lets citizens, organizations and agents file dossiers, and only agents on behalf of someone', () => {
    const organization = new Viewer('org', [{ role: 'ORGANIZATION', agencyId: null }]);
    expect(creators(dossiers, 'submit', 'A')).toEqual(['applicant', 'agent', 'stranger']);
    expect(dossiers.mayCreate(organization, 'submit', 'A')).toBe(true);
    expect(creators(dossiers, 'submitOnBehalf', 'A')).toEqual(['agent']);
    expect(dossiers.mayCreate(organization, 'submitOnBehalf', 'A')).toBe(false);
    expect(dossiers.mayCreate(null, 'submit', 'A')).toBe(false);
    expect(dossiers.mayCreate(callers.agent, 'no such way', 'A')).toBe(false);
  });

  it('lets an agency’s admins file its integration requests (any agency admin when the agency is not known yet)', () => {
    expect(creators(integrationRequests, 'file', 'A')).toEqual(['agencyAdmin']);
    expect(creators(integrationRequests, 'file', 'B')).toEqual(['agencyAdminElsewhere']);
    expect(creators(integrationRequests, 'file', null)).toEqual(['agencyAdmin', 'agencyAdminElsewhere']);
  });

  it('refuses, before writing anything, a creation the declaration does not allow, saying who may', async () => {
    let wrote = false;
    const write = async () => {
      wrote = true;
      throw new Error('not reached');
    };
    const ctx = { ...ports(callers.agencyAdminElsewhere), clock: () => new Date() } as Ports;
    await expect(integrationRequests.create(ctx, 'file', 'A', write, () => ({}))).rejects.toMatchObject({
      message: 'Only an agency admin of the agency it is for may file an integration request',
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(dossiers.create(ports(callers.applicant), 'submitOnBehalf', 'A', write, () => ({}))).rejects.toMatchObject({
      message: 'Only a public service agent may file a dossier on behalf of someone (Art. 3.5)',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(wrote).toBe(false);
  });

  it('refuses a declaration that would let a relation to the row create it', async () => {
    const { Lifecycle, relation } = await import('./lifecycle.ts');
    expect(
      () =>
        new Lifecycle({
          ...dossiers.spec,
          created: { ...dossiers.spec.created, ways: { submit: { by: [relation('applicant')], title: 'file a dossier' } } },
        } as never),
    ).toThrow(/created by roles/);
  });
});
