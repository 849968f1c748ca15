import { badRequest } from '../../shared/errors.ts';
import type { Deployment, MessagingSession } from '../../store/types.ts';

/**
 * The attributes the deployment's parameter mapping leaves out: they are kept on the session but
 * never reach routing. A deployment without a mapping maps everything (none are left out).
 */
export function unmappedAttributes(deployment: Pick<Deployment, 'parameterMapping'>, attributes: Record<string, unknown>): string[] {
  const mapping = deployment.parameterMapping;
  return mapping ? Object.keys(attributes).filter((name) => !mapping.includes(name)) : [];
}

/** The attributes routing rules see: the session's, less the unmapped ones. */
export function routedAttributes(session: Pick<MessagingSession, 'routingAttributes' | 'unmappedAttributes'>): Record<string, string> {
  const unmapped = session.unmappedAttributes ?? [];
  return Object.fromEntries(Object.entries(session.routingAttributes).filter(([name]) => !unmapped.includes(name)));
}

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
