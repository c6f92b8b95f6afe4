import path from 'node:path';
import { z } from 'zod';
import { parseDurationList } from './durations';

/** Repo root, so `.data/` lands in the same place whatever the working directory. */
export const ROOT_DIR = path.resolve(new URL('..', import.meta.url).pathname);

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_BASE_URL: optional,
  DATABASE_URL: optional,
  DATA_DIR: z.string().default(path.join(ROOT_DIR, '.data')),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('lead-agent'),
  TEMPORAL_CLI_PATH: optional,
  LEAD_AGENT_API_KEY: optional,
  ANTHROPIC_API_KEY: optional,
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_FROM_NUMBER: optional,
  TWILIO_MESSAGING_SERVICE_SID: optional,
  TWILIO_API_BASE_URL: optional,
  POSTMARK_SERVER_TOKEN: optional,
  POSTMARK_FROM: optional,
  POSTMARK_INBOUND_DOMAIN: optional,
  POSTMARK_API_BASE_URL: optional,
  POSTMARK_WEBHOOK_USER: optional,
  POSTMARK_WEBHOOK_PASSWORD: optional,
  ANTHROPIC_BASE_URL: optional,
  ANTHROPIC_MODEL: z.string().default('claude-sonnet-4-5'),
  POLICY_JUDGE: z.enum(['auto', 'off']).default('auto'),
  DOCUMENT_REVIEW: z.enum(['auto', 'text', 'off']).default('auto'),
  PADDLE_OCR: z.enum(['on', 'off']).default('on'),
  LENDER_NAME: z.string().default('Acme Lending'),
  AGENT_NAME: z.string().default('Alex'),
  DEFAULT_MODE: z.enum(['AUTOPILOT', 'LISTEN']).default('AUTOPILOT'),
  DEFAULT_TIMEZONE: z
    .string()
    .default('America/New_York')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone'),
  DEFAULT_CHECKLIST_TEMPLATE: z.string().default('small-business-loan'),
  FOLLOW_UP_CADENCE: z
    .string()
    .default('P1D,P2D,P4D,P7D')
    .transform((v, ctx) => {
      try {
        return parseDurationList(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  MAX_ATTACHMENT_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

/** Reads the environment once; a bad value stops start-up with the variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
