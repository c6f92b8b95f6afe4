import { isMissingRequired } from '../src/checklist/missing';
import { closeActionLog, upsertActionLog } from '../src/db/action-logs';
import { getChecklistItems } from '../src/db/checklist';
import { getLead, updateLead } from '../src/db/leads';
import { usableChannels } from '../src/leads/reachability';
import { isFloridaNumber } from '../workflows/area-codes';
import { resolveTimezone } from '../workflows/follow-up-schedule';
import type { Channel, FollowUpContext, LeadSettings } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

export function timelineActivities({ db, config }: ActivityDeps) {
  return {
    /** What follow-up timing and channel choice need, read fresh each time: the lead's zone, reach, recent sends. */
    async followUpContext(leadId: string): Promise<FollowUpContext> {
      const lead = await getLead(db, leadId);
      if (!lead) throw badInput('LeadNotFound', `lead ${leadId} does not exist`);
      const tz = resolveTimezone({ leadTimezone: lead.timezone, phone: lead.phone_number, workspaceDefault: config.DEFAULT_TIMEZONE });
      const since = new Date(Date.now() - 86_400_000);
      const recent = await db.selectFrom('messages').select('created_at').where('lead_id', '=', leadId).where('direction', '=', 'OUTBOUND').where('created_at', '>=', since).execute();
      const items = await getChecklistItems(db, leadId);
      return {
        missingRequiredItems: items.filter((i) => isMissingRequired({ isRequired: i.is_required, status: i.status })).length,
        zone: tz.zone,
        alsoZones: tz.alsoZones,
        // Florida's rules follow the number when we have no address for the lead.
        florida: !!lead.phone_number && isFloridaNumber(lead.phone_number),
        usable: usableChannels(lead),
        recentSendsMs: recent.map((r) => r.created_at.getTime()),
      };
    },

    /** Puts the next follow-up on the timeline as FOLLOW_UP_MESSAGE PENDING; the workflow owns the timer. */
    async scheduleFollowUp(input: {
      leadId: string;
      actionLogId: string;
      scheduledAt: string;
      attemptNumber: number;
      channel: Channel;
      missingItemsCount: number;
      channelReason: string;
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
        input: { channel: input.channel, attemptNumber: input.attemptNumber, adminTriggered: false, missingItemsCount: input.missingItemsCount, channelReason: input.channelReason },
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

    /** A due follow-up that may not go out yet (quiet hours, Florida's daily limit) keeps its entry, at a later time. */
    async moveFollowUp(input: { actionLogId: string; scheduledAt: string }): Promise<void> {
      await db.updateTable('action_logs').set({ scheduled_at: new Date(input.scheduledAt) }).where('id', '=', input.actionLogId).where('status', '=', 'PENDING').execute();
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
