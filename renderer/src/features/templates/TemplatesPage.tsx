/**
 * 系统 → 导入模板 (clerk and up): for every importable ledger its blank template (下载空白模板) and the column
 * mappings saved for it, each shown as 列名 → 字段 with who changed it last, and 删除 after a confirmation.
 * Templates are saved in the import dialog's mapping step (where the columns are in front of the clerk), so
 * this screen only lists and deletes them; 导入… opens that same dialog from here.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FieldDef, MethodOutput } from '../../../../db/api';
import { call } from '../../api';
import { status } from '../../app/status';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { downloadBase64 } from '../../components/download';
import { headerName } from '../../components/ledger/values';
import { formatDateTime } from '../../format';
import { ImportDialog } from '../import/ImportDialog';
import { importApi, type ImportTemplate } from '../import/importApi';
import { templatesText as text } from './strings';

type Ledger = MethodOutput<'import.ledgers'>[number];

/**
 * The ledgers in the order of the left navigation (街道社区 · 生活小区 · 作业单位 · 合同标段 · 公厕 · 指标), not the
 * registry's order; a ledger added to db/ledgers.ts later still shows, after these.
 */
const NAV_ORDER = ['streets', 'communities', 'estates', 'tonnage', 'contractors', 'contracts', 'sections', 'toilets', 'targets'];

function navRank(name: string): number {
  const at = NAV_ORDER.indexOf(name);
  return at < 0 ? NAV_ORDER.length : at;
}

/** A field key as the clerk knows it (its column header with unit); a key the ledger no longer has, as stored. */
function fieldName(fields: FieldDef[], key: string | null): string {
  if (key == null) return text.skipped;
  const field = fields.find((f) => f.key === key);
  return field ? headerName(field) : key;
}

export function TemplatesPage() {
  const [ledgers, setLedgers] = useState<Ledger[] | null>(null);
  const [templates, setTemplates] = useState<ImportTemplate[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ImportTemplate | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [importing, setImporting] = useState<Ledger | null>(null);

  const load = useCallback(async () => {
    const [ledgerList, templateList] = await Promise.all([importApi.ledgers(), call('templates.list', {})]);
    if (!ledgerList.ok) return setLoadError(ledgerList.error.message);
    if (!templateList.ok) return setLoadError(templateList.error.message);
    setLoadError(null);
    setLedgers([...ledgerList.data].sort((a, b) => navRank(a.name) - navRank(b.name)));
    setTemplates(templateList.data);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const downloadBlank = async (ledger: Ledger) => {
    setDownloading(ledger.name);
    const result = await status.track(`templates.blank.${ledger.name}`, `${text.blank}:${ledger.title}`, () => importApi.blank(ledger.name));
    setDownloading(null);
    if (!result.ok) return status.notify('error', result.error.message);
    downloadBase64(result.data.fileName, result.data.mimeType, result.data.base64);
    status.notify('info', text.blankDone(result.data.fileName));
  };

  const remove = async (template: ImportTemplate) => {
    setDeleting(true);
    setDeleteError(null);
    const result = await call('templates.delete', { id: template.id });
    setDeleting(false);
    // Deleted by someone else meanwhile: the list is stale either way, so show the message and reload.
    if (!result.ok) {
      setDeleteError(result.error.message);
      await load();
      return;
    }
    setConfirm(null);
    status.notify('info', text.deleted(template.name));
    await load();
  };

  const titleOf = (name: string) => ledgers?.find((l) => l.name === name)?.title ?? name;

  return (
    <div className="ledger-page templates-page">
      <div className="ledger-page-title-row">
        <h1 className="page-title">{text.title}</h1>
        <button type="button" className="button" onClick={() => void load()}>
          {text.refresh}
        </button>
      </div>
      <p className="muted">{text.intro}</p>
      {loadError && (
        <p className="form-error" role="alert">
          {text.loadFailed}:{loadError}
        </p>
      )}
      {!ledgers && !loadError && <p className="muted">{text.loading}</p>}
      {ledgers?.map((ledger) => {
        const own = templates.filter((tpl) => tpl.ledger === ledger.name);
        return (
          <section key={ledger.name} className="templates-ledger" data-testid="templates-ledger" data-ledger={ledger.name}>
            <div className="templates-ledger-head">
              <h2 className="templates-ledger-title">{ledger.title}</h2>
              {/* Inline, not a box of its own: nine ledgers without templates stay one screen. */}
              {own.length === 0 ? (
                <span className="templates-empty" data-testid="templates-empty">
                  {text.empty}
                </span>
              ) : (
                <span className="muted">{text.count(own.length)}</span>
              )}
              <span className="templates-ledger-actions">
                <button
                  type="button"
                  className="button"
                  disabled={downloading === ledger.name}
                  onClick={() => void downloadBlank(ledger)}
                  data-testid="templates-blank"
                >
                  {downloading === ledger.name ? text.blankBusy : text.blank}
                </button>
                <button type="button" className="button" onClick={() => setImporting(ledger)} data-testid="templates-import">
                  {text.importOpen}
                </button>
              </span>
            </div>
            {own.length > 0 && (
              <table className="templates-table">
                <thead>
                  <tr>
                    <th>{text.colName}</th>
                    <th>{text.colMapping}</th>
                    <th>{text.colUpdatedAt}</th>
                    <th>{text.colUpdatedBy}</th>
                    <th>{text.colActions}</th>
                  </tr>
                </thead>
                <tbody>
                  {own.map((tpl) => (
                    <tr key={tpl.id} data-testid="template-row" data-id={tpl.id}>
                      <td className="templates-name" data-testid="template-name">
                        {tpl.name}
                      </td>
                      <td>
                        <ul className="templates-mapping" data-testid="template-mapping">
                          {Object.entries(tpl.mapping).map(([header, key]) => (
                            <li key={header} className={key == null ? 'templates-skipped' : undefined}>
                              <span>{header}</span> → <span>{fieldName(ledger.fields, key)}</span>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="templates-time">{formatDateTime(tpl.updatedAt)}</td>
                      <td>{tpl.updatedBy}</td>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => {
                            setDeleteError(null);
                            setConfirm(tpl);
                          }}
                          data-testid="template-delete"
                        >
                          {text.delete}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
      {confirm && (
        <ConfirmDialog
          title={text.deleteTitle}
          confirmLabel={deleting ? text.deleting : text.delete}
          danger
          busy={deleting}
          onConfirm={() => void remove(confirm)}
          onCancel={() => !deleting && setConfirm(null)}
        >
          <p>{text.deleteWhat(titleOf(confirm.ledger), confirm.name)}</p>
          <p>{text.deleteEffect}</p>
          {deleteError && (
            <p className="form-error" role="alert" data-testid="template-delete-error">
              {deleteError}
            </p>
          )}
        </ConfirmDialog>
      )}
      {importing && (
        <ImportDialog
          ledger={importing.name}
          title={importing.title}
          fields={importing.fields}
          onClose={() => {
            setImporting(null);
            // A template saved in the dialog shows here at once.
            void load();
          }}
          onImported={() => undefined}
        />
      )}
    </div>
  );
}
