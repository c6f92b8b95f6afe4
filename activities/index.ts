import { agentActivities } from './agent';
import { channelActivities } from './channels';
import type { ActivityDeps } from './deps';
import { documentActivities } from './documents';
import { inboundActivities } from './inbound';
import { policyActivities } from './policy';
import { timelineActivities } from './timeline';

export type { ActivityDeps } from './deps';

/** Every activity of the lead workflow, bound to the worker's dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...inboundActivities(deps),
    ...agentActivities(deps),
    ...channelActivities(deps),
    ...documentActivities(deps),
    ...timelineActivities(deps),
    ...policyActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
