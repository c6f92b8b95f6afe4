import { Context } from '@temporalio/activity';
import { upsertActionLog } from '../src/db/action-logs';
import { getChecklistItems } from '../src/db/checklist';
import { toJson } from '../src/db/json';
import { getLead } from '../src/db/leads';
import type { ChecklistItemRow, LeadRow } from '../src/db/schema';
import { describeForLead } from '../src/documents/feedback';
import { itemsOfNoKnownType } from '../src/documents/file-items';
import { acceptedDocuments, matchToChecklist } from '../src/documents/match';
import { analyzeDocument, rejection } from '../src/documents/pipeline';
import type { DocumentAnalysis, LeadIdentity, ModelReviewOutcome, RejectionCode } from '../src/documents/types';
import { quotable } from '../src/policy/echo';
import type { ActivityDeps } from './deps';
import { segmentCollector } from '../src/documents/review-document';
import { documentReviewer } from './document-review';
import { badInput } from './errors';

// A later file never undoes an accepted item: a second, blurry copy of a good ID leaves the item COMPLETED.
const RANK: Record<string, number> = { TODO: 0, INVALID: 1, NEEDS_REVIEW: 2, COMPLETED: 3, SKIPPED: 3 };

/** The files read together: one inbound message's, or one admin upload's. */
interface Batch {
  column: 'message_id' | 'upload_id';
  id: string;
  /** The DOCUMENT_UPLOAD action log's id (idempotent per batch). */
  logId: string;
  parentActionId: string | null;
}

