import { MiawApiError } from '../shared/errors.ts';
import type { FaultAction } from './faultSchema.ts';

type StatusFault = Extract<FaultAction, { type: 'status' }>;

/** The error a status fault answers with, in the API's error shape, naming the rule that served it. */
export function simulatedFaultError(ruleId: string, action: StatusFault): MiawApiError {
  const what = action.message ?? `HTTP ${action.status} instead of the real response`;
  const headers: Record<string, string> = action.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(action.retryAfterSeconds) };
  return new MiawApiError(
    action.status,
    'SIMULATED_FAULT',
    `Simulated fault (rule ${ruleId}): ${what}. Remove it with DELETE /__sim/v1/faults/${ruleId}; list the rules with GET /__sim/v1/faults.`,
    headers,
  );
}
