
/** What `GET /` and `GET /__sim/v1` answer (as JSON, or as this page). Every path is relative to `messagingUrl`. */
export interface ControlIndex {
  name: string;
  version: string;
  description: string;
  /** This simulator as the request reached it: the messaging URL to give a MIAW client (left out without a usable Host header). */
  messagingUrl?: string;
  /** What a client names in its config: `orgId` and `esDeveloperName`. */
  deployments: Array<{ orgId: string; esDeveloperName: string }>;
  links: { console: string; widget: string; controlApi: string; openapi: string; live: string };
  /** Documentation files inside the miaw-sim package (nothing is fetched from the network). */
  docs: { readme: string; fidelity: string; architecture: string };
  operations: Array<{ method: string; path: string; summary: string }>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
const link = (href: string, text: string) => `<a href="${esc(href)}">${esc(text)}</a>`;

/**
 * The index as a page: no script, no inline style (the pages' CSP forbids both), one stylesheet
 * from this origin. Everything shown comes from `ControlIndex` and is escaped.
 */
export function landingPage(index: ControlIndex): string {
  const { links, docs } = index;
  const deployments = index.deployments.map((d) => `<tr><td><code>${esc(d.orgId)}</code></td><td><code>${esc(d.esDeveloperName)}</code></td></tr>`).join('\n');
  const operations = index.operations.map((op) => `<tr><td class="method">${esc(op.method)}</td><td><code>${esc(op.path)}</code></td><td>${esc(op.summary)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(index.name)} ${esc(index.version)}</title>
<link rel="stylesheet" href="/landing.css">
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>${esc(index.name)} <small>${esc(index.version)}</small></h1>
<p>${esc(index.description)}.${index.messagingUrl ? ` Messaging URL: <code>${esc(index.messagingUrl)}</code>` : ''}</p>
<ul class="pages">
<li>${link(links.console, 'Rep console')}: conversations by queue, the rep's side, faults</li>
<li>${link(links.widget, 'Customer widget')}: a bot chat that hands off to a rep with the real handoff client</li>
<li>${link(links.openapi, 'OpenAPI document')} of the control API (the same list as JSON: <code>curl ${esc(index.messagingUrl ?? '')}${esc(links.controlApi)}</code>)</li>
</ul>
<h2>Deployments</h2>
<table>
<thead><tr><th>orgId</th><th>esDeveloperName</th></tr></thead>
<tbody>
${deployments}
</tbody>
</table>
<h2>Control API</h2>
<p>Plain JSON; errors are <code>{code, errorCode, message}</code>. The live feed is a WebSocket at <code>${esc(links.live)}</code>.</p>
<table>
<thead><tr><th>method</th><th>path</th><th>what</th></tr></thead>
<tbody>
${operations}
</tbody>
</table>
<h2>Docs</h2>
<p>In the miaw-sim package (<code>node_modules/miaw-sim/</code>, or your checkout); nothing here reaches the network:
<code>${esc(docs.readme)}</code>, <code>${esc(docs.fidelity)}</code> (where the simulator differs from Salesforce),
<code>${esc(docs.architecture)}</code>.</p>
</main>
</body>
</html>
`;
}
