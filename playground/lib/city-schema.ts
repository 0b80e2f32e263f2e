import { z } from 'zod/v4';

/** The structured-output page's schema, shared by the route handler and the page. */
export const citySchema = z.object({
  name: z.string().describe('The city name'),
  country: z.string(),
  population: z.number().int().describe('Inhabitants, an integer'),
  landmarks: z
    .array(z.object({ name: z.string(), description: z.string() }))
    .min(1)
    .max(3),
});

export type City = z.infer<typeof citySchema>;
