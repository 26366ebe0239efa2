import { z } from 'zod';

/**
 * A server-made text as it travels beside its Chinese rendering: the key in the shared table
 * (src/domain/messages.ts) and the values of its placeholders. Clients render it in their own language.
 */
export const messageRef = z.object({
  key: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type MessageRef = z.infer<typeof messageRef>;
