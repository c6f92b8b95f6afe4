import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { buildReviewRequest, crossCheck, imagesForModel, parseReview, REVIEW_TOOL, ReviewAnswerError, unreviewed } from '../src/documents/model-review';
import type { AnalyzedSegment, DocumentAnalysis, LeadIdentity } from '../src/documents/types';
import { classifyModelError } from './agent';
import type { ActivityDeps } from './deps';

export interface ReviewInput {
  filename: string;
  analysis: DocumentAnalysis;
  /** Page text and OCR'd page images per segment, from the pipeline's onSegmentText. */
  texts: string[];
  images: Uint8Array[][];
  lead: LeadIdentity;
  now: Date;
  heartbeat: (stage: string) => void;
}

/**
 * With Claude configured (and DOCUMENT_REVIEW not off), each document the offline pipeline read is read again by the
 * model and cross-checked; with `auto` the model also sees the images of photographed and scanned pages, with `text`
 * only their (masked) text. A transient model failure is retried once by Temporal; after that, or when the model
 * refuses or answers out of schema, the offline reading stands, marked unreviewed: a lead's files are never held
 * back by the model.
 */
export function documentReviewer({ agent, config, log }: Pick<ActivityDeps, 'agent' | 'config' | 'log'>) {
  if (config.DOCUMENT_REVIEW === 'off' || !agent.structured) return undefined;
  const ask = agent.structured.bind(agent);
  return async function review(input: ReviewInput): Promise<DocumentAnalysis> {
    const { analysis } = input;
    if (analysis.kind !== 'ok') return analysis;
    const segments: AnalyzedSegment[] = [];
    for (const [i, offline] of analysis.segments.entries()) {
      const text = input.texts[i] ?? '';
      input.heartbeat(`model-review:${i + 1}`);
      const images = config.DOCUMENT_REVIEW === 'auto' ? await imagesForModel(input.images[i] ?? []) : [];
      const request = buildReviewRequest({ filename: input.filename, text, images, offline, lead: input.lead, now: input.now });
      let raw: unknown;
      try {
        raw = await ask(request.system, request.user, REVIEW_TOOL);
      } catch (err) {
        const failure = classifyModelError(err);
        const retryable = !(failure instanceof ApplicationFailure && failure.nonRetryable);
        if (retryable && Context.current().info.attempt < 2) throw failure;
        const reason = `model unavailable: ${String((err as Error)?.message ?? err).slice(0, 160)}`;
        log.warn({ filename: input.filename, segment: i, reason }, 'document review fell back to the offline reading');
        segments.push(unreviewed(offline, agent.name, reason));
        continue;
      }
      try {
        const model = parseReview(raw);
        segments.push(crossCheck({ offline, model, modelName: agent.name, textLength: text.replace(/\s+/g, '').length, lead: input.lead, now: input.now }));
      } catch (err) {
        if (!(err instanceof ReviewAnswerError)) throw err;
        log.warn({ filename: input.filename, segment: i, reason: err.message }, 'document review answer unreadable; offline reading kept');
        segments.push(unreviewed(offline, agent.name, err.message));
      }
    }
    return { ...analysis, segments };
  };
}
