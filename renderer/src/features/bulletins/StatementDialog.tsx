/**
 * 考核扣款明细表 of one ranked unit (a contractor, or a bid section) for one month (DOMAIN §5.2): the unit's
 * contracts that month, the printable statement of the chosen one (statements.html) with 打印 and 下载 PDF, and
 * the month's rectification orders of the contractor, each printable as its 整改通知书 by the notice print of
 * 整改跟踪 (printNotice).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MonthScores, Rectification, RankUnitType } from '../../../../db/api';
import { call } from '../../api';
import { status } from '../../app/status';
import { useWorkspace } from '../../app/workspace';
import { downloadBase64 } from '../../components/download';
import { Modal } from '../../components/Modal';
import { printNotice } from '../assessment/rectifications/printNotice';
import { loadAttachment } from '../assessment/shared/PhotoPicker';
import { fmtScore, yuan } from '../assessment/scores/scoreFormat';
import { DocumentFrame, type DocumentFrameHandle } from './DocumentFrame';

export interface StatementDialogProps {
  month: string;
  unitType: RankUnitType;
  unitId: number;
  unitName: string;
  onClose(): void;
}

export function StatementDialog({ month, unitType, unitId, unitName, onClose }: StatementDialogProps) {
  const { info } = useWorkspace();
  const [scores, setScores] = useState<MonthScores | null>(null);
  const [contractId, setContractId] = useState<number | null>(null);
  const [html, setHtml] = useState<string | null>(null);
  const [fileTitle, setFileTitle] = useState('考核扣款明细表');
  const [error, setError] = useState<string | null>(null);
  const [orders, setOrders] = useState<Rectification[]>([]);
  const [busy, setBusy] = useState(false);
  const frame = useRef<DocumentFrameHandle>(null);

  useEffect(() => {
    void call('scores.monthly', { month }).then((r) => {
      if (r.ok) setScores(r.data);
      else setError(r.error.message);
    });
  }, [month]);

  /** The unit's units of the month: a contractor's under every contract, a bid section's own. */
  const units = useMemo(
    () => (scores?.units ?? []).filter((u) => (unitType === 'contractor' ? u.contractorId === unitId : u.targetType === 'section' && u.targetId === unitId)),
    [scores, unitType, unitId],
  );
  const payments = useMemo(() => {
    const ids = new Set(units.map((u) => u.contractId));
    return (scores?.payments ?? []).filter((p) => ids.has(p.contractId));
  }, [scores, units]);
  const contractorId = units.find((u) => u.contractorId != null)?.contractorId ?? null;
  /** The orders of the statement's units only (a contractor's other contracts have their own statements). */
  const shownOrders = useMemo(() => {
    const names = new Set(units.filter((u) => u.contractId === contractId).map((u) => u.targetName));
    return orders.filter((o) => names.has(o.targetName));
  }, [orders, units, contractId]);

  useEffect(() => {
    if (contractId == null && payments.length) setContractId(payments[0].contractId);
  }, [payments, contractId]);

  useEffect(() => {
    if (contractId == null) return;
    setHtml(null);
    void call('statements.html', { month, contractId }).then((r) => {
      if (r.ok) {
        setHtml(r.data.html);
        setFileTitle(r.data.title);
        setError(null);
      } else setError(r.error.message);
    });
  }, [month, contractId]);

  useEffect(() => {
    if (contractorId == null) return;
    void call('rectifications.list', { month, contractorId }).then((r) => {
      if (r.ok) setOrders(r.data);
    });
  }, [month, contractorId]);

  const downloadPdf = async () => {
    if (contractId == null) return;
    setBusy(true);
    const r = await status.track('statements.pdf', '生成扣款明细表 PDF', () => call('statements.pdf', { month, contractId }));
    setBusy(false);
    if (!r.ok) {
      status.notify('error', `PDF 未生成:${r.error.message}`);
      return;
    }
    downloadBase64(r.data.fileName, r.data.mimeType, r.data.base64);
    status.notify('info', `已生成 ${r.data.fileName}`);
  };

  const printOrder = async (order: Rectification) => {
    const detail = await call('inspections.get', { id: order.inspectionId });
    const photos = (await Promise.all(order.photos.slice(0, 2).map((id) => loadAttachment(id))))
      .filter((p) => p.dataUrl && p.mime.startsWith('image/'))
      .map((p) => p.dataUrl!);
    printNotice({
      row: order,
      itemTitle: order.itemTitle,
      schemeName: detail.ok ? detail.data.schemeName : null,
      district: info.name.replace(/[((].*$/, '').trim() || info.name,
      photos,
    });
  };

  const noContract = scores && !payments.length;
  return (
    <Modal title={`考核扣款明细表 · ${unitName} · ${month}`} testId="statement-dialog" className="modal-wide statement-dialog" onClose={onClose}>
      <div className="statement-body">
        <div className="statement-side">
          {noContract && <p className="form-error">{unitName}在 {month} 没有按质核拨结果:该月没有计入成绩的检查,或所用细则没有扣款规则。</p>}
          {payments.length > 0 && (
            <div className="form-row">
              <span className="form-label">合同</span>
              {payments.map((p) => (
                <label key={p.contractId} className="check-label">
                  <input type="radio" name="statement-contract" checked={contractId === p.contractId} onChange={() => setContractId(p.contractId)} />
                  {p.contractNo} {p.projectName}({fmtScore(p.score)} 分,应付 {yuan(p.money?.payableFen ?? p.feeFen)} 元)
                </label>
              ))}
            </div>
          )}
          {error && <p className="form-error">{error}</p>}
          <div className="statement-actions">
            <button type="button" className="button" disabled={!html} onClick={() => frame.current?.print()} data-testid="statement-print">
              打印
            </button>
            <button type="button" className="button" disabled={!html || busy} onClick={() => void downloadPdf()} data-testid="statement-pdf">
              下载 PDF
            </button>
          </div>
          <div className="statement-orders">
            <div className="form-label">本月整改通知书({shownOrders.length})</div>
            {shownOrders.length === 0 && <p className="muted">本月没有就本合同的考核对象下发整改通知。</p>}
            <ul>
              {shownOrders.map((o) => (
                <li key={o.id}>
                  <span>
                    {o.noticeNo} {o.targetName} {o.itemCode}
                  </span>
                  <button type="button" className="link-button" onClick={() => void printOrder(o)}>
                    打印整改通知书
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div className="statement-preview">{contractId != null && <DocumentFrame ref={frame} html={html} title={fileTitle} testId="statement-frame" />}</div>
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          关闭
        </button>
      </div>
    </Modal>
  );
}
