import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Registered on the dev server by temporal-dev.yml; an operator filters on these in the Web UI.
export const LeadIdKey = defineSearchAttributeKey('LeadId', SearchAttributeType.KEYWORD);
export const WorkspaceIdKey = defineSearchAttributeKey('WorkspaceId', SearchAttributeType.KEYWORD);
export const LeadStatusKey = defineSearchAttributeKey('LeadStatus', SearchAttributeType.KEYWORD);
export const AgentModeKey = defineSearchAttributeKey('AgentMode', SearchAttributeType.KEYWORD);
export const ChannelKey = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);
export const AwaitingApprovalKey = defineSearchAttributeKey('AwaitingApproval', SearchAttributeType.BOOL);
