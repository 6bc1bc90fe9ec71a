/**
 * 排名通报 → 外部成绩导入: score tables of third-party or city-level assessments, imported as external ranking
 * runs (drafts a manager approves in 月度排名, like computed ones). The list shows every table imported, with
 * its period, category, file, rows and the published-rank and component-sum mismatches found; 导入成绩表 opens
 * the step-by-step import.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput, RankingRunSummary } from '../../../../db/api';
import { call } from '../../api';
import { roleAtLeast } from '../../app/roles';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { formatDateTime } from '../../format';
import { openRun } from '../bulletins/handoff';
import { ExternalImportDialog } from './ExternalImportDialog';

type Vocabulary = MethodOutput<'ranking.vocabulary'>;

export function ExternalScoresPage() {
  const { info } = useWorkspace();
  const canImport = roleAtLeast(info.user.role, 'clerk');
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  const [runs, setRuns] = useState<RankingRunSummary[] | null>(null);
  const [importing, setImporting] = useState(false);

  const load = useCallback(async () => {
    const r = await call('externalScores.list', {});
    if (r.ok) setRuns(r.data);
    else status.notify('error', `外部成绩表列表读取失败:${r.error.message}`);
  }, []);

  useEffect(() => {
    void call('ranking.vocabulary', {}).then((r) => r.ok && setVocabulary(r.data));
    void load();
  }, [load]);

  return (
    <section className="ledger-page external-page" aria-label="外部成绩导入">
      <div className="ledger-page-title-row">
        <h1 className="page-title">外部成绩导入</h1>
        <span className="muted">第三方或上级考核的成绩表(.xlsx/.csv):对应到本区单位,按得分重新排名,标出公布名次不符和总分不等于分项之和的行</span>
      </div>
      <div className="toolbar" role="toolbar">
        {canImport && (
          <button type="button" className="button button-primary" disabled={!vocabulary} onClick={() => setImporting(true)} data-testid="btn-external-import">
            导入成绩表
          </button>
        )}
      </div>
      {runs && runs.length === 0 ? (
        <div className="empty-panel" data-testid="external-empty">
          <h2>还没有导入外部成绩表</h2>
          <p>成绩表的表头可以是 排名、单位(村别、镇(街)、作业单位)、得分(总分)及各分项;名次可以写成 3、第3名、第三名、并列第三。导入后生成一份外部排名草稿,经分管领导批准后可生成通报。</p>
          {canImport && (
            <button type="button" className="button button-primary" disabled={!vocabulary} onClick={() => setImporting(true)}>
              导入成绩表
            </button>
          )}
        </div>
      ) : (
        <table className="external-list" data-testid="external-list">
          <thead>
            <tr>
              <th>期间</th>
              <th>考核类别</th>
              <th>排名对象</th>
              <th>文件</th>
              <th className="num">行数</th>
              <th className="num">名次不符</th>
              <th className="num">分项不符</th>
              <th>状态</th>
              <th>导入</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(runs ?? []).map((r) => (
              <tr key={r.id}>
                <td>{r.period}</td>
                <td>{r.categoryLabel}</td>
                <td>{vocabulary?.unitTypes[r.unitType] ?? r.unitType}</td>
                <td>{r.fileName}</td>
                <td className="num">{r.rowCount}</td>
                <td className={`num${r.counts.rankMismatches ? ' ranking-warn' : ''}`}>{r.counts.rankMismatches}</td>
                <td className={`num${r.counts.componentSumMismatches ? ' ranking-warn' : ''}`}>{r.counts.componentSumMismatches}</td>
                <td>{vocabulary?.statuses[r.status] ?? r.status}</td>
                <td>
                  {formatDateTime(r.computedAt)} {r.computedBy}
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => openRun(r.id)}>
                    查看排名
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {importing && vocabulary && <ExternalImportDialog vocabulary={vocabulary} onClose={() => setImporting(false)} onImported={() => void load()} />}
    </section>
  );
}
