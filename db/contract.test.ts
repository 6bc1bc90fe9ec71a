import { describe, expect, it } from 'vitest';
import { materializeResult, RawJson, serializeResult } from './contract';

describe('serializeResult', () => {
  it('splices raw JSON text in place, without re-encoding it', () => {
    const raw = new RawJson('[[1,"甲",true],[2,"乙",null]]');
    const text = serializeResult({ ok: true, data: { columns: ['id', 'name', 'free'], rows: raw, note: 'raw-x-0' } });
    expect(text).toBe('{"ok":true,"data":{"columns":["id","name","free"],"rows":[[1,"甲",true],[2,"乙",null]],"note":"raw-x-0"}}');
    expect(materializeResult({ ok: true, data: { rows: raw } })).toEqual({ ok: true, data: { rows: [[1, '甲', true], [2, '乙', null]] } });
  });

  it('leaves results without raw parts as plain JSON', () => {
    expect(serializeResult({ ok: false, error: { code: 'validation', message: '错误' } })).toBe(
      '{"ok":false,"error":{"code":"validation","message":"错误"}}',
    );
  });
});
