import { z } from 'zod';
import { defineContract, defineMethod, defineNotification } from '@clamator/protocol';
import { money } from './shared/money';

// Zod constructs beyond the shared vectors, to pin down how clamator-codegen maps each one.
const point = z.object({ x: z.number(), y: z.number() });
const event = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('click'), at: point }),
  z.object({ kind: z.literal('key'), code: z.string().length(1) }),
]);

export const constructsContract = defineContract('order-desk', {
  place: defineMethod({
    params: z.object({
      email: z.string().email(),
      code: z.string().regex(/^[A-Z]{3}-\d+$/),
      quantity: z.number().int().gte(0).lt(1000).multipleOf(5),
      answer: z.literal(42),
      flag: z.literal(false),
      mode: z.enum(['fast', 'slow-and-steady']).optional(),
      modes: z.array(z.enum(['a', 'b'])),
      pick: z.union([z.literal('one'), z.literal('two')]),
      grid: z.array(z.array(z.number())),
      byName: z.record(point),
      origin: point.nullable(),
      target: point.optional(),
      anything: z.any(),
      unknown: z.unknown(),
      either: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]),
      greeting: z.string().default('hello'),
      urgent: z.boolean().default(false),
      level: z.enum(['low', 'high']).default('low'),
      bornOn: z.date(),
      pair: z.tuple([z.string(), z.number()]),
      big: z.bigint(),
      events: z.array(event).min(1),
      price: money,
      note: z.string().nullable().optional(),
      checked: z.string().refine(s => s.length > 0),
      loose: z.object({ id: z.string() }).passthrough(),
      validate: z.boolean().optional(),
      'odd "key"': z.number().min(1).describe('A key with quotes,\nand a second <line>'),
      tag: z.literal('{braced}'),
      meetsAt: z.string().datetime({ offset: true }),
      stampedAt: z.string().datetime({ precision: 3, local: true }).optional(),
      box: z.object({ id: z.string() }).strict().optional(),
      tip: z.number().multipleOf(0.01).optional(),
      day: z.string().date().optional(),
      opensAt: z.string().time({ precision: 0 }).optional(),
      shout: z.string().regex(/^[a-z]+$/i).optional(),
    }),
    result: z.object({ orderId: z.string().uuid(), total: money }),
  }),
  ping2: defineNotification({ params: z.object({}).strict() }),
});
