import type { AgentStepResult, TranscriptEntry } from '../../workflows/types';
import type { AgentContext } from './context';

/** One step of the agent loop: given the context and this turn's transcript so far, call tools or answer. */
export interface AgentModel {
  readonly name: string;
  step(ctx: AgentContext, transcript: TranscriptEntry[], turnId: string): Promise<AgentStepResult>;
  /** A one-shot answer to a judging prompt (the policy judge); absent on the offline agent. */
  judge?(system: string, user: string): Promise<string>;
}
