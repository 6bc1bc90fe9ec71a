import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, callApi } from './api';
import { renderApiDocs } from './api-docs';
import type { MethodTable } from './contract';
import { tableCounts, testWorkspace, type TestWorkspace } from './testing';

describe('the contract', () => {
  let t: TestWorkspace;
  beforeAll(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterAll(() => t.close());

  it('names methods <module>.<verb> and gives each a role, a summary and a schema; only login methods are public', () => {
    for (const [name, def] of Object.entries(api)) {
      expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-zA-Z]+$/);
      expect(def.summary.length).toBeGreaterThan(4);
      expect(['public', 'reader', 'clerk', 'supervisor', 'manager', 'admin']).toContain(def.role);
    }
    const publicMethods = Object.entries(api).filter(([, def]) => def.role === 'public').map(([name]) => name);
    expect(publicMethods.sort()).toEqual(['auth.login', 'auth.setup', 'auth.status']);
  });

  it('docs/API.md is generated from the table and up to date (npm run docs:api)', () => {
    const onDisk = readFileSync(resolve(__dirname, '..', 'docs', 'API.md'), 'utf8');
    expect(onDisk).toBe(renderApiDocs());
  });

  it('refuses a write by a role below the method\'s role, and writes nothing', async () => {
    const before = await tableCounts(t.ctx);
    const clerk = { ...t.ctx, user: { ...t.ctx.user, name: '录入员甲', role: 'clerk' as const } };
    expect((await callApi(clerk, 'toilets.list', {})).ok).toBe(true);
    // Every method of this issue is open to clerks; a copy of toilets.delete that needs an administrator checks the rule.
    const table = { 'x.adminOnly': { ...api['toilets.delete'], role: 'admin' as const } } as unknown as MethodTable;
    const { callApi: rawCall } = await import('./contract');
    const result = await rawCall(table, clerk, 'x.adminOnly', { id: 1 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'forbidden', message: '当前用户(录入员甲)没有权限执行此操作,需要系统管理员角色。请由系统管理员登录后办理,或请系统管理员调整您的角色。' },
    });
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('refuses every non-public method to a caller without a user, and runs public ones for nobody', async () => {
    const before = await tableCounts(t.ctx);
    const nobody = { ...t.ctx, user: null };
    expect(await callApi(nobody, 'toilets.list', {})).toEqual({
      ok: false,
      error: { code: 'unauthenticated', message: '请先登录:此操作需要登录后才能使用,请用您的用户名和密码登录。' },
    });
    expect(await callApi(nobody, 'auth.status', {})).toMatchObject({ ok: true, data: { user: null, demo: true } });
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('turns a thrown bug into internal without leaking the stack', async () => {
    const { callApi: rawCall, method } = await import('./contract');
    const { z } = await import('zod');
    const table = {
      'x.broken': method({
        summary: 'broken',
        role: 'reader',
        input: z.strictObject({}),
        output: 'never',
        errors: [],
        writes: false,
        handler: async () => {
          throw new TypeError('cannot read properties of undefined (secret path /home/x)');
        },
      }),
    };
    const original = console.error;
    console.error = () => undefined;
    const result = await rawCall(table, t.ctx, 'x.broken', {});
    console.error = original;
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(!result.ok && result.error.code).toBe('internal');
  });

  it('workspace.info names the workspace, marks the demo and names the operator', async () => {
    const result = await callApi(t.ctx, 'workspace.info', {});
    expect(result).toMatchObject({ ok: true, data: { demo: true, kind: 'demo', user: { name: '系统管理员', roleLabel: '系统管理员' } } });
  });
});

describe('field tables sent to clients', () => {
  it('mark the fields that only change through their own method after creation', async () => {
    const t = await testWorkspace();
    try {
      const result = await callApi(t.ctx, 'estates.fields', {});
      const fields = (result as { ok: true; data: Array<{ key: string; lockedAfterCreate?: string }> }).data;
      expect(fields.find((f) => f.key === 'status')?.lockedAfterCreate).toContain('评定');
      expect(fields.find((f) => f.key === 'name')?.lockedAfterCreate).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
