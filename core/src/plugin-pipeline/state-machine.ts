import type { IntegrationKind, IntegrationStatus } from '@egov/schema/client';
import { ApiError } from '../errors.ts';

export type { IntegrationKind, IntegrationStatus };

/**
 * Every step of an integration request (Art. 6-8) and where it may start from. The one place
 * that decides whether a move is legal; anything else is INVALID_TRANSITION.
 */
export const integrationTransitions = {
  /**
   * R6.2: DoIC starts the technical and security check in the sandbox; again after a pass
   * when the version in production changed since (promotion insists on the one checked against).
   */
  startCheck: { from: ['FILED', 'CHECK_PASSED'], to: 'CHECKING', kinds: ['NEW', 'UPDATE'] },
  /** Every error-severity check passed. */
  passCheck: { from: ['CHECKING'], to: 'CHECK_PASSED', kinds: ['NEW', 'UPDATE'] },
  /** A check failed: the package goes back to the agency, which files a fixed version anew. Final. */
  failCheck: { from: ['CHECKING'], to: 'CHECK_FAILED', kinds: ['NEW', 'UPDATE'] },
  /** R6.2: DoIC integrates (promotes) the checked version; it goes live. */
  promote: { from: ['CHECK_PASSED'], to: 'INSTALLED', kinds: ['NEW', 'UPDATE'] },
  /** R6.3: the agency has tested the integrated service and accepts it (Appendix III). */
  accept: { from: ['INSTALLED'], to: 'ACCEPTED', kinds: ['NEW', 'UPDATE'] },
  /** R6.4: the agency announced the service to the public. Final. */
  announce: { from: ['ACCEPTED'], to: 'ANNOUNCED', kinds: ['NEW', 'UPDATE'] },
  /** DoIC takes the installed version back; the one live before returns. Final. */
  rollback: { from: ['INSTALLED', 'ACCEPTED', 'ANNOUNCED'], to: 'ROLLED_BACK', kinds: ['NEW', 'UPDATE'] },
  /** R8.2b: DoIC removes the cancelled service from the catalog. Final. */
  retire: { from: ['FILED'], to: 'RETIRED', kinds: ['CANCEL'] },
} as const satisfies Record<string, { from: readonly IntegrationStatus[]; to: IntegrationStatus; kinds: readonly IntegrationKind[] }>;

export type IntegrationAction = keyof typeof integrationTransitions;

/** The status after `action`, or INVALID_TRANSITION naming what is allowed. */
export function nextIntegrationStatus(kind: IntegrationKind, current: IntegrationStatus, action: IntegrationAction): IntegrationStatus {
  const rule = integrationTransitions[action];
  if (!(rule.kinds as readonly IntegrationKind[]).includes(kind)) {
    throw new ApiError('INVALID_TRANSITION', `Cannot ${action} a ${kind} request (only ${rule.kinds.join(' or ')})`, { status: current, action });
  }
  if (!(rule.from as readonly IntegrationStatus[]).includes(current)) {
    throw new ApiError('INVALID_TRANSITION', `Cannot ${action} a request that is ${current} (only from ${rule.from.join(' or ')})`, {
      status: current,
      action,
    });
  }
  return rule.to;
}

/** Requests that still hold their service: no second request for it may be filed meanwhile. */
export const openStatuses: readonly IntegrationStatus[] = ['FILED', 'CHECKING', 'CHECK_PASSED'];

/**
 * Working days each step gets, counted from the day after it starts and ending with the last
 * shift of the last day (R6.2: 5 to check and install, R6.3: 7, R6.4: 7, R8.2b: 3 to remove;
 * and 7 for the agency to file a cancellation once a procedure is no longer valid).
 */
export const STEP_WORKING_DAYS = { check: 5, accept: 7, announce: 7, remove: 3, cancel: 7 } as const;

/** Who the current step waits for. */
export function pendingOn(status: IntegrationStatus): 'DOIC' | 'AGENCY' | null {
  if (status === 'FILED' || status === 'CHECKING' || status === 'CHECK_PASSED') return 'DOIC';
  if (status === 'INSTALLED' || status === 'ACCEPTED') return 'AGENCY';
  return null;
}
