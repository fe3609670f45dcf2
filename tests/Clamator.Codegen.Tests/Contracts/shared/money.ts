import { z } from 'zod';

// Imported by constructs.ts: contract files may import local modules.
export const money = z.object({ amount: z.number().nonnegative(), currency: z.string().length(3) });
