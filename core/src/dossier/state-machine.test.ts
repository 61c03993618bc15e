import { describe, expect, it } from 'vitest';
import { finalStatuses, nextStatus, transitions, type DossierAction, type DossierStatus } from './state-machine.ts';

const statuses: DossierStatus[] = ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RECEIVED', 'IN_PROCESSING', 'RESULT_READY', 'DELIVERED', 'REJECTED', 'WITHDRAWN'];
const actions = Object.keys(transitions) as DossierAction[];

describe('the dossier state machine', () => {
  it('follows the journey of the regulation', () => {
    let status: DossierStatus = 'SUBMITTED';
    for (const action of ['requestSupplement', 'submitSupplement', 'receive', 'startProcessing', 'completeProcessing', 'deliverResult'] as const) {
      status = nextStatus(status, action);
    }
    expect(status).toBe('DELIVERED');
  });

  it('refuses every move out of a final status with INVALID_TRANSITION', () => {
    for (const status of finalStatuses) {
      for (const action of actions) {
        expect(() => nextStatus(status, action)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_TRANSITION' }) }));
      }
    }
  });

  it('allows exactly the listed moves', () => {
    const allowed = statuses.flatMap((s) =>
      actions.filter((a) => {
        try {
          nextStatus(s, a);
          return true;
        } catch {
          return false;
        }
      }).map((a) => `${s} -${a}-> ${nextStatus(s, a)}`),
    );
    expect(allowed).toEqual([
      'SUBMITTED -requestSupplement-> SUPPLEMENT_REQUESTED',
      'SUBMITTED -receive-> RECEIVED',
      'SUBMITTED -reject-> REJECTED',
      'SUBMITTED -withdraw-> WITHDRAWN',
      'SUPPLEMENT_REQUESTED -submitSupplement-> SUBMITTED',
      'SUPPLEMENT_REQUESTED -reject-> REJECTED',
      'SUPPLEMENT_REQUESTED -withdraw-> WITHDRAWN',
      'RECEIVED -startProcessing-> IN_PROCESSING',
      'RECEIVED -reject-> REJECTED',
      'IN_PROCESSING -completeProcessing-> RESULT_READY',
      'IN_PROCESSING -reject-> REJECTED',
      'RESULT_READY -deliverResult-> DELIVERED',
    ]);
  });

  it('says what is allowed when it refuses', () => {
    expect(() => nextStatus('RECEIVED', 'withdraw')).toThrow('Cannot withdraw a dossier that is RECEIVED (only from SUBMITTED or SUPPLEMENT_REQUESTED)');
  });
});
