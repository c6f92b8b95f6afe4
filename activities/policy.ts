import { upsertActionLog } from '../src/db/action-logs';
import { getLead } from '../src/db/leads';
import { getWorkspace } from '../src/db/workspaces';
import { feedbackFor, reviewOutbound, summarizeViolations } from '../src/policy/guard';
import type { ComposedMessage, PolicyReview } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

export function policyActivities({ db }: ActivityDeps) {
  return {
    /** The lending-policy guard on a message before it can be sent or drafted (offline rules). */
    async reviewMessage(input: { leadId: string; message: ComposedMessage }): Promise<PolicyReview> {
      const lead = await getLead(db, input.leadId);
      if (!lead) throw badInput('LeadNotFound', `lead ${input.leadId} does not exist`);
      const ws = await getWorkspace(db, lead.workspace_id);
      const { ok, violations } = reviewOutbound(input.message, {
        mortgage: lead.checklist_template === 'personal-mortgage',
        trustedNames: [ws?.settings.lenderName, ws?.settings.agentName].filter((n): n is string => !!n),
      });
      return { ok, rules: [...new Set(violations.map((v) => v.rule))], summary: summarizeViolations(violations), feedback: feedbackFor(violations) };
    },

    /** A message that still breaks policy after the rewrites: held for a person, with the rules it broke. */
    async recordEscalation(input: { id: string; leadId: string; draftId: string; summary: string; rules: string[] }): Promise<void> {
      await upsertActionLog(db, {
        id: input.id,
        leadId: input.leadId,
        type: 'ESCALATION',
        status: 'PENDING',
        summary: `Held for review: ${input.summary}`,
        input: { source: 'policy-guard', rules: input.rules, draftId: input.draftId },
      });
    },
  };
}
