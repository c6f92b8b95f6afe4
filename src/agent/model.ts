import type { AgentStepResult, TranscriptEntry } from '../../workflows/types';
import type { AgentContext } from './context';

/** One step of the agent loop: given the context and this turn's transcript so far, call tools or answer. */
export interface AgentModel {
  readonly name: string;
  step(ctx: AgentContext, transcript: TranscriptEntry[], turnId: string): Promise<AgentStepResult>;
  /** A one-shot answer to a judging prompt (the policy judge); absent on the offline agent. */
  judge?(system: string, user: string): Promise<string>;
  /** A forced call of one tool: its input is the structured answer (document review); absent on the offline agent. */
  structured?(system: string, user: UserContent, tool: StructuredTool): Promise<unknown>;
}

/** A user turn: text, or text with images (base64 JPEG pages of a document). */
export type UserContent = string | ({ type: 'text'; text: string } | { type: 'image'; source: { type: 'base64'; media_type: 'image/jpeg'; data: string } })[];

export interface StructuredTool {
  name: string;
  description: string;
  input_schema: { type: 'object'; [k: string]: unknown };
}
