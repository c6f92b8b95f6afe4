import { upsertActionLog } from '../src/db/action-logs';
import { getLead } from '../src/db/leads';
import { getWorkspace } from '../src/db/workspaces';
import { buildJudgeRequest, feedbackFor, JudgeVerdictError, mergeReviews, parseJudgeVerdict, reviewOutbound, summarizeViolations } from '../src/policy/guard';
import { classifyModelError } from './agent';
import type { ComposedMessage, PolicyReview } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { badInput } from './errors';

export function policyActivities({ db, agent, config }: ActivityDeps) {
  const judge = config.POLICY_JUDGE === 'off' ? undefined : agent.judge?.bind(agent);
  return {
    /** The lending-policy guard on a message before it can be sent or drafted (offline rules). */
    async reviewMessage(input: { leadId: string; message: ComposedMessage }): Promise<PolicyReview> {
      const lead = await getLead(db, input.leadId);
      if (!lead) throw badInput('LeadNotFound', `lead ${input.leadId} does not exist`);
      const ws = await getWorkspace(db, lead.workspace_id);
      const mortgage = lead.checklist_template === 'personal-mortgage';
      const offline = reviewOutbound(input.message, {
        mortgage,
        trustedNames: [ws?.settings.lenderName, ws?.settings.agentName].filter((n): n is string => !!n),
      });
      let result = offline;
      if (judge) {
        // With Claude configured, a model judge reviews too; either one refusing is a refusal.
        const request = buildJudgeRequest(input.message, offline.violations, { mortgage });
        let raw: string;
        try {
          raw = await judge(request.system, request.user);
        } catch (err) {
          throw classifyModelError(err);
        }
        try {
          result = mergeReviews(offline, parseJudgeVerdict(raw));
        } catch (err) {
          if (!(err instanceof JudgeVerdictError)) throw err;
          // Fail closed: a message nobody could vouch for waits for a person.
          return { ok: false, rules: ['judge-unreadable'], summary: `The policy judge gave no readable verdict (${err.message})`, feedback: 'Rewrite the message plainly and briefly.' };
        }
      }
      const { ok, violations } = result;
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
