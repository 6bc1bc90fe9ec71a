/**
 * Importing an external score table (DOMAIN §2.9, issue 5 item 2) step by step, like the ledger imports:
 * 1. the file (.xlsx / .csv), the period, the category (a scheme's, or the label of an outside assessment) and
 *    the kind of unit; 2. the dry run (externalScores.preview): the columns read, every row with how its unit was
 *    matched, the problems by original Excel row, published ranks that differ from the computed ones and totals
 *    that are not the sum of their components (amber), suggested matches the clerk confirms, units the district
 *    does not know (to be registered as external units on confirmation); 3. the import (a draft run) → 月度排名.
 */
import { useMemo, useState } from 'react';
import type { ExternalScoreRow, ExternalScoresPreview, MethodOutput, RankUnitType } from '../../../../db/api';
import { call } from '../../api';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { Modal } from '../../components/Modal';
import { IMPORT_FILE_PATTERN, readImportFile, type ImportFile } from '../import/importApi';
import { fmtScore } from '../assessment/scores/scoreFormat';
import { openRun } from '../bulletins/handoff';
import { initialPeriod, PeriodPicker, periodString, type PeriodValue } from './PeriodPicker';

type Vocabulary = MethodOutput<'ranking.vocabulary'>;
const OTHER = '__other__';

const MATCH_LABEL: Record<ExternalScoreRow['match'], string> = {
  exact: '名称一致',
  alias: '别名',
  confirmed: '已确认',
  external: '外部单位',
  none: '本区没有',
};

