// The review page: what waits for a person in a workspace.
// - Drafts awaiting approval (listen mode, escalations), each with who the lead is, why the draft waits, what the lead
//   last said and the checklist's progress. Approve as edited, or reject with a reason.
// - Checklist items in NEEDS_REVIEW (the document pipeline was unsure), each with the files that filled it, what was
//   read from them and the file itself. Accept, or refuse with a reason the lead is told.
//
// It uses the public HTTP API only, by paths relative to the page (so it works behind a proxy's path prefix), with
// the reviewer's API key, kept in sessionStorage (gone with the tab). Every value from the API is set as text, never
// parsed as HTML: drafts quote what leads wrote, documents hold what they sent. A decision someone else (or a new
// message from the lead) got to first comes back as 404/409: the page says so and reloads.

const $ = (sel, root = document) => root.querySelector(sel);
const KEY = 'lead-agent.review.key';
const REVIEWER = 'lead-agent.review.reviewer';
/** Shown at once per queue, the longest-waiting first. */
const PAGE = 50;
/** Image types shown inline; anything else (PDFs, SVG) is offered as a download. */
const INLINE_IMAGES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'x-api-key': sessionStorage.getItem(KEY) ?? '', ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.message ?? `HTTP ${res.status}`);
  return { data, more: res.headers.has('x-next-cursor') };
}

const api = async (method, path, body) => (await request(method, path, body)).data;
const leadPath = (id) => `api/v1/leads/${encodeURIComponent(id)}`;
const reviewer = () => localStorage.getItem(REVIEWER) || 'review page';
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function notice(text, kind = 'info') {
  const el = $('#notice');
  el.textContent = text;
  el.dataset.kind = kind;
}

function showKeyForm(message) {
  $('#key-form').hidden = false;
  $('#session').hidden = true;
  for (const s of document.querySelectorAll('main section')) s.hidden = true;
  $('#queue').replaceChildren();
  $('#item-queue').replaceChildren();
  notice(message ?? '', message ? 'error' : 'info');
}

const fullName = (lead) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.businessName || lead.phoneNumber || lead.email || lead.id;

/** Why a draft is held: the policy guard's escalation for it, else the lead's assignment or mode. */
function heldBecause(draft, lead, timeline) {
  const escalation = timeline.find((l) => l.type === 'ESCALATION' && l.input?.draftId === draft.id);
  if (escalation) return escalation.summary;
  if (lead.assigneeType === 'HUMAN') return 'The lead is assigned to a person: the agent only drafts.';
  if (lead.mode === 'LISTEN') return 'Listen mode: every message waits for approval.';
  return 'Held for approval.';
}

function lastInbound(timeline) {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const m = timeline[i].messages?.find((x) => x.direction === 'INBOUND');
    if (m) return { ...m, at: timeline[i].createdAt };
  }
  return null;
}

/** GSM-7 text fits 160 characters per SMS (153 when split); anything else 70 (67). */
function smsLength(text) {
  const gsm = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/.test(text);
  const [one, many] = gsm ? [160, 153] : [70, 67];
  const segments = text.length <= one ? 1 : Math.ceil(text.length / many);
  return `${text.length} characters, ${plural(segments, 'SMS segment')}`;
}

/**
 * Sends a decision from a card. On success the card goes; when someone got there first the queues reload; any
 * other failure stays on the card with its buttons usable again.
 */
async function settle(card, { method = 'POST', path, input, doing, done }) {
  const outcome = $('.outcome', card);
  for (const b of card.querySelectorAll('button')) b.disabled = true;
  outcome.textContent = doing;
  try {
    await api(method, path, input);
    const queue = card.parentElement;
    card.remove();
    notice(done);
    // The last card of a page gone: fetch what waits behind it (other cards may hold edits, so only then).
    if (!queue.children.length) await loadAll();
  } catch (err) {
    if (err.status === 401) return showKeyForm('The API key was refused.');
    if (err.status === 409 || err.status === 404) {
      notice(`This was already decided or replaced (${err.message}). The queues were reloaded.`, 'error');
      return loadAll();
    }
    outcome.textContent = `Failed: ${err.message}`;
    for (const b of card.querySelectorAll('button')) b.disabled = false;
  }
}

