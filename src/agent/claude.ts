import Anthropic from '@anthropic-ai/sdk';
import type { AgentStepResult, TranscriptEntry } from '../../workflows/types';
import { missingRequired, type AgentContext } from './context';
import type { AgentModel, StructuredTool, UserContent } from './model';
import { renderMessages, systemPrompt } from './prompt';
import { toolSchemas } from './tools';

/** Claude through the official SDK. Retries are Temporal's job: the SDK's own are off, so a failure is seen once. */
export class ClaudeAgent implements AgentModel {
  readonly name = 'claude';
  private readonly client: Anthropic;

  constructor(opts: { apiKey: string; baseURL?: string; model: string; timeoutMs?: number; maxTokens?: number }) {
    this.client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0, timeout: opts.timeoutMs ?? 60_000 });
    this.model = opts.model;
    this.maxTokens = opts.maxTokens ?? 1024;
  }
  private readonly model: string;
  private readonly maxTokens: number;

  /** The policy judge's raw answer (JSON text, parsed by the guard). */
  async judge(system: string, user: string): Promise<string> {
    const res = await this.client.messages.create({ model: this.model, max_tokens: 512, system, messages: [{ role: 'user', content: user }] });
    return res.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
  }

  async structured(system: string, user: UserContent, tool: StructuredTool): Promise<unknown> {
    const res = await this.client.messages.create({
      model: this.model,
      max_tokens: 2048,
      system,
      messages: [{ role: 'user', content: user }],
      tools: [{ ...tool, strict: true }],
      tool_choice: { type: 'tool', name: tool.name },
    });
    const call = res.content.find((b) => b.type === 'tool_use' && b.name === tool.name);
    if (!call || call.type !== 'tool_use') throw new EmptyReplyError(`the model ended its turn (${res.stop_reason}) without calling ${tool.name}`);
    return call.input;
  }

  async step(ctx: AgentContext, transcript: TranscriptEntry[]): Promise<AgentStepResult> {
    const res = await this.client.messages.create({
      model: this.model,
      max_tokens: this.maxTokens,
      system: systemPrompt(ctx),
      messages: renderMessages(ctx, transcript) as Anthropic.MessageParam[],
      tools: toolSchemas() as Anthropic.Tool[],
      tool_choice: { type: 'auto' },
    });
    const text = res.content
      .flatMap((b) => (b.type === 'text' ? [b.text] : []))
      .join('\n')
      .trim();
    const calls = res.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, name: b.name, input: b.input }] : []));
    if (res.stop_reason === 'tool_use' && calls.length) return { kind: 'tool_calls', text: text || null, calls };
    if (!text) throw new EmptyReplyError(`the model ended its turn (${res.stop_reason}) without a reply`);
    const tools = transcript.flatMap((t) => (t.role === 'assistant' ? t.calls.map((c) => c.name) : []));
    return {
      kind: 'final',
      message: {
        channel: ctx.channel,
        subject: ctx.channel === 'EMAIL' ? (ctx.reason === 'FOLLOW_UP' ? 'Finishing up your application' : `Your application with ${ctx.persona.lenderName}`) : null,
        body: text,
        summary: `${ctx.reason === 'FOLLOW_UP' ? `Follow-up ${ctx.attemptNumber ?? 1}` : 'Reply'} by ${ctx.channel.toLowerCase()}${tools.length ? ` after ${[...new Set(tools)].join(', ')}` : ''}`,
        missingRequiredItems: missingRequired(ctx).length,
      },
    };
  }
}

/** The model answered but said nothing usable (refusal, empty text): retrying the same request will not help. */
export class EmptyReplyError extends Error {
  override name = 'EmptyReplyError';
}
