/** Workspace settings in the contract (db/api.ts lists them): administrators only, every change audited. */
import { z } from 'zod';
import { method } from '../contract';
import { coefficientsSchema, getSettings, retentionSchema, updateSettings } from './settings';

export const settingsMethods = {
  'settings.get': method({
    summary: '工作区设置:是否允许局域网访问(浏览器版控制台)、备份保留规则、资源化利用率系数(焚烧、厨余处理、填埋,未设置为 null)',
    role: 'admin',
    input: z.strictObject({}),
    output: '{ lanAllowed: boolean, retention: { keepLatestToday, dailyForDays, monthlyForMonths }, resourceCoefficients: { incineration, kitchen, landfill } }',
    errors: [],
    writes: false,
    handler: (ctx) => getSettings(ctx.ws.db),
  }),
  'settings.update': method({
    summary:
      '修改工作区设置(只改给出的项):允许/禁止局域网访问(还需以 serve --lan 启动;禁止后局域网请求立即被拒绝)、备份保留规则(今天保留几份、每天一份保留几天、每月一份保留几个月)、资源化利用率系数(三项均为 0…1,由省级或国家规定,null 为未设置;三项都设置后才计算生活垃圾资源化利用率);记入审计日志',
    role: 'admin',
    input: z.strictObject({
      lanAllowed: z.boolean().optional(),
      retention: retentionSchema.optional(),
      resourceCoefficients: coefficientsSchema.optional(),
      reason: z.string().max(200).optional(),
    }),
    output: '{ lanAllowed, retention, resourceCoefficients }',
    errors: [],
    writes: true,
    handler: (ctx, input) => updateSettings(ctx, { lanAllowed: input.lanAllowed, retention: input.retention, resourceCoefficients: input.resourceCoefficients }, input.reason),
  }),
};
