import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFollowUpChannel, followUpLogInput } from '../../workflows/channel-choice';
import type { Channel } from '../../workflows/types';

const both: Channel[] = ['SMS', 'EMAIL'];

describe('follow-up channel (chooseFollowUpChannel)', () => {
  it('prefers the channel the lead last answered on', () => {
    assert.deepEqual(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'EMAIL', unansweredOnChannel: {} }), {
      channel: 'EMAIL',
      reason: 'The lead last answered on EMAIL',
    });
    assert.equal(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 1 } }).channel, 'SMS', 'one unanswered is not enough');
  });

  it('switches after 2 unanswered follow-ups when another channel can be used', () => {
    assert.deepEqual(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 2 } }), {
      channel: 'EMAIL',
      reason: 'The lead last answered on SMS; 2 follow-ups on SMS went unanswered, so switched to EMAIL',
    });
    assert.equal(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 1 }, switchAfter: 1 }).channel, 'EMAIL');
  });

  it('stays when there is nowhere better to go', () => {
    assert.equal(chooseFollowUpChannel({ usable: ['SMS'], lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 4 } }).channel, 'SMS');
    // Both channels tried as often: back to the one the lead answered on.
    assert.equal(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 2, EMAIL: 2 } }).channel, 'SMS');
    assert.equal(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 3, EMAIL: 2 } }).channel, 'EMAIL');
  });

  it('skips an opted-out or bounced channel, even the one the lead answered on', () => {
    assert.deepEqual(chooseFollowUpChannel({ usable: ['EMAIL'], lastInboundChannel: 'SMS', unansweredOnChannel: {} }), {
      channel: 'EMAIL',
      reason: 'The lead last answered on SMS, which cannot be used now; using EMAIL',
    });
  });

  it('returns no channel when every channel is opted out', () => {
    const choice = chooseFollowUpChannel({ usable: [], lastInboundChannel: 'SMS', unansweredOnChannel: { SMS: 1 }, requested: 'SMS' });
    assert.equal(choice.channel, null);
    assert.match(choice.reason, /No usable channel/);
  });

  it('starts a lead who never answered on SMS, then tries email', () => {
    assert.deepEqual(chooseFollowUpChannel({ usable: both, lastInboundChannel: null, unansweredOnChannel: {} }), {
      channel: 'SMS',
      reason: 'The lead has not answered yet; using SMS',
    });
    assert.equal(chooseFollowUpChannel({ usable: both, lastInboundChannel: null, unansweredOnChannel: { SMS: 2 } }).channel, 'EMAIL');
  });

  it('uses the channel an admin asked for when it can reach the lead, and says so when it cannot', () => {
    assert.deepEqual(chooseFollowUpChannel({ usable: both, lastInboundChannel: 'SMS', unansweredOnChannel: {}, requested: 'EMAIL' }), {
      channel: 'EMAIL',
      reason: 'EMAIL requested by an admin',
    });
    assert.deepEqual(chooseFollowUpChannel({ usable: ['SMS'], lastInboundChannel: 'SMS', unansweredOnChannel: {}, requested: 'EMAIL' }), {
      channel: 'SMS',
      reason: 'An admin asked for EMAIL, which cannot reach the lead; the lead last answered on SMS',
    });
  });

  it('never picks a channel outside the usable ones', () => {
    const channels: Channel[][] = [[], ['SMS'], ['EMAIL'], both];
    for (const usable of channels)
      for (const last of [null, 'SMS', 'EMAIL'] as const)
        for (const requested of [undefined, 'SMS', 'EMAIL'] as const)
          for (const sms of [0, 1, 2, 3])
            for (const email of [0, 2]) {
              const { channel } = chooseFollowUpChannel({ usable, lastInboundChannel: last, unansweredOnChannel: { SMS: sms, EMAIL: email }, requested });
              assert.ok(channel === null ? usable.length === 0 : usable.includes(channel));
            }
  });

  it('puts the reason into the action log input', () => {
    const choice = { channel: 'EMAIL' as const, reason: 'EMAIL requested by an admin' };
    assert.deepEqual(followUpLogInput(choice, { attemptNumber: 2, adminTriggered: true, missingItemsCount: 3 }), {
      channel: 'EMAIL',
      attemptNumber: 2,
      adminTriggered: true,
      missingItemsCount: 3,
      channelReason: 'EMAIL requested by an admin',
    });
  });
});