export function documentActivities({ db, ocr, config, agent, log }: ActivityDeps) {
  const review = documentReviewer({ agent, config, log });

  /**
   * Reads every file of a batch: type, fields, validation, then the checklist items it fills. A bad file (corrupt,
   * encrypted, empty, too large, unreadable) is a recorded verdict with a message for the lead, not a failure. Files
   * already processed (a retry) or seen before (same sha256) are not read again.
   */
  async function readBatch(leadId: string, batch: Batch): Promise<{ lines: string[] }> {
    // Also on a timer: a file waiting for a busy OCR engine (other leads' photos) is alive, not lost, and must not
    // time out into a retry that joins the same queue.
    const ctx = Context.current();
    const alive = setInterval(() => ctx.heartbeat('waiting'), 20_000);
    try {
      return await readFiles(leadId, batch);
    } finally {
      clearInterval(alive);
    }
  }

  async function readFiles(leadId: string, batch: Batch): Promise<{ lines: string[] }> {
    const lead = await getLead(db, leadId);
    if (!lead) throw badInput('LeadNotFound', `lead ${leadId} does not exist`);
    const beat = (stage: string) => Context.current().heartbeat(stage);
    const identity = leadIdentity(lead, await getChecklistItems(db, lead.id));
    const docs = await db.selectFrom('documents').selectAll().where(batch.column, '=', batch.id).orderBy('created_at').execute();
    for (const doc of docs) {
      if (doc.processed_at) continue;
      beat(`document ${doc.filename}`);
      // Empty rows (zero-byte files, files refused on arrival) all share one hash: they are never duplicates.
      const earlier = doc.content.byteLength === 0 ? undefined : await db
        .selectFrom('documents')
        .select(['id', 'filename'])
        .where('lead_id', '=', lead.id)
        .where('sha256', '=', doc.sha256)
        .where('id', '!=', doc.id)
        .where('processed_at', 'is not', null)
        .executeTakeFirst();
      if (earlier) {
        await db.updateTable('documents').set({ status: 'DUPLICATE', verdict: `"${doc.filename}" is the same file as "${earlier.filename}", which we already have.`, processed_at: new Date() }).where('id', '=', doc.id).execute();
        continue;
      }
      const { texts, images, onSegmentText } = segmentCollector();
      const offline = refusedOnArrival(doc) ?? (await analyzeDocument(
        { filename: doc.filename, declaredMimeType: doc.mime_type, bytes: doc.content, lead: identity, now: new Date(), maxBytes: config.MAX_ATTACHMENT_BYTES },
        { ocr, heartbeat: beat, onSegmentText },
      ));
      let analysis = offline;
      if (review) {
        // The model is offered the lead's open items that no document type fits, to say if this is one of them.
        const open = (await getChecklistItems(db, lead.id)).map((i) => ({ label: i.label, fieldType: i.field_type, status: i.status }));
        analysis = await review({ filename: doc.filename, analysis: offline, texts, images, lead: identity, now: new Date(), heartbeat: beat, itemLabels: itemsOfNoKnownType(open) });
      }
      const items = await getChecklistItems(db, lead.id);
      const matches = matchToChecklist(
        analysis,
        items.map((i) => ({ id: i.id, code: i.code, label: i.label, fieldType: i.field_type, validationRules: i.validation_rules, status: i.status })),
        new Date(),
        { lead: identity, accepted: Object.fromEntries(items.map((i) => [i.id, acceptedDocuments(i.value)])), expectedItemId: doc.expected_item_id ?? undefined, texts },
      );
      await db.transaction().execute(async (tx) => {
        for (const m of matches) {
          const item = items.find((i) => i.id === m.itemId)!;
          const keep = RANK[item.status] > RANK[m.status];
          await tx
            .updateTable('lead_checklist_items')
            .set({
              document_ids: toJson([...new Set([...item.document_ids, doc.id])]),
              ...(!keep && { status: m.status, value: toJson(m.value ?? null), validation_error: m.reason, source: 'agent' as const }),
              updated_at: new Date(),
            })
            .where('id', '=', item.id)
            .execute();
        }
        // The file's name is the sender's words: quoted only when safe to repeat.
        const [line] = describeForLead([{ filename: quotable(doc.filename) ?? 'your file', analysis, matches }], { items: items.map((i) => ({ id: i.id, label: i.label })) });
        await tx
          .updateTable('documents')
          .set({
            status: analysis.kind === 'ok' ? 'PROCESSED' : 'REJECTED',
            doc_type: analysis.kind === 'ok' ? analysis.segments.map((s) => s.type).join('+') || 'OTHER' : null,
            analysis: toJson(analysis),
            text: texts.length ? texts.join('\f') : null,
            verdict: line ?? null,
            error_code: analysis.kind === 'rejected' ? analysis.code : null,
            matched_items: toJson(matches.map((m) => ({ itemId: m.itemId, status: m.status, reason: m.reason }))),
            processed_at: new Date(),
          })
          .where('id', '=', doc.id)
          .execute();
      });
    }
    const processed = await db.selectFrom('documents').select(['id', 'filename', 'status', 'doc_type', 'verdict', 'error_code', 'matched_items', 'analysis']).where(batch.column, '=', batch.id).orderBy('created_at').execute();
    await upsertActionLog(db, {
      id: batch.logId,
      leadId: lead.id,
      type: 'DOCUMENT_UPLOAD',
      status: 'COMPLETED',
      summary: `${processed.length} file${processed.length === 1 ? '' : 's'} read: ${processed.map((d) => `${d.filename} ${d.doc_type ?? d.error_code ?? d.status}`).join(', ')}`,
      output: { documents: processed.map((d) => ({ id: d.id, filename: d.filename, status: d.status, type: d.doc_type, error: d.error_code, verdict: d.verdict, checklist: d.matched_items, review: reviewOf(d.analysis) })) },
      parentActionId: batch.parentActionId,
    });
    return { lines: processed.flatMap((d) => (d.verdict ? [d.verdict] : [])) };
  }

  return {
    /** The files of an inbound message, before the agent answers it. */
    async processMessageDocuments(input: { leadId: string; messageId: string }): Promise<{ lines: string[] }> {
      return readBatch(input.leadId, { column: 'message_id', id: input.messageId, logId: `documents-${input.messageId}`, parentActionId: `inbound-${input.messageId}` });
    },

    /** Files an admin uploaded (POST /api/v1/documents): the checklist and the timeline change, the lead is not messaged. */
    async processUploadedDocuments(input: { leadId: string; uploadId: string }): Promise<{ lines: string[] }> {
      return readBatch(input.leadId, { column: 'upload_id', id: input.uploadId, logId: `upload-${input.uploadId}`, parentActionId: null });
    },
  };
}

/** Who documents should name: the business name the lead stated in the conversation counts when the record has none. */
function leadIdentity(lead: LeadRow, items: ChecklistItemRow[]): LeadIdentity {
  const stated = items.find((i) => i.code === 'business_name')?.value;
  return { firstName: lead.first_name, lastName: lead.last_name, businessName: lead.business_name ?? (typeof stated === 'string' ? stated : null) };
}

/** A file refused when the message arrived (too large, undecodable) carries its reason; it has no bytes to read. */
function refusedOnArrival(doc: { filename: string; analysis: unknown }): DocumentAnalysis | null {
  const pre = doc.analysis as { kind?: string; code?: RejectionCode; message?: string } | null;
  return pre?.kind === 'rejected' && pre.code ? rejection(pre.code, doc.filename, pre.message ?? '') : null;
}

/** Per document of the file, how the model's reading compared (null without a model review). */
function reviewOf(analysis: unknown): ModelReviewOutcome[] | null {
  const a = analysis as DocumentAnalysis | null;
  if (a?.kind !== 'ok') return null;
  const reviews = a.segments.flatMap((s) => (s.review ? [s.review] : []));
  return reviews.length ? reviews : null;
}