function renderDraft(draft, { lead, checklist, timeline }) {
  const card = $('#draft-card').content.firstElementChild.cloneNode(true);
  card.dataset.draftId = draft.id;
  $('.lead-name', card).textContent = fullName(lead);
  $('.lead-badges', card).textContent = [lead.mode, lead.assigneeType === 'HUMAN' ? 'assigned to a person' : null, lead.status].filter(Boolean).join(' · ');
  $('.held-because', card).textContent = heldBecause(draft, lead, timeline);
  $('.recipient', card).textContent = `${draft.channel} ${draft.to ?? ''}${draft.subject ? ` · “${draft.subject}”` : ''}`;
  $('.drafted', card).textContent = `${draft.kind === 'FOLLOW_UP' ? 'Follow-up' : 'Reply'}, ${when(draft.createdAt)}`;
  const items = checklist.flatMap((g) => g.items).filter((i) => i.isRequired);
  const finished = items.filter((i) => i.status === 'COMPLETED' || i.status === 'SKIPPED').length;
  $('.checklist', card).textContent = items.length ? `${finished} of ${items.length} required items done` : 'no checklist';
  const inbound = lastInbound(timeline);
  if (inbound) {
    $('.last-inbound', card).hidden = false;
    $('.last-inbound blockquote', card).textContent = `${inbound.body ?? ''} (${inbound.channel}, ${when(inbound.at)})`;
  }
  const body = $('.body', card);
  body.value = draft.body;
  const length = $('.length', card);
  const showLength = () => (length.textContent = draft.channel === 'SMS' ? smsLength(body.value) : `${body.value.length} characters`);
  body.addEventListener('input', showLength);
  showLength();

  const path = (action) => `${leadPath(draft.leadId)}/drafts/${encodeURIComponent(draft.id)}/${action}`;
  $('.approve', card).addEventListener('click', () => {
    const text = body.value.trim();
    if (!text) return void ($('.outcome', card).textContent = 'The message is empty: write one or reject the draft.');
    const input = text === draft.body.trim() ? { by: reviewer() } : { body: text, by: reviewer() };
    settle(card, { path: path('approve'), input, doing: 'Sending…', done: `Sent to ${fullName(lead)}.` });
  });
  $('.reject', card).addEventListener('click', () => {
    const reason = $('.reason', card).value.trim();
    if (!reason) return void ($('.outcome', card).textContent = 'Say why you reject it: the agent uses the reason to re-draft.');
    settle(card, { path: path('reject'), input: { reason, by: reviewer() }, doing: 'Rejecting…', done: 'Rejected: the agent may re-draft once with your reason.' });
  });
  return card;
}

/** What the pipeline read from a file: per document found in it, its type, the checks that failed and its fields. */
function findings(analysis) {
  if (!analysis || analysis.kind !== 'ok') return [analysis?.message ? `Not read: ${analysis.message}` : 'Not read.'];
  return analysis.segments.flatMap((s) => {
    const failed = s.validation.validationResults.filter((r) => !r.isValid).map((r) => r.isValidReason);
    const fields = Object.entries(s.fields).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
    return [
      `${s.type} on ${plural(s.pages.length, 'page')} (${Math.round(s.confidence * 100)}% sure)`,
      ...(failed.length ? [`Failed checks: ${failed.join('; ')}`] : ['All checks passed']),
      ...(fields.length ? [`Read: ${fields.join(', ')}`] : []),
    ];
  });
}

async function showDocument(row, doc) {
  const preview = $('.preview', row);
  $('.show', row).disabled = true;
  try {
    const full = await api('GET', `api/v1/documents/${encodeURIComponent(doc.id)}?includeContent=true`);
    $('.findings', preview).replaceChildren(...findings(full.analysis).map((line) => Object.assign(document.createElement('li'), { textContent: line })));
    if (full.contentBase64) {
      const bytes = Uint8Array.from(atob(full.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: full.mimeType }));
      const link = $('.download', preview);
      link.href = url;
      link.download = full.filename;
      if (INLINE_IMAGES.includes(full.mimeType)) preview.prepend(Object.assign(document.createElement('img'), { src: url, alt: full.filename }));
    } else {
      $('.download', preview).remove();
    }
    preview.hidden = false;
    $('.show', row).remove();
  } catch (err) {
    if (err.status === 401) return showKeyForm('The API key was refused.');
    $('.doc-verdict', row).textContent = `Could not load the file: ${err.message}`;
    $('.show', row).disabled = false;
  }
}

/** A typed value as it is; a document item's value (what filled it) by its summary. */
function valueText(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  return typeof value.summary === 'string' ? value.summary : JSON.stringify(value);
}

