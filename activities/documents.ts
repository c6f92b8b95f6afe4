import { Context } from '@temporalio/activity';
import { upsertActionLog } from '../src/db/action-logs';
import { getChecklistItems } from '../src/db/checklist';
import { toJson } from '../src/db/json';
import { getLead } from '../src/db/leads';
import { describeForLead, type FileVerdict } from '../src/documents/feedback';
import { matchToChecklist } from '../src/documents/match';
import { analyzeDocument } from '../src/documents/pipeline';
import type { DocumentAnalysis, ModelReviewOutcome } from '../src/documents/types';
import { quotable } from '../src/policy/echo';
import type { ActivityDeps } from './deps';
import { documentReviewer } from './document-review';
import { badInput } from './errors';

// A later file never undoes an accepted item: a second, blurry copy of a good ID leaves the item COMPLETED.
const RANK: Record<string, number> = { TODO: 0, INVALID: 1, NEEDS_REVIEW: 2, COMPLETED: 3, SKIPPED: 3 };

export function documentActivities({ db, ocr, config, agent, log }: ActivityDeps) {
  const review = documentReviewer({ agent, config, log });
  return {
    /**
     * Reads every file of an inbound message: type, fields, validation, then the checklist items it fills. A bad file
     * (corrupt, encrypted, empty, too large, unreadable) is a recorded verdict with a message for the lead, not a
     * failure. Files already processed (a retry) or seen before (same sha256) are not read again.
     */
    async processMessageDocuments(input: { leadId: string; messageId: string }): Promise<{ lines: string[] }> {
      const lead = await getLead(db, input.leadId);
      if (!lead) throw badInput('LeadNotFound', `lead ${input.leadId} does not exist`);
      const beat = (stage: string) => Context.current().heartbeat(stage);
      const docs = await db.selectFrom('documents').selectAll().where('message_id', '=', input.messageId).orderBy('created_at').execute();
      const verdicts: FileVerdict[] = [];
      for (const doc of docs) {
        if (doc.processed_at) continue;
        beat(`document ${doc.filename}`);
        const earlier = await db
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
        const identity = { firstName: lead.first_name, lastName: lead.last_name, businessName: lead.business_name };
        const texts: string[] = [];
        const offline = await analyzeDocument(
          { filename: doc.filename, declaredMimeType: doc.mime_type, bytes: doc.content, lead: identity, now: new Date(), maxBytes: config.MAX_ATTACHMENT_BYTES },
          { ocr, heartbeat: beat, onSegmentText: (i, text) => (texts[i] = text) },
        );
        const analysis = review ? await review({ filename: doc.filename, analysis: offline, texts, lead: identity, now: new Date(), heartbeat: beat }) : offline;
        const items = await getChecklistItems(db, lead.id);
        const matches = matchToChecklist(
          analysis,
          items.map((i) => ({ id: i.id, code: i.code, label: i.label, fieldType: i.field_type, validationRules: i.validation_rules, status: i.status })),
          new Date(),
          { alreadyAccepted: Object.fromEntries(items.map((i) => [i.id, i.document_ids.length])) },
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
              verdict: line ?? null,
              error_code: analysis.kind === 'rejected' ? analysis.code : null,
              matched_items: toJson(matches.map((m) => ({ itemId: m.itemId, status: m.status, reason: m.reason }))),
              processed_at: new Date(),
            })
            .where('id', '=', doc.id)
            .execute();
        });
        verdicts.push({ filename: doc.filename, analysis, matches });
      }
      const processed = await db.selectFrom('documents').select(['id', 'filename', 'status', 'doc_type', 'verdict', 'error_code', 'matched_items', 'analysis']).where('message_id', '=', input.messageId).orderBy('created_at').execute();
      await upsertActionLog(db, {
        id: `documents-${input.messageId}`,
        leadId: lead.id,
        type: 'DOCUMENT_UPLOAD',
        status: 'COMPLETED',
        summary: `${processed.length} file${processed.length === 1 ? '' : 's'} read: ${processed.map((d) => `${d.filename} ${d.doc_type ?? d.error_code ?? d.status}`).join(', ')}`,
        output: { documents: processed.map((d) => ({ id: d.id, filename: d.filename, status: d.status, type: d.doc_type, error: d.error_code, verdict: d.verdict, checklist: d.matched_items, review: reviewOf(d.analysis) })) },
        parentActionId: `inbound-${input.messageId}`,
      });
      return { lines: processed.flatMap((d) => (d.verdict ? [d.verdict] : [])) };
    },
  };
}

/** Per document of the file, how the model's reading compared (null without a model review). */
function reviewOf(analysis: unknown): ModelReviewOutcome[] | null {
  const a = analysis as DocumentAnalysis | null;
  if (a?.kind !== 'ok') return null;
  const reviews = a.segments.flatMap((s) => (s.review ? [s.review] : []));
  return reviews.length ? reviews : null;
}
