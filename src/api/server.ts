import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { installApiKeyAuth } from './auth';
import { refuseUnstorableText } from './text-guard';
import type { ApiContext } from './context';
import { installErrorHandler } from './errors';
import { checklistRoutes } from './routes/checklist';
import { documentRoutes } from './routes/documents';
import { draftRoutes } from './routes/drafts';
import { inboundRoutes } from './routes/inbound';
import { leadRoutes } from './routes/leads';
import { reviewPageRoutes } from './routes/review';
import { webhookRoutes } from './routes/webhooks';

export function buildServer(ctx: ApiContext, log: Logger): FastifyInstance {
  // Fastify's own request lines carry the URL, whose query may hold a lead's email or phone (`?q=`): one line per
  // response instead, with the route's pattern, never the URL.
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, bodyLimit: 1_048_576, logController: new LogController({ disableRequestLogging: true }) });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, route: req.routeOptions.url ?? '(no route)', statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  installErrorHandler(app);
  installApiKeyAuth(app, ctx.db);
  refuseUnstorableText(app);

  app.get('/health', async (_req, reply) => {
    const [database, temporal] = await Promise.all([
      sql`select 1`.execute(ctx.db).then(() => true, () => false),
      ctx.temporalHealthy().catch(() => false),
    ]);
    const ok = database && temporal;
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, temporal });
  });

  inboundRoutes(app, ctx);
  leadRoutes(app, ctx);
  checklistRoutes(app, ctx);
  draftRoutes(app, ctx);
  reviewPageRoutes(app);
  app.register(async (scope) => documentRoutes(scope, ctx));
  // Its own scope: the form-body parser Twilio needs applies to the webhooks only.
  app.register(async (scope) => webhookRoutes(scope, ctx));
  return app;
}
