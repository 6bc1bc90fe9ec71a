/**
 * docs/API.md, generated from the contract table so that the documentation cannot drift from the code
 * (`npm run docs:api` writes it; a unit test fails when the file is stale).
 */
import { z } from 'zod';
import { api } from './api';
import type { MethodDef } from './contract';
import { requiredRoleLabel } from './users/roles';

const COMMON_ERRORS = '`unknown_method`、`unauthenticated`、`forbidden`、`invalid_input`、`internal`';

function describeInput(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return JSON.stringify(json);
}

export function renderApiDocs(): string {
  const lines = [
    '# SaniDesk API',
    '',
    '生成自 `db/api.ts`(`npm run docs:api`),请勿手工修改。/ Generated from `db/api.ts`; do not edit by hand.',
    '',
    '每个方法由三个宿主以同样方式提供:Electron IPC(`window.sanidesk.api(method, input, session)`)、',
    '浏览器宿主 `POST /api/<method>`(请求头 `X-SaniDesk-Token` 和 `X-SaniDesk-Session`,JSON 请求体)、',
    '命令行 `npm run cli -- api <method> [json] [--user 用户名]`(默认以系统管理员身份)。',
    '会话编号由 `auth.login` / `auth.setup` 返回;“无需登录”的方法只有 `auth.status`、`auth.login`、`auth.setup`。',
    '',
    '结果总是 `{ "ok": true, "data": … }` 或 `{ "ok": false, "error": { "code", "message", "fields"?, "rows"? } }`;',
    '`message` 为中文、说明如何修改,`fields` 指向字段,`rows` 指向导入表格的原始行号。',
    '',
    '错误代码(HTTP 状态):`unknown_method`(404)没有这个方法 · `unauthenticated`(401)缺少或错误的令牌/会话 ·',
    '`forbidden`(403)角色不够 · `invalid_input`(400)输入不符合方法的格式 · `validation`(422)不符合业务规则 ·',
    '`not_found`(404)记录不存在或已删除 · `conflict`(409)记录已被他人修改 · `workspace`(503)工作区无法使用 ·',
    '`internal`(500)程序错误,不含堆栈信息。',
    '',
    `每个方法都可能返回:${COMMON_ERRORS}。`,
    '',
    '角色按级别:录入员 < 审核员 < 分管领导 < 系统管理员;“任何已登录用户”即可读取台账。',
    '',
  ];
  for (const [name, def] of Object.entries(api) as [string, MethodDef][]) {
    lines.push(`## \`${name}\``, '', def.summary, '');
    lines.push(`- 角色 / role: ${requiredRoleLabel(def.role)}${def.writes ? '(写操作:一个事务,一条审计记录)' : ''}`);
    lines.push(`- 输入 / input: \`${describeInput(def.input)}\``);
    lines.push(`- 输出 / data: ${def.output}`);
    lines.push(`- 其他错误 / errors: ${def.errors.length ? def.errors.map((e) => `\`${e}\``).join('、') : '无'}`);
    lines.push('');
  }
  return lines.join('\n');
}
