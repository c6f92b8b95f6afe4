// The review page: a workspace's drafts awaiting approval (listen mode, escalations), each with what the reviewer
// needs to decide: who the lead is, why the draft waits, what the lead last said, the checklist's progress.
//
// - It uses the public HTTP API only, with the reviewer's API key, kept in sessionStorage (gone with the tab).
// - Every value from the API is set as text, never parsed as HTML: draft bodies quote what leads wrote.
// - A decision another reviewer (or a new message from the lead) got to first comes back as 409: the page says so
//   and reloads the queue.

const $ = (sel, root = document) => root.querySelector(sel);
const KEY = 'lead-agent.review.key';
const REVIEWER = 'lead-agent.review.reviewer';

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

/** Drafts shown at once, oldest first: the ones waiting longest. */
const PAGE = 50;

function notice(text, kind = 'info') {
  const el = $('#notice');
  el.textContent = text;
  el.dataset.kind = kind;
}

function showKeyForm(message) {
  $('#key-form').hidden = false;
  $('#session').hidden = true;
  $('#queue').replaceChildren();
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
  return `${text.length} characters, ${segments} SMS segment${segments === 1 ? '' : 's'}`;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

function renderDraft(draft, details) {
  const card = $('#draft-card').content.firstElementChild.cloneNode(true);
  card.dataset.draftId = draft.id;
  const { lead, checklist, timeline } = details;
  $('.lead-name', card).textContent = fullName(lead);
  $('.lead-badges', card).textContent = [lead.mode, lead.assigneeType === 'HUMAN' ? 'assigned to a person' : null, lead.status].filter(Boolean).join(' · ');
  $('.held-because', card).textContent = heldBecause(draft, lead, timeline);
  $('.recipient', card).textContent = `${draft.channel} ${draft.to ?? ''}${draft.subject ? ` · “${draft.subject}”` : ''}`;
  $('.drafted', card).textContent = `${draft.kind === 'FOLLOW_UP' ? 'Follow-up' : 'Reply'}, ${when(draft.createdAt)}`;
  const items = checklist.flatMap((g) => g.items).filter((i) => i.isRequired);
  const done = items.filter((i) => i.status === 'COMPLETED' || i.status === 'SKIPPED').length;
  $('.checklist', card).textContent = items.length ? `${done} of ${items.length} required items done` : 'no checklist';
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
  $('.approve', card).addEventListener('click', () => decide(card, draft, lead, 'approve'));
  $('.reject', card).addEventListener('click', () => decide(card, draft, lead, 'reject'));
  return card;
}

async function decide(card, draft, lead, action) {
  const outcome = $('.outcome', card);
  const by = localStorage.getItem(REVIEWER) || 'review page';
  let input;
  if (action === 'approve') {
    const body = $('.body', card).value.trim();
    if (!body) return void (outcome.textContent = 'The message is empty: write one or reject the draft.');
    input = body === draft.body.trim() ? { by } : { body, by };
  } else {
    const reason = $('.reason', card).value.trim();
    if (!reason) return void (outcome.textContent = 'Say why you reject it: the agent uses the reason to re-draft.');
    input = { reason, by };
  }
  for (const b of card.querySelectorAll('button')) b.disabled = true;
  outcome.textContent = action === 'approve' ? 'Sending…' : 'Rejecting…';
  try {
    await api('POST', `/api/v1/leads/${encodeURIComponent(draft.leadId)}/drafts/${encodeURIComponent(draft.id)}/${action}`, input);
    card.remove();
    const done = action === 'approve' ? `Sent to ${fullName(lead)}.` : 'Rejected: the agent may re-draft once with your reason.';
    if ($('#queue .draft')) notice(done);
    else await loadQueue(done);
  } catch (err) {
    if (err.status === 401) return showKeyForm('The API key was refused.');
    if (err.status === 409 || err.status === 404) {
      return loadQueue(`This draft was already decided or replaced (${err.message}). The queue was reloaded.`, 'error');
    }
    outcome.textContent = `Failed: ${err.message}`;
    for (const b of card.querySelectorAll('button')) b.disabled = false;
  }
}

/** Loads and shows the queue, then `message` (else how many drafts wait). */
async function loadQueue(message, kind) {
  $('#key-form').hidden = true;
  $('#session').hidden = false;
  try {
    const { data: drafts, more } = await request('GET', `/api/v1/drafts?status=AWAITING_APPROVAL&limit=${PAGE}`);
    const leads = new Map();
    for (const id of new Set(drafts.map((d) => d.leadId))) {
      const path = `/api/v1/leads/${encodeURIComponent(id)}`;
      leads.set(id, Promise.all([api('GET', path), api('GET', `${path}/action-logs`)]).then(([l, timeline]) => ({ lead: l.lead, checklist: l.checklist, timeline })));
    }
    const cards = [];
    for (const d of drafts) cards.push(renderDraft(d, await leads.get(d.leadId)));
    $('#queue').replaceChildren(...cards);
    const count = more
      ? `More than ${PAGE} drafts await approval: the ${PAGE} waiting longest are shown, decide them to see the rest.`
      : drafts.length ? `${drafts.length} draft${drafts.length === 1 ? '' : 's'} awaiting approval.` : 'Nothing waits for approval.';
    notice(message ? `${message} ${count}` : count, kind);
  } catch (err) {
    if (err.status === 401) return showKeyForm('The API key was refused.');
    notice(`Could not load the queue: ${err.message}`, 'error');
  }
}

$('#key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $('#key').value.trim());
  $('#key').value = '';
  loadQueue();
});
$('#refresh').addEventListener('click', () => loadQueue());
$('#sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  showKeyForm();
});
$('#reviewer').value = localStorage.getItem(REVIEWER) ?? '';
$('#reviewer').addEventListener('change', (e) => localStorage.setItem(REVIEWER, e.target.value.trim()));

if (sessionStorage.getItem(KEY)) loadQueue();
else showKeyForm();