export function ExternalImportDialog({ vocabulary, onClose, onImported }: { vocabulary: Vocabulary; onClose(): void; onImported(): void }) {
  const { month } = useWorkspace();
  const [file, setFile] = useState<ImportFile | null>(null);
  const [period, setPeriod] = useState<PeriodValue>(() => initialPeriod(month));
  const [category, setCategory] = useState<string>(Object.keys(vocabulary.categories)[0]);
  const [otherLabel, setOtherLabel] = useState('');
  const [unitType, setUnitType] = useState<RankUnitType | ''>('');
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [confirmed, setConfirmed] = useState<Array<{ written: string; unitType: RankUnitType; unitId: number }>>([]);
  const [createUnits, setCreateUnits] = useState(false);
  const [preview, setPreview] = useState<ExternalScoresPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ id: number; rows: number } | null>(null);

  const categoryValue = category === OTHER ? otherLabel.trim() : category;
  const input = (extra: { sheet?: string; confirmedMatches?: typeof confirmed } = {}) =>
    file && {
      ...file,
      period: periodString(period),
      category: categoryValue,
      ...(unitType ? { unitType } : {}),
      ...(extra.sheet ?? sheet ? { sheet: extra.sheet ?? sheet } : {}),
      confirmedMatches: extra.confirmedMatches ?? confirmed,
    };

  const runPreview = async (extra: { sheet?: string; confirmedMatches?: typeof confirmed } = {}) => {
    const body = input(extra);
    if (!body) return;
    if (!body.category) {
      setError('请填写考核类别:选择考核细则的类别,或在“其他”中写上外部考核的名称(如 市级环境卫生考核)');
      return;
    }
    setBusy(true);
    const r = await status.track('externalScores.preview', '预检成绩表', () => call('externalScores.preview', body));
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      setPreview(null);
      return;
    }
    setError(null);
    setPreview(r.data);
    setSheet(r.data.sheet);
  };

  const confirmMatch = (row: ExternalScoreRow, yes: boolean) => {
    if (!row.proposal) return;
    const next = yes
      ? [...confirmed.filter((c) => c.written !== row.written), { written: row.written, unitType: row.proposal.unitType, unitId: row.proposal.unitId }]
      : confirmed.filter((c) => c.written !== row.written);
    setConfirmed(next);
    void runPreview({ confirmedMatches: next });
  };

  const commit = async () => {
    const body = input();
    if (!body) return;
    setBusy(true);
    const r = await status.track('externalScores.import', '导入成绩表', () => call('externalScores.import', { ...body, createUnits }));
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setDone({ id: r.data.id, rows: r.data.rows.length });
    status.notify('info', `已导入 ${r.data.rows.length} 行,生成外部排名草稿(编号 ${r.data.id})`);
    onImported();
  };

  const unmatched = preview?.rows.filter((r) => r.match === 'none') ?? [];
  const errors = preview?.problems.filter((p) => p.severity === 'error') ?? [];
  const canImport = !!preview && errors.length === 0 && (unmatched.length === 0 || createUnits) && !busy;
  const problemsByRow = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const p of preview?.problems ?? []) map.set(p.row, [...(map.get(p.row) ?? []), p.message]);
    return map;
  }, [preview]);

  return (
    <Modal title="导入外部成绩表" testId="external-import" className="modal-wide external-import" onClose={onClose}>
      <div className="modal-body external-import-body">
        <ol className="import-steps">
          <li className={!preview && !done ? 'import-step-current' : 'import-step-done'}>选择文件</li>
          <li className={preview && !done ? 'import-step-current' : done ? 'import-step-done' : ''}>预检</li>
          <li className={done ? 'import-step-current' : ''}>完成</li>
        </ol>
        {done ? (
          <div className="import-ok" data-testid="external-done">
            <p>
              已导入 {done.rows} 行,生成外部排名草稿(编号 {done.id})。请在月度排名中核对,由分管领导批准后可据此生成通报。
            </p>
            <button type="button" className="button button-primary" onClick={() => openRun(done.id)}>
              在月度排名中查看
            </button>
          </div>
        ) : (
          <>
            <div className="external-import-form">
              <div className="form-row">
                <span className="form-label">成绩表文件(.xlsx 或 .csv)</span>
                <input
                  type="file"
                  accept=".xlsx,.csv"
                  data-testid="external-file"
                  onChange={async (e) => {
                    const chosen = e.target.files?.[0];
                    if (!chosen) return;
                    if (!IMPORT_FILE_PATTERN.test(chosen.name)) {
                      setError(`“${chosen.name}”不是 .xlsx 或 .csv 文件。WPS 表格请另存为 .xlsx。`);
                      return;
                    }
                    setFile(await readImportFile(chosen));
                    setPreview(null);
                    setSheet(undefined);
                    setConfirmed([]);
                  }}
                />
              </div>
              <div className="form-row">
                <span className="form-label">期间</span>
                <PeriodPicker value={period} onChange={setPeriod} />
              </div>
              <div className="form-row">
                <span className="form-label">考核类别</span>
                <div className="external-category">
                  <select className="input input-inline" value={category} onChange={(e) => setCategory(e.target.value)} data-testid="external-category">
                    {Object.entries(vocabulary.categories).map(([key, label]) => (
                      <option key={key} value={key}>
                        {label}
                      </option>
                    ))}
                    <option value={OTHER}>其他(外部考核名称)</option>
                  </select>
                  {category === OTHER && (
                    <input className="input" placeholder="如 市级环境卫生考核" value={otherLabel} onChange={(e) => setOtherLabel(e.target.value)} data-testid="external-category-label" />
                  )}
                </div>
              </div>
              <div className="form-row">
                <span className="form-label">排名对象</span>
                <select className="input input-inline" value={unitType} onChange={(e) => setUnitType(e.target.value as RankUnitType | '')} data-testid="external-unit-type">
                  <option value="">按表头识别(单位/村别/镇(街)/作业单位)</option>
                  {Object.entries(vocabulary.unitTypes).map(([key, label]) => (
                    <option key={key} value={key}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="external-import-actions">
                <button type="button" className="button button-primary" disabled={!file || busy} onClick={() => void runPreview()} data-testid="external-preview">
                  预检
                </button>
              </div>
            </div>
            {error && (
              <p className="form-error" role="alert" data-testid="external-error">
                {error}
              </p>
            )}
            {preview && (
              <div className="external-preview" data-testid="external-preview-result">
                <div className="import-facts">
                  <span>
                    {preview.fileName}
                    {preview.sheets.length > 1 ? ' · 工作表 ' : ''}
                    {preview.sheets.length > 1 && (
                      <select className="input input-inline" value={preview.sheet} onChange={(e) => void runPreview({ sheet: e.target.value })}>
                        {preview.sheets.map((s) => (
                          <option key={s}>{s}</option>
                        ))}
                      </select>
                    )}
                  </span>
                  <span>
                    表头在第 {preview.headerRow} 行{preview.headerRows === 2 ? '(两行表头)' : ''} · 单位列 {preview.columns.unit.letter}“{preview.columns.unit.header}”
                    {preview.columns.score && ` · 得分列 ${preview.columns.score.letter}“${preview.columns.score.header}”`}
                    {preview.columns.rank && ` · 排名列 ${preview.columns.rank.letter}“${preview.columns.rank.header}”`}
                    {preview.columns.components.length > 0 && ` · 分项 ${preview.columns.components.map((c) => `${c.letter}“${c.label}”`).join('、')}`}
                  </span>
                  <span>
                    {preview.categoryLabel} · {vocabulary.unitTypes[preview.unitType]} · 共 {preview.counts.rows} 行,对应到本区 {preview.counts.matched} 个,本区没有{' '}
                    {preview.counts.unmatched} 个
                    {preview.counts.rankMismatches > 0 && <span className="ranking-warn"> · 公布名次与计算不符 {preview.counts.rankMismatches} 行</span>}
                    {preview.counts.componentSumMismatches > 0 && <span className="ranking-warn"> · 总分不等于分项之和 {preview.counts.componentSumMismatches} 行</span>}
                  </span>
                </div>
                {preview.problems.length > 0 && (
                  <table className="import-table external-problems" data-testid="external-problems">
                    <thead>
                      <tr>
                        <th>行</th>
                        <th>列</th>
                        <th>原表写法</th>
                        <th>问题</th>
                      </tr>
                    </thead>
                    <tbody>
                      {preview.problems.map((p, i) => (
                        <tr key={i} className={p.severity === 'error' ? 'problem-error' : 'problem-warning'}>
                          <td>{p.row}</td>
                          <td>
                            {p.column} {p.header}
                          </td>
                          <td>{p.written}</td>
                          <td>{p.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <div className="external-rows">
                  <table className="import-table" data-testid="external-rows">
                    <thead>
                      <tr>
                        <th>行</th>
                        <th>原表单位</th>
                        <th>对应</th>
                        <th>得分</th>
                        <th>公布名次</th>
                        <th>计算名次</th>
                        <th>说明</th>
                      </tr>
                    </thead>
                    <tbody>
                      {preview.rows.map((r) => (
                        <tr key={r.row} className={r.match === 'none' ? 'external-row-unmatched' : undefined} data-testid={`external-row-${r.row}`}>
                          <td>{r.row}</td>
                          <td>{r.written}</td>
                          <td>
                            {MATCH_LABEL[r.match]}
                            {r.match !== 'none' && r.unitName !== r.written && `:${r.unitName}`}
                            {r.proposal && r.match === 'none' && (
                              <label className="check-label external-proposal">
                                <input type="checkbox" checked={false} onChange={(e) => confirmMatch(r, e.target.checked)} />是“{r.proposal.name}”({r.proposal.reason})
                              </label>
                            )}
                            {r.match === 'confirmed' && (
                              <button type="button" className="link-button" onClick={() => confirmMatch(r, false)}>
                                取消确认
                              </button>
                            )}
                          </td>
                          <td className="num">
                            <span className={r.componentSumMismatch != null ? 'ranking-warn-cell' : undefined} title={r.componentSumMismatch != null ? `与分项之和相差 ${fmtScore(r.componentSumMismatch)}` : undefined}>
                              {r.score == null ? '' : r.score}
                            </span>
                          </td>
                          <td>{r.publishedRankText ?? ''}</td>
                          <td>
                            <span className={r.rankMismatch ? 'ranking-warn-cell' : undefined}>{r.rank == null ? (r.ranked ? '' : '不排名') : `第${r.rank}名${r.tied ? '(并列)' : ''}`}</span>
                          </td>
                          <td className="muted">{(problemsByRow.get(r.row) ?? []).join(';')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {unmatched.length > 0 && (
                  <label className="check-label external-create">
                    <input type="checkbox" checked={createUnits} onChange={(e) => setCreateUnits(e.target.checked)} data-testid="external-create-units" />
                    将本区没有的 {unmatched.length} 个单位({unmatched.slice(0, 6).map((r) => r.written).join('、')}
                    {unmatched.length > 6 ? ' 等' : ''})登记为外部单位(不新建作业单位或社区)
                  </label>
                )}
              </div>
            )}
          </>
        )}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {done ? '关闭' : '取消'}
        </button>
        {!done && (
          <button type="button" className="button button-primary" disabled={!canImport} onClick={() => void commit()} data-testid="external-commit">
            导入{preview ? ` ${preview.counts.rows} 行` : ''}
          </button>
        )}
      </div>
    </Modal>
  );
}
