import type { LeadRow } from '../db/schema';
import type { Channel } from '../../workflows/types';

/** A channel reaches the lead when we have the address and neither the lead nor the provider has refused it. */
export function usableChannels(lead: Pick<LeadRow, 'phone_number' | 'email' | 'sms_opted_out' | 'email_opted_out' | 'email_inactive'>): Channel[] {
  return [
    ...(lead.phone_number && !lead.sms_opted_out ? (['SMS'] as const) : []),
    ...(lead.email && !lead.email_opted_out && !lead.email_inactive ? (['EMAIL'] as const) : []),
  ];
}
