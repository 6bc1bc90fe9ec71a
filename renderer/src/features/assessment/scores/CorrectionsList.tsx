/**
 * Tab 更正记录 (DOMAIN §4.3): the month's corrections after lock, newest first — when, who, the reason (kind
 * and text), and each inspection it replaced with its score before → after.
 */
import type { Correction } from '../../../../../db/api';
import { formatDateTime } from '../../../format';
import { fmtScore } from './scoreFormat';

export function CorrectionsList({ corrections, locked }: { corrections: Correction[]; locked: boolean }) {
  if (!corrections.length) {
    return (
      <div className="empty-panel" data-testid="corrections-empty">
        <h2>本月没有更正记录</h2>
        <p>
          {locked
            ? '月份锁定后,如发现录入错误或申诉成立,由分管领导发起更正:原记录保留,生成新版本并重新计算当月成绩,更正经过记录在这里。'
            : '本月尚未锁定:检查记录有误时由审核员退回修改即可,无需更正。锁定后的更正记录在这里。'}
        </p>
      </div>
    );
  }
  return (
    <div className="corrections" data-testid="corrections">
      <table className="plain-table">
        <thead>
          <tr>
            <th>更正时间</th>
            <th>发起人</th>
            <th>原因类别</th>
            <th>具体原因</th>
            <th>更正的检查记录</th>
            <th className="num">更正前得分</th>
            <th className="num">更正后得分</th>
          </tr>
        </thead>
        <tbody>
          {[...corrections].reverse().flatMap((c) => {
            const revisions = c.revisions.length ? c.revisions : [null];
            return revisions.map((r, i) => (
              <tr key={`${c.id}-${i}`} data-testid="correction-row">
                {i === 0 && (
                  <>
                    <td rowSpan={revisions.length}>{formatDateTime(c.createdAt)}</td>
                    <td rowSpan={revisions.length}>{c.createdBy}</td>
                    <td rowSpan={revisions.length}>{c.reasonLabel}</td>
                    <td rowSpan={revisions.length} className="wrap">
                      {c.reasonText}
                      {c.attachments.length > 0 && <span className="muted">(附件 {c.attachments.length} 个)</span>}
                    </td>
                  </>
                )}
                {r ? (
                  <>
                    <td>
                      {r.targetName}
                      <span className="muted">
                        {' '}
                        (记录 {r.fromId} → {r.toId})
                      </span>
                    </td>
                    <td className="num">{fmtScore(r.scoreBefore)}</td>
                    <td className={r.scoreAfter < r.scoreBefore ? 'num text-error' : 'num'}>{fmtScore(r.scoreAfter)}</td>
                  </>
                ) : (
                  <td colSpan={3} className="muted">
                    无
                  </td>
                )}
              </tr>
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}
