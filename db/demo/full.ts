/**
 * The demo workspace the console creates on first start (and `cli demo`): the district's ledgers and users
 * (loadDemoDistrict, also used by tests) plus three months of assessment typed, approved and locked through
 * the services (db/assessment/demo.ts), so every screen has something true to show.
 */
import { loadDemoAssessment } from '../assessment/demo';
import type { Ctx } from '../context';
import { loadDemoDistrict } from './demo';

export interface DemoWorkspaceSummary {
  streets: number;
  communities: number;
  toilets: number;
  inspections: number;
}

export async function loadDemoWorkspace(ctx: Ctx): Promise<DemoWorkspaceSummary> {
  const district = await loadDemoDistrict(ctx);
  const assessment = await loadDemoAssessment(ctx);
  return { ...district, inspections: assessment.inspections };
}