function renderItem(item, documents) {
  const card = $('#item-card').content.firstElementChild.cloneNode(true);
  card.dataset.itemId = item.id;
  const lead = item.lead.name || item.lead.businessName || item.lead.id;
  $('.lead-name', card).textContent = lead;
  $('.item-label', card).textContent = `${item.label} (${item.fieldType})`;
  $('.why', card).textContent = item.validationError ?? 'No reason was given.';
  $('.value', card).textContent = valueText(item.value);
  $('.since', card).textContent = when(item.updatedAt);
  const files = documents.filter((d) => d.checklist?.some((c) => c.itemId === item.id));
  $('.documents', card).replaceChildren(
    ...files.map((doc) => {
      const row = $('#document-row').content.firstElementChild.cloneNode(true);
      $('.doc-name', row).textContent = doc.filename;
      $('.doc-type', row).textContent = doc.documentType ? `taken as ${doc.documentType}` : '';
      $('.doc-verdict', row).textContent = doc.verdict ?? '';
      $('.show', row).addEventListener('click', () => showDocument(row, doc));
      return row;
    }),
  );
  if (!files.length) $('.documents', card).append(Object.assign(document.createElement('li'), { textContent: 'No file is linked to this item.' }));

  const path = `${leadPath(item.lead.id)}/checklist-items/${encodeURIComponent(item.id)}`;
  $('.accept', card).addEventListener('click', () =>
    settle(card, { method: 'PUT', path, input: { status: 'COMPLETED', by: reviewer() }, doing: 'Accepting…', done: `${item.label} accepted for ${lead}.` }),
  );
  $('.refuse', card).addEventListener('click', () => {
    const reason = $('.reason', card).value.trim();
    if (!reason) return void ($('.outcome', card).textContent = 'Say why you refuse it: the lead is told, so write it for them.');
    settle(card, { method: 'PUT', path, input: { status: 'INVALID', reason, by: reviewer() }, doing: 'Refusing…', done: `${item.label} refused for ${lead}: the lead will be asked again.` });
  });
  return card;
}

/** Fetches each lead's details once however many cards it has. */
function perLead(ids, load) {
  return new Map([...new Set(ids)].map((id) => [id, load(id)]));
}

async function loadDrafts() {
  const { data: drafts, more } = await request('GET', `api/v1/drafts?status=AWAITING_APPROVAL&limit=${PAGE}`);
  const leads = perLead(
    drafts.map((d) => d.leadId),
    (id) => Promise.all([api('GET', leadPath(id)), api('GET', `${leadPath(id)}/action-logs`)]).then(([l, timeline]) => ({ lead: l.lead, checklist: l.checklist, timeline })),
  );
  const cards = [];
  for (const d of drafts) cards.push(renderDraft(d, await leads.get(d.leadId)));
  $('#queue').replaceChildren(...cards);
  $('#drafts .count').textContent = more
    ? `More than ${PAGE} drafts wait: the ${PAGE} waiting longest are shown; decide them to see the rest.`
    : drafts.length ? `${plural(drafts.length, 'draft')} awaiting approval.` : 'Nothing waits for approval.';
  $('#drafts').hidden = false;
}

async function loadItems() {
  const items = await api('GET', `api/v1/checklist-items?status=NEEDS_REVIEW&limit=${PAGE}`);
  const documents = perLead(items.map((i) => i.lead.id), (id) => api('GET', `${leadPath(id)}/documents`));
  const cards = [];
  for (const i of items) cards.push(renderItem(i, await documents.get(i.lead.id)));
  $('#item-queue').replaceChildren(...cards);
  $('#items .count').textContent =
    items.length === PAGE ? `The ${PAGE} items waiting longest are shown; settle them to see the rest.`
      : items.length ? `${plural(items.length, 'item')} to review.` : 'Nothing to review.';
  $('#items').hidden = false;
}

async function loadAll() {
  $('#key-form').hidden = true;
  $('#session').hidden = false;
  const results = await Promise.allSettled([loadDrafts(), loadItems()]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed?.reason.status === 401) return showKeyForm('The API key was refused.');
  if (failed) notice(`Could not load the queues: ${failed.reason.message}`, 'error');
}

$('#key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $('#key').value.trim());
  $('#key').value = '';
  notice('');
  loadAll();
});
$('#refresh').addEventListener('click', () => {
  notice('');
  loadAll();
});
$('#sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  showKeyForm();
});
$('#reviewer').value = localStorage.getItem(REVIEWER) ?? '';
$('#reviewer').addEventListener('change', (e) => localStorage.setItem(REVIEWER, e.target.value.trim()));

if (sessionStorage.getItem(KEY)) loadAll();
else showKeyForm();
