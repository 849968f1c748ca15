import { to18, type RunningSimulator } from '../simulator/index.ts';

export interface StartInfo {
  messagingUrl: string;
  controlApiUrl: string;
  orgId: string;
  orgId18: string;
  esDeveloperName: string;
  keyset: string;
  issuer: string;
  authKeyId: string;
  privateKeyFile: string;
  publicKeyFile: string;
  /** The rep console and the customer widget pages. */
  consoleUrl: string;
  widgetUrl: string;
  /** With --tls: the certificate to trust and the names it is valid for. */
  tls: { certificateFile: string | null; hosts: string[]; generated: boolean } | null;
  startupMs: number;
  orgs: RunningSimulator['orgs'];
  /** Listening beyond loopback: where other machines reach it, and where its control token is (never the token itself). */
  exposed: { urls: string[]; controlTokenFile: string; controlTokenPreview: string } | null;
}

/** What `npm run sim` prints: everything a client needs, and never a key's content. */
export function banner(info: StartInfo): string {
  const row = (label: string, value: string) => `  ${label.padEnd(22)}${value}`;
  const lines = [
    `[miaw-sim] Salesforce MIAW simulator ready in ${info.startupMs} ms`,
    '',
    row('Messaging URL', info.messagingUrl),
    row('Org ID', `${info.orgId}  (18-char: ${info.orgId18})`),
    row('ES developer name', info.esDeveloperName),
    row('Auth Key ID (kid)', info.authKeyId),
    row('Issuer (iss)', info.issuer),
    row('Keyset', info.keyset),
    row('Private key (PEM)', `${info.privateKeyFile}  (sign identity tokens with it)`),
    row('Public key (PEM)', info.publicKeyFile),
    row('Control API', `${info.controlApiUrl}  (health, reset, conversations, rep actions)`),
    row('Rep console', info.consoleUrl),
    row('Customer widget', info.widgetUrl),
  ];
  if (info.tls) {
    lines.push(row('TLS certificate', `${info.tls.certificateFile ?? '(in memory)'}${info.tls.generated ? '  (newly generated: trust it in your browser or OS)' : ''}`));
    lines.push(row('TLS host names', info.tls.hosts.join(', ')));
  }
  if (info.exposed) {
    lines.push(
      '',
      `  WARNING: listening beyond this machine: ${info.exposed.urls.join(', ') || 'every interface'}`,
      '  Anyone who can reach these addresses can use the MIAW API. The control API (keys, every',
      `  conversation) answers other machines only with the control token ${info.exposed.controlTokenPreview}:`,
      `  it is in ${info.exposed.controlTokenFile}; send it as the x-miaw-sim-token header, or open`,
      `  ${info.consoleUrl}?token=<token> once in a browser.`,
    );
  }
  const extra = info.orgs.filter((o) => o.id !== info.orgId);
  if (extra.length) {
    lines.push('', '  Orgs from the config file:');
    for (const o of extra) {
      lines.push(`    ${o.id} (${to18(o.id)})  deployments: ${o.deployments.join(', ') || 'none'}`);
      for (const k of o.keysets) lines.push(`      keyset ${k.name}  iss ${k.issuer}  kids: ${k.kids.join(', ') || 'none'}`);
    }
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines.join('\n');
}
