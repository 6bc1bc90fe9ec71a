/** Zod pieces shared by the method schemas. Limits keep hostile input small before any rule runs. */
import { z } from 'zod';

export const rowId = z.number().int().positive().max(2 ** 53 - 1);
export const rowVersion = z.number().int().min(1).max(2 ** 53 - 1);
export const reasonText = z.string().max(500);

/** A loose field value as grids, the CLI and pasted cells send it; db/ coerces it per field. */
export const looseValue = z.union([
  z.string().max(2000),
  z.number().refine(Number.isFinite, '应为有限数字'),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(50),
]);
export const looseRecord = z.record(z.string().max(64), looseValue).refine((r) => Object.keys(r).length <= 100, '字段过多');
