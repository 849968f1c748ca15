import { badRequest } from '../../shared/errors.ts';
import type { Deployment } from '../../store/types.ts';

/**
 * Routing attributes are pre-chat field values (strings). Values longer than a declared field's
 * `maxLength` are refused; keys the deployment does not declare are kept (Salesforce ignores
 * unmapped parameters; we keep them so tests can see what was sent).
 */
export function checkRoutingAttributes(deployment: Deployment, attributes: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(attributes)) {
    const field = deployment.preChatFields.find((f) => f.name === name);
    if (field && value.length > field.maxLength) {
      throw badRequest('ROUTING_ATTRIBUTE_TOO_LONG', `routingAttributes.${name} is ${value.length} characters; the pre-chat field allows ${field.maxLength}.`);
    }
  }
  return { ...attributes };
}
