import type { Kysely } from 'kysely';
import type { LeadAgentClient } from '../../client';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { getLead } from '../db/leads';
import { getWorkspace } from '../db/workspaces';
import { notFound } from './errors';

/** What route handlers stand on. */
export interface ApiContext {
  db: Kysely<Database>;
  agent: LeadAgentClient;
  config: Config;
  /** Answers for /health: is Temporal reachable? */
  temporalHealthy(): Promise<boolean>;
}

/** The lead, only if it belongs to the caller's workspace (others' leads are indistinguishable from missing ones). */
export async function requireLead(ctx: ApiContext, workspaceId: string, leadId: string) {
  const lead = await getLead(ctx.db, leadId, workspaceId);
  if (!lead) throw notFound(`Lead ${leadId}`);
  return lead;
}

export async function requireWorkspace(ctx: ApiContext, workspaceId: string) {
  const ws = await getWorkspace(ctx.db, workspaceId);
  if (!ws) throw notFound(`Workspace ${workspaceId}`);
  return ws;
}
