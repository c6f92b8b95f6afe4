import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { modelUnavailable, reviewDocument, type ReviewInput } from '../src/documents/review-document';
import type { DocumentAnalysis } from '../src/documents/types';
import { classifyModelError } from './agent';
import type { ActivityDeps } from './deps';

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
  return (input: ReviewInput): Promise<DocumentAnalysis> =>
    reviewDocument(input, {
      name: agent.name,
      ask,
      withImages: config.DOCUMENT_REVIEW === 'auto',
      onModelError(err, segment) {
        const failure = classifyModelError(err);
        const retryable = !(failure instanceof ApplicationFailure && failure.nonRetryable);
        if (retryable && Context.current().info.attempt < 2) throw failure;
        const reason = modelUnavailable(err);
        log.warn({ filename: input.filename, segment, reason }, 'document review fell back to the offline reading');
        return reason;
      },
      onBadAnswer(reason, segment) {
        log.warn({ filename: input.filename, segment, reason }, 'document review answer unreadable; offline reading kept');
      },
    });
}
