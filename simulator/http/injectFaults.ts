import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { SimContext } from '../server/context.ts';
import { loseResponse } from '../faults/loseResponse.ts';
import { simulatedFaultError } from '../faults/simulatedFaultError.ts';
import { streamFault } from '../faults/streamFault.ts';

/**
 * Apply the fault rule (if any) that matches the request, in front of the MIAW routers and never on
 * `/__sim/` paths. The rule's id goes on `res.locals.fault` for the journal, which records the
 * request once its connection closes (for a hung request: when the client gives up or on reset).
 */
export function injectFaults(ctx: SimContext): RequestHandler {
  return async (req, res, next) => {
    if (req.path.startsWith('/__sim/')) return next();
    if ((await serveFault(ctx, req, res, res.locals, req.path)) === 'answered') return;
    next();
  };
}

/** What a fault did to a request: nothing (or only delayed it, or will spoil its reply): `go on`; took the request over: `answered`. A status fault throws its error. */
export type FaultOutcome = 'go on' | 'answered';

/** The fault rule matching the request's method and `path`, if any, applied; its id goes on `locals.fault`. Asynchronous only for a delay. */
export function serveFault(ctx: SimContext, req: IncomingMessage, res: ServerResponse, locals: Record<string, unknown>, path: string): FaultOutcome | Promise<FaultOutcome> {
  const method = req.method ?? '';
  const rule = ctx.faults.take(method, path);
  if (!rule) return 'go on';
  locals.fault = rule.id;
  ctx.live.publish({ type: 'fault-served', ruleId: rule.id, method, path });
  const { action } = rule;
  switch (action.type) {
    case 'status':
      throw simulatedFaultError(rule.id, action);
    case 'delay':
      return new Promise((resolve) => setTimeout(() => resolve('go on'), action.ms));
    case 'reset':
      req.socket.destroy();
      return 'answered';
    case 'reset-after':
      loseResponse(res);
      return 'go on';
    case 'hang':
      ctx.hung.hold(res);
      return 'answered';
    case 'drop-stream':
    case 'stall-stream':
    case 'cut-stream':
      streamFault(res, action);
      return 'go on';
  }
}
