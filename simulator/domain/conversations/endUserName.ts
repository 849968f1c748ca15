/**
 * The name an end user goes by once a conversation starts: the standard pre-chat fields
 * `_firstName` and `_lastName` when the client sent them, else what the access token says (the
 * verified user's `sub`, or "Guest"). It stands in for the admin's Omni-Channel flow that copies the
 * pre-chat name onto the Messaging User record; the identity token itself carries no name (GUESS,
 * evidence in docs/fidelity.md, "Who the end user is").
 */
export function endUserName(routingAttributes: Record<string, string>, tokenDisplayName: string): string {
  const name = [routingAttributes._firstName, routingAttributes._lastName].map((part) => part?.trim() ?? '').filter(Boolean).join(' ');
  return name || tokenDisplayName;
}
