import type { AgentModel } from './model';
import { offlineStep } from './offline-agent';

/** The offline rules agent behind the same interface as Claude. */
export const offlineModel: AgentModel = {
  name: 'offline',
  step: async (ctx, transcript, turnId) => offlineStep(ctx, transcript, turnId),
};
