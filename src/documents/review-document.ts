// One file's documents read again by the model and cross-checked (see model-review.ts), free of Temporal: the
// activity decides what a model failure means (retry or fall back), the offline eval falls back at once.
import type { StructuredTool, UserContent } from '../agent/model';
import { buildReviewRequest, crossCheck, imagesForModel, parseReview, REVIEW_TOOL, ReviewAnswerError, unreviewed } from './model-review';
import type { AnalyzedSegment, DocumentAnalysis, LeadIdentity } from './types';

export interface ReviewInput {
  filename: string;
  analysis: DocumentAnalysis;
  /** Page text and OCR'd page images per segment, from the pipeline's onSegmentText. */
  texts: string[];
  images: Uint8Array[][];
  lead: LeadIdentity;
  now: Date;
  heartbeat?: (stage: string) => void;
  /** The lead's open items that no document type fits, by label, for the model to tell (itemsOfNoKnownType). */
  itemLabels?: string[];
}

export interface ReviewModel {
  name: string;
  ask(system: string, user: UserContent, tool: StructuredTool): Promise<unknown>;
  /** Send the images of photographed and scanned pages (DOCUMENT_REVIEW=auto), not only their masked text. */
  withImages: boolean;
  /** A call failed: throw to give up on the file (e.g. for a retry), or return the reason the offline reading stands. */
  onModelError(err: unknown, segment: number): string;
  /** The answer was a refusal or off schema: the offline reading stands. */
  onBadAnswer?(reason: string, segment: number): void;
}

/** Collects what the pipeline's onSegmentText gives, by segment, for reviewDocument's `texts` and `images`. */
export function segmentCollector() {
  const texts: string[] = [];
  const images: Uint8Array[][] = [];
  return {
    texts,
    images,
    onSegmentText: (i: number, text: string, pageImages: Uint8Array[]) => {
      texts[i] = text;
      images[i] = pageImages;
    },
  };
}

export async function reviewDocument(input: ReviewInput, model: ReviewModel): Promise<DocumentAnalysis> {
  const { analysis } = input;
  if (analysis.kind !== 'ok') return analysis;
  const segments: AnalyzedSegment[] = [];
  for (const [i, offline] of analysis.segments.entries()) {
    const text = input.texts[i] ?? '';
    input.heartbeat?.(`model-review:${i + 1}`);
    const images = model.withImages ? await imagesForModel(input.images[i] ?? []) : [];
    const request = buildReviewRequest({ filename: input.filename, text, images, offline, lead: input.lead, now: input.now, itemLabels: input.itemLabels });
    let raw: unknown;
    try {
      raw = await model.ask(request.system, request.user, REVIEW_TOOL);
    } catch (err) {
      segments.push(unreviewed(offline, model.name, model.onModelError(err, i)));
      continue;
    }
    try {
      segments.push(crossCheck({ offline, model: parseReview(raw), modelName: model.name, textLength: text.replace(/\s+/g, '').length, lead: input.lead, now: input.now, itemLabels: input.itemLabels }));
    } catch (err) {
      if (!(err instanceof ReviewAnswerError)) throw err;
      model.onBadAnswer?.(err.message, i);
      segments.push(unreviewed(offline, model.name, err.message));
    }
  }
  return { ...analysis, segments };
}

export function modelUnavailable(err: unknown): string {
  return `model unavailable: ${String((err as Error)?.message ?? err).slice(0, 160)}`;
}
