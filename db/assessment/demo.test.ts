import { describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { verifyAudit } from '../audit/audit';
import { testWorkspace } from '../testing';
import { loadDemoAssessment } from './demo';
import { monthScores } from './monthly';
import { monthStatus } from './months';

describe('the demo assessment months', () => {
  it('types, approves and locks through the services: scores, payments and orders exist, the audit chain holds', async () => {
    const t = await testWorkspace({ demo: true });
    try {
      const loaded = await loadDemoAssessment(t.ctx);
      expect(loaded.inspections).toBeGreaterThan(100);
      for (const month of loaded.lockedMonths) {
        const scores = await monthScores(t.ctx.ws.db.read, month);
        expect(scores.source).toBe('locked');
        expect(scores.units.length).toBeGreaterThan(30);
        expect(scores.payments.length).toBeGreaterThan(0);
        expect(scores.units.every((u) => u.score != null && u.score >= 0 && u.score <= 100)).toBe(true);
      }
      const open = await t.ctx.ws.db.read.get<{ month: string }>(
        "SELECT max(month) AS month FROM inspections WHERE month NOT IN (SELECT month FROM month_locks)",
      );
      const status = await monthStatus(t.ctx.ws.db.read, open!.month);
      expect(status.lock).toBeNull();
      expect(status.blocking).toEqual([]);
      expect((await verifyAudit(t.ctx.ws.db)).ok).toBe(true);

      // A dashboard drill-down lists exactly the named rows, across months; a list names a month or the rows.
      const picked = await t.ctx.ws.db.read.all<{ id: number }>(
        'SELECT min(id) AS id FROM inspections WHERE superseded_by IS NULL GROUP BY month ORDER BY month',
      );
      const byIds = await callApi(t.ctx, 'inspections.list', { ids: picked.map((r) => r.id) });
      expect(byIds.ok && (byIds.data as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b)).toEqual(picked.map((r) => r.id));
      const neither = await callApi(t.ctx, 'inspections.list', {});
      expect(!neither.ok && neither.error.message).toContain('检查月份');
      const orders = await t.ctx.ws.db.read.all<{ id: number }>('SELECT id FROM rectifications ORDER BY id LIMIT 3');
      const ordersByIds = await callApi(t.ctx, 'rectifications.list', { ids: orders.map((r) => r.id) });
      expect(ordersByIds.ok && (ordersByIds.data as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b)).toEqual(orders.map((r) => r.id));
    } finally {
      await t.close();
    }
  });
});
