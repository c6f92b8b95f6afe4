import { ApplicationFailure } from '@temporalio/common';

/** Bad input will not get better with retries: fail the activity for good, with a type the workflow can match. */
export function badInput(type: 'LeadNotFound' | 'MessageNotFound' | 'DraftNotFound', message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}
