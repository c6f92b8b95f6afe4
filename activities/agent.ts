import Anthropic from '@anthropic-ai/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { buildAgentContext } from '../src/agent/context-builder';
import { EmptyReplyError } from '../src/agent/claude';
import { composeOffline } from '../src/agent/offline-agent';
import { runToolCall } from '../src/agent/tool-runner';
import { isToolName, TOOL_DEFINITIONS } from '../src/agent/tools';
import { upsertActionLog } from '../src/db/action-logs';
import { getMessage } from '../src/db/messages';
import { redactPii } from '../src/policy/redact';
import type { AgentStepResult, ComposedMessage, ComposeRequest, ToolCall, ToolResult, TranscriptEntry } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

export interface StepRequest extends ComposeRequest {
  transcript: TranscriptEntry[];
}

export function agentActivities({ db, agent }: ActivityDeps) {
  async function context(req: ComposeRequest) {
    const ctx = await buildAgentContext(db, req);
    if (!ctx) throw badInput('LeadNotFound', `lead ${req.leadId} does not exist`);
    return ctx;
  }

  /** An email reply stays in the lead's thread: same subject, prefixed once with "Re:". */
  async function threaded(req: ComposeRequest, message: ComposedMessage): Promise<ComposedMessage> {
    if (req.channel !== 'EMAIL' || !req.inboundMessageId) return message;
    const inbound = await getMessage(db, req.inboundMessageId);
    if (inbound?.channel !== 'EMAIL' || !inbound.subject) return message;
    return { ...message, subject: /^re:/i.test(inbound.subject) ? inbound.subject : `Re: ${inbound.subject}` };
  }

  return {
    /** One model step: read the lead's context afresh, then the model calls tools or answers. Reads only. */
    async agentStep(req: StepRequest): Promise<AgentStepResult> {
      const ctx = await context(req);
      let result: AgentStepResult;
      try {
        result = await agent.step(ctx, req.transcript, req.turnId);
      } catch (err) {
        throw classifyModelError(err);
      }
      return result.kind === 'final' ? { kind: 'final', message: await threaded(req, result.message) } : result;
    },

    /** The deterministic reply, when the model cannot be used or ran out of steps: never leaves a lead unanswered. */
    async composeFallback(req: StepRequest): Promise<ComposedMessage> {
      return threaded(req, composeOffline(await context(req), req.transcript));
    },

    /** One tool call, validated before it runs, recorded as a TOOL_CALL on the timeline (idempotent per call). */
    async runTool(input: { leadId: string; turnId: string; parentActionId: string | null; call: ToolCall }): Promise<ToolResult> {
      const { call } = input;
      const outcome = await runToolCall(db, input.leadId, call);
      await upsertActionLog(db, {
        id: `tool-${input.turnId}-${call.id}`,
        leadId: input.leadId,
        type: 'TOOL_CALL',
        status: outcome.isError ? 'FAILED' : 'COMPLETED',
        summary: redactPii(outcome.isError ? `${call.name} refused: ${(outcome.output as { error: string }).error}` : toolSummary(call)),
        input: { toolType: call.name, ...(typeof call.input === 'object' && call.input ? (call.input as Record<string, unknown>) : { raw: call.input }) },
        output: outcome.output as Record<string, unknown>,
        error: outcome.isError ? (outcome.output as { error: string }).error : null,
        parentActionId: input.parentActionId,
        tool: { id: call.id, name: call.name, description: isToolName(call.name) ? TOOL_DEFINITIONS[call.name].description : 'unknown tool' },
      });
      return { id: call.id, name: call.name, ...outcome };
    },
  };
}

function toolSummary(call: ToolCall): string {
  const i = (call.input ?? {}) as Record<string, unknown>;
  switch (call.name) {
    case 'update_checklist_item':
      return `Checklist item ${String(i.code)} updated from the lead's message`;
    case 'set_lead_status':
      return `Lead status set to ${String(i.status)}`;
    case 'request_human':
      return 'Asked for a human loan officer';
    case 'update_contact':
      return `Contact details updated (${Object.keys(i).join(', ')})`;
    case 'note':
      return 'Internal note added';
    default:
      return `Looked up ${call.name.replace(/^get_/, '').replace(/_/g, ' ')}`;
  }
}

/**
 * Rate limits, overload, server errors and lost connections are retried by Temporal (with backoff); a request the
 * API refuses (bad request, auth, not found) or an empty answer fails the step for good, and the workflow falls
 * back to the deterministic reply.
 */
export function classifyModelError(err: unknown): unknown {
  if (err instanceof EmptyReplyError) return ApplicationFailure.nonRetryable(err.message, 'ModelRejected');
  if (err instanceof Anthropic.APIConnectionError) return err;
  if (err instanceof Anthropic.APIError) {
    const status = err.status ?? 0;
    if (status === 408 || status === 409 || status === 429 || status >= 500) return err;
    return ApplicationFailure.nonRetryable(`model request refused (${status}): ${err.message}`, 'ModelRejected');
  }
  return err;
}
