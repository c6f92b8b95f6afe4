import { closeActionLog, upsertActionLog } from '../src/db/action-logs';
import { updateLead } from '../src/db/leads';
import type { Channel, LeadSettings } from '../workflows/types';
import type { ActivityDeps } from './deps';

export function timelineActivities({ db }: ActivityDeps) {
  return {
    /** Puts the next follow-up on the timeline as FOLLOW_UP_MESSAGE PENDING; the workflow owns the timer. */
    async scheduleFollowUp(input: {
      leadId: string;
      actionLogId: string;
      scheduledAt: string;
      attemptNumber: number;
      channel: Channel;
      missingItemsCount: number;
      parentActionId: string | null;
    }): Promise<void> {
      await upsertActionLog(db, {
        id: input.actionLogId,
        leadId: input.leadId,
        type: 'FOLLOW_UP_MESSAGE',
        status: 'PENDING',
        summary: `Follow-up ${input.attemptNumber} scheduled by ${input.channel.toLowerCase()}`,
        scheduledAt: new Date(input.scheduledAt),
        parentActionId: input.parentActionId,
        input: { channel: input.channel, attemptNumber: input.attemptNumber, adminTriggered: false, missingItemsCount: input.missingItemsCount },
      });
    },

    /** A note on the timeline from the workflow itself (fallbacks, failures it recovered from). */
    async recordNote(input: { id: string; leadId: string; summary: string; status?: 'COMPLETED' | 'FAILED'; error?: string }): Promise<void> {
      await upsertActionLog(db, {
        id: input.id,
        leadId: input.leadId,
        type: 'SYSTEM_NOTE',
        status: input.status ?? 'COMPLETED',
        summary: input.summary,
        error: input.error ?? null,
      });
    },

    async cancelFollowUp(input: { actionLogId: string; reason: string }): Promise<void> {
      await closeActionLog(db, input.actionLogId, 'CANCELLED', { error: input.reason });
    },

    /** Mode, status or assignee changed by a signal: the database (system of record) follows, with a note. */
    async persistSettings(input: {
      leadId: string;
      noteId: string;
      change: Partial<Pick<LeadSettings, 'mode' | 'status' | 'assignee'>>;
    }): Promise<void> {
      const { mode, status, assignee } = input.change;
      await updateLead(db, input.leadId, {
        ...(mode && { mode }),
        ...(status && { status }),
        ...(assignee && { assignee_type: assignee }),
      });
      const what = Object.entries(input.change).map(([k, v]) => `${k} ${v}`).join(', ');
      await upsertActionLog(db, {
        id: input.noteId,
        leadId: input.leadId,
        type: 'SYSTEM_NOTE',
        status: 'COMPLETED',
        summary: `Lead updated: ${what}`,
        input: input.change,
      });
    },
  };
}
