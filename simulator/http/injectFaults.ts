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
    const rule = ctx.faults.take(req.method, req.path);
    if (!rule) return next();
    res.locals.fault = rule.id;
    ctx.live.publish({ type: 'fault-served', ruleId: rule.id, method: req.method, path: req.path });
    const { action } = rule;
    switch (action.type) {
      case 'status':
        return next(simulatedFaultError(rule.id, action));
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, action.ms));
        return next();
      case 'reset':
        req.socket.destroy();
        return;
      case 'reset-after':
        loseResponse(res);
        return next();
      case 'hang':
        ctx.hung.hold(res);
        return;
      case 'drop-stream':
      case 'stall-stream':
      case 'cut-stream':
        streamFault(res, action);
        return next();
    }
  };
}
