import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LeadConversation } from '../../workflows/conversation';

const settings = { mode: 'AUTOPILOT' as const, status: 'IN_PROGRESS' as const, assignee: 'AGENT' as const, followUpCadenceMs: [1000, 2000] };

describe('LeadConversation (the workflow state machine)', () => {
  it('drops a repeated inbound signal and keeps arrival order', () => {
    const c = new LeadConversation('l1', LeadConversation.initial(settings));
    c.enqueueInbound('m1');
    c.enqueueInbound('m2');
    c.enqueueInbound('m1');
    assert.deepEqual(c.queue, [{ kind: 'inbound', messageId: 'm1' }, { kind: 'inbound', messageId: 'm2' }]);
  });

  it('lets a draft be decided once', () => {
    const c = new LeadConversation('l1', LeadConversation.initial(settings));
    assert.throws(() => c.assertDecidable('d1'), /not awaiting approval/);
    c.drafts.push({ draftId: 'd1', kind: 'REPLY', channel: 'SMS', missingRequiredItems: 1 });
    assert.equal(c.enqueueDecision({ kind: 'approve', draftId: 'd1', by: 'a' }), true);
    assert.equal(c.enqueueDecision({ kind: 'reject', draftId: 'd1', reason: 'x', by: 'b' }), false);
    assert.throws(() => c.assertDecidable('d1'), /already being decided/);
    c.takeDraft('d1');
    assert.throws(() => c.assertDecidable('d1'), /not awaiting approval/);
  });

  it('follows up only while the agent works the lead, within the cadence', () => {
    const c = new LeadConversation('l1', LeadConversation.initial(settings));
    assert.equal(c.mayFollowUp(2), true);
    assert.equal(c.mayFollowUp(0), false, 'nothing missing');
    assert.equal(c.nextFollowUpDelay(), 1000);
    c.followUpAttempts = 2;
    assert.equal(c.nextFollowUpDelay(), null, 'cadence spent');
    c.settings.assignee = 'HUMAN';
    assert.equal(c.mayFollowUp(2), false);
  });

  it('survives continue-as-new: carry() restores the same state', () => {
    const c = new LeadConversation('l1', LeadConversation.initial(settings));
    c.enqueueInbound('m1');
    c.followUp = { actionLogId: 'f', dueAt: 5, attemptNumber: 1, channel: 'EMAIL' };
    const again = new LeadConversation('l1', JSON.parse(JSON.stringify(c.carry())));
    assert.deepEqual(again.state(), c.state());
    assert.equal(again.msUntilFollowUp(10), 1, 'an overdue follow-up fires at once (never a zero timeout)');
  });

  it('a decision queued before continue-as-new still blocks a second one after it', () => {
    const c = new LeadConversation('l1', LeadConversation.initial(settings));
    c.drafts.push({ draftId: 'd1', kind: 'REPLY', channel: 'SMS', missingRequiredItems: 1 });
    c.enqueueDecision({ kind: 'approve', draftId: 'd1', by: 'a' });
    const again = new LeadConversation('l1', JSON.parse(JSON.stringify(c.carry())));
    assert.equal(again.enqueueDecision({ kind: 'approve', draftId: 'd1', by: 'b' }), false);
  });
});
