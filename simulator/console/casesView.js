import { get, post } from './lib/api.js';
import { byId, definitionList, el, fill } from './lib/dom.js';

/**
 * The console's Email Cases: the cases clients opened through the REST API (newest first), one case
 * with its fields and emails (the customer's transcript, the replies sent), and a rep's reply by
 * email (POST /__sim/v1/cases/:id/replies), which goes on the case and into the simulated outbox.
 */

/** Fields Salesforce fills for itself: shown as facts or not at all, never among the case fields. */
const SYSTEM_FIELDS = new Set(['Id', 'CaseNumber', 'Subject', 'Description', 'Status', 'SuppliedEmail', 'SuppliedName', 'SuppliedPhone', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'IsDeleted', 'OwnerId']);

const contactOf = (fields) => [fields.SuppliedName, fields.SuppliedEmail && `<${fields.SuppliedEmail}>`].filter(Boolean).join(' ') || null;

function caseItem(c, selectedId, onSelect) {
  const f = c.fields;
  return el(
    'li',
    {},
    el(
      'button',
      { type: 'button', class: 'case-item', 'data-case-id': c.id, 'aria-current': c.id === selectedId ? 'true' : undefined, onclick: () => onSelect(c.id) },
      el('span', { class: 'who' }, `${c.caseNumber} · ${f.Subject || '(no subject)'}`),
      el('span', { class: 'status' }, f.Status ?? ''),
      el('span', { class: 'muted' }, contactOf(f) ?? 'no contact'),
    ),
  );
}

function emailItem(e) {
  const outgoing = e.Incoming === false;
  return el(
    'li',
    { class: outgoing ? 'outgoing' : 'incoming' },
    el('strong', {}, outgoing ? `Sent by ${e.FromName || 'a rep'}` : `From ${e.FromName || e.FromAddress || 'the customer'}`),
    el('span', { class: 'muted' }, ` · ${e.FromAddress ?? ''} → ${e.ToAddress ?? 'support'} · ${e.MessageDate ?? ''}`),
    el('div', {}, el('em', {}, e.Subject ?? '')),
    el('p', { class: 'body' }, e.TextBody ?? ''),
  );
}

export function createCasesView({ repName, onError }) {
  let selectedId = null;

  async function load() {
    const { cases } = await get('/cases');
    const newestFirst = [...cases].reverse();
    fill(byId('cases'), newestFirst.length ? newestFirst.map((c) => caseItem(c, selectedId, select)) : el('li', { class: 'muted' }, 'No cases yet: a client opens one for an email conversation (channel email).'));
    if (selectedId) show(cases.find((c) => c.id === selectedId));
  }

  function show(c) {
    byId('case').hidden = !c;
    byId('no-case').hidden = Boolean(c);
    if (!c) return;
    const f = c.fields;
    fill(byId('case-facts'), definitionList({ 'Case number': c.caseNumber, Subject: f.Subject, Status: f.Status, Contact: contactOf(f), Phone: f.SuppliedPhone, Created: f.CreatedDate }, { class: 'facts' }));
    byId('case-description').textContent = f.Description || '—';
    const routing = Object.entries(f).filter(([name]) => !SYSTEM_FIELDS.has(name));
    fill(byId('case-fields'), definitionList(Object.fromEntries(routing), { class: 'facts' }));
    fill(byId('case-emails'), c.emails.length ? c.emails.map(emailItem) : el('li', { class: 'muted' }, 'No emails on this case.'));
  }

  function select(id) {
    selectedId = id;
    load().catch(onError);
  }

  byId('case-reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = byId('case-reply');
    const text = box.value.trim();
    if (!text || !selectedId) return;
    try {
      await post(`/cases/${selectedId}/replies`, { text, rep: repName() || undefined });
      box.value = '';
      await load();
    } catch (err) {
      onError(err);
    }
  });

  return { load, get selectedId() { return selectedId; } };
}
