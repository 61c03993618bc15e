import type { DossierStatus } from '@egov/schema/client';
import { ApiError } from '../errors.ts';

export type { DossierStatus };

/**
 * Every change of a dossier's status, and the statuses it may start from (Art. 9-11). The one
 * place that decides whether a move is legal; anything else is INVALID_TRANSITION.
 */
export const transitions = {
  /** R9.2: reception asks the applicant to complete the dossier. */
  requestSupplement: { from: ['SUBMITTED'], to: 'SUPPLEMENT_REQUESTED' },
  /** The applicant sends the missing parts; the dossier goes back to reception. */
  submitSupplement: { from: ['SUPPLEMENT_REQUESTED'], to: 'SUBMITTED' },
  /** R9.1: reception accepts the dossier and routes it to a department. */
  receive: { from: ['SUBMITTED'], to: 'RECEIVED' },
  /** A specialist takes the dossier up. */
  startProcessing: { from: ['RECEIVED'], to: 'IN_PROCESSING' },
  /** R10: the specialist department produces the result. */
  completeProcessing: { from: ['IN_PROCESSING'], to: 'RESULT_READY' },
  /** R11.2/R11.3: the result reaches the applicant. Final. */
  deliverResult: { from: ['RESULT_READY'], to: 'DELIVERED' },
  /** The agency refuses the dossier, with a reason. Final. */
  reject: { from: ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RECEIVED', 'IN_PROCESSING'], to: 'REJECTED' },
  /** The applicant takes the dossier back before reception accepts it. Final. */
  withdraw: { from: ['SUBMITTED', 'SUPPLEMENT_REQUESTED'], to: 'WITHDRAWN' },
} as const satisfies Record<string, { from: readonly DossierStatus[]; to: DossierStatus }>;

export type DossierAction = keyof typeof transitions;

export const finalStatuses: readonly DossierStatus[] = ['DELIVERED', 'REJECTED', 'WITHDRAWN'];

/** The status after `action`, or INVALID_TRANSITION naming what is allowed. */
export function nextStatus(current: DossierStatus, action: DossierAction): DossierStatus {
  const rule = transitions[action];
  if (!(rule.from as readonly DossierStatus[]).includes(current)) {
    throw new ApiError('INVALID_TRANSITION', `Cannot ${action} a dossier that is ${current} (only from ${rule.from.join(' or ')})`, {
      status: current,
      action,
    });
  }
  return rule.to;
}
