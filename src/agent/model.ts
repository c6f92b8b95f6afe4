import type { AgentStepResult, TranscriptEntry } from '../../workflows/types';
import type { AgentContext } from './context';

/** One step of the agent loop: given the context and this turn's transcript so far, call tools or answer. */
export interface AgentModel {
  readonly name: string;
  step(ctx: AgentContext, transcript: TranscriptEntry[], turnId: string): Promise<AgentStepResult>;
}
