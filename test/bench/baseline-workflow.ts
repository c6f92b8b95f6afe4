import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

/**
 * The benchmark's floor: a bare workflow that takes inbound signals the way the lead workflow does (one long-lived
 * workflow per lead, signal-with-start per message, a queue worked one item at a time) and runs, per signal, as many
 * activities as the lead workflow ran for that turn, with empty bodies. Bundled by a second worker in the benchmark
 * process, on its own task queue. No database, no HTTP, no search attributes.
 */
export interface BaselineActivities {
  /** An empty activity. */
  noop(): Promise<void>;
  /** The last activity of a turn: empty except that the benchmark notes, in memory, when it ran. */
  mark(messageId: string): Promise<void>;
}

export interface BaselineInput {
  /** Activities run once when the workflow starts (the lead workflow's loadLeadSettings). */
  startActivities: number;
}

export interface BaselineSignal {
  messageId: string;
  /** Activities for this turn. */
  activities: number;
  /**
   * Which of them (1-based) is `mark`, the rest being `noop`: the position of the step that writes the reply in the
   * lead workflow's turn (sendMessage, followed there by scheduleFollowUp), or the last one.
   */
  markAt: number;
}

export const baselineInboundSignal = defineSignal<[BaselineSignal]>('inbound');

// The same activity options as the lead workflow.
const acts = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function baselineWorkflow(input: BaselineInput): Promise<void> {
  const queue: BaselineSignal[] = [];
  setHandler(baselineInboundSignal, (s) => void queue.push(s));
  for (let i = 0; i < input.startActivities; i++) await acts.noop();
  for (;;) {
    await condition(() => queue.length > 0);
    const item = queue.shift()!;
    for (let i = 1; i <= item.activities; i++) {
      if (i === item.markAt) await acts.mark(item.messageId);
      else await acts.noop();
    }
  }
}
