/**
 * Photos (and, where allowed, PDF files) attached to a finding, a rectification report or a correction.
 * Choosing files uploads them at once (`attachments.upload`, which stores them in the workspace with their
 * sha256) and adds their ids to `value`; thumbnails come from `attachments.get` as data: URLs (the console's
 * CSP allows images from data: only). A refused file is named in a message under the picker and in the status
 * bar; the files already chosen stay.
 *
 * Props are a stable contract shared by the assessment screens:
 *   value: attachment ids · onChange(ids) · readOnly · allowPdf · max · label · testId
 */
import { useEffect, useId, useRef, useState } from 'react';
import { call } from '../../../api';
import { status } from '../../../app/status';

export interface PhotoPickerProps {
  /** Attachment ids, in the order chosen. */
  value: number[];
  onChange(ids: number[]): void;
  /** Thumbnails only: no choose, no remove. */
  readOnly?: boolean;
  /** Also accept PDF files (appeal letters, scanned documents). */
  allowPdf?: boolean;
  /** Most files (the API takes 20). */
  max?: number;
  /** The button's text; default 照片 (or 附件 with allowPdf). */
  label?: string;
  /** data-testid of the picker; the file input gets `${testId}-input`. */
  testId?: string;
}

interface Loaded {
  fileName: string;
  mime: string;
  dataUrl: string | null;
  error?: string;
}

/** Thumbnails are fetched once per attachment and page load. */
const loadedCache = new Map<number, Promise<Loaded>>();

export function loadAttachment(id: number): Promise<Loaded> {
  let p = loadedCache.get(id);
  if (!p) {
    p = call('attachments.get', { id }).then((r) =>
      r.ok ? { fileName: r.data.fileName, mime: r.data.mime, dataUrl: r.data.dataUrl } : { fileName: `附件 ${id}`, mime: '', dataUrl: null, error: r.error.message },
    );
    loadedCache.set(id, p);
    void p.then((l) => {
      if (l.error) loadedCache.delete(id);
    });
  }
  return p;
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function PhotoPicker({ value, onChange, readOnly, allowPdf, max = 20, label, testId }: PhotoPickerProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [loaded, setLoaded] = useState<Record<number, Loaded>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<number | null>(null);
  // The newest value, so uploads that finish after another change add to it instead of overwriting it.
  const valueRef = useRef(value);
  valueRef.current = value;

  useEffect(() => {
    let alive = true;
    for (const id of value) {
      if (loaded[id]) continue;
      void loadAttachment(id).then((l) => {
        if (alive) setLoaded((prev) => (prev[id] ? prev : { ...prev, [id]: l }));
      });
    }
    return () => {
      alive = false;
    };
  }, [value, loaded]);

  async function upload(files: FileList | null) {
    if (!files || !files.length) return;
    setError(null);
    const room = max - valueRef.current.length;
    const chosen = Array.from(files).slice(0, Math.max(0, room));
    const problems: string[] = [];
    if (files.length > chosen.length) problems.push(`最多 ${max} 个文件,多出的 ${files.length - chosen.length} 个未上传`);
    setBusy(true);
    const added: number[] = [];
    try {
      for (const file of chosen) {
        let dataBase64: string;
        try {
          dataBase64 = await readAsBase64(file);
        } catch {
          problems.push(`“${file.name}”无法读取`);
          continue;
        }
        const result = await call('attachments.upload', { fileName: file.name, dataBase64 });
        if (!result.ok) {
          problems.push(result.error.fields?.dataBase64 ?? result.error.message);
          continue;
        }
        const { id, fileName, mime } = result.data;
        if (mime.startsWith('image/')) {
          loadedCache.set(id, Promise.resolve({ fileName, mime, dataUrl: `data:${mime};base64,${dataBase64}` }));
        }
        added.push(id);
      }
    } finally {
      setBusy(false);
      if (inputRef.current) inputRef.current.value = '';
    }
    if (added.length) {
      const next = [...valueRef.current];
      for (const id of added) if (!next.includes(id)) next.push(id);
      onChange(next);
    }
    if (problems.length) {
      const text = problems.join(';');
      setError(text);
      status.notify('error', text);
    } else if (added.length) {
      status.notify('info', `已上传 ${added.length} 个文件`);
    }
  }

  const accept = allowPdf ? 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf' : 'image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp';
  const text = label ?? (allowPdf ? '附件' : '照片');
  const previewItem = preview !== null ? loaded[preview] : null;

  return (
    <div className="photo-picker" data-testid={testId}>
      {value.map((id) => {
        const item = loaded[id];
        const isImage = item?.mime.startsWith('image/') && item.dataUrl;
        return (
          <span key={id} className="photo-thumb" title={item?.error ?? item?.fileName ?? ''} data-testid={testId ? `${testId}-thumb` : undefined}>
            {isImage ? (
              <button type="button" className="photo-thumb-open" onClick={() => setPreview(id)} aria-label={`查看 ${item.fileName}`} tabIndex={-1}>
                <img src={item.dataUrl ?? ''} alt={item.fileName} />
              </button>
            ) : (
              <span className={item?.error ? 'photo-thumb-file text-error' : 'photo-thumb-file'}>{item ? (item.error ? '无法读取' : item.fileName) : '…'}</span>
            )}
            {!readOnly && (
              <button
                type="button"
                className="photo-thumb-remove"
                aria-label={`移除 ${item?.fileName ?? `附件 ${id}`}`}
                tabIndex={-1}
                onClick={() => onChange(value.filter((v) => v !== id))}
              >
                ×
              </button>
            )}
          </span>
        );
      })}
      {!readOnly && value.length < max && (
        <label className={busy ? 'button photo-picker-button is-busy' : 'button photo-picker-button'} htmlFor={inputId}>
          {busy ? '上传中…' : `${value.length ? '+' : ''}${text}`}
          <input
            id={inputId}
            ref={inputRef}
            className="visually-hidden"
            type="file"
            multiple
            accept={accept}
            disabled={busy}
            data-testid={testId ? `${testId}-input` : undefined}
            onChange={(e) => void upload(e.currentTarget.files)}
          />
        </label>
      )}
      {readOnly && !value.length && <span className="muted">无</span>}
      {error && (
        <span className="field-error photo-picker-error" role="alert">
          {error}
        </span>
      )}
      {previewItem?.dataUrl && (
        <div className="modal-backdrop" onClick={() => setPreview(null)} onKeyDown={(e) => e.key === 'Escape' && setPreview(null)}>
          <div className="photo-preview" role="dialog" aria-modal="true" aria-label={previewItem.fileName}>
            <img src={previewItem.dataUrl} alt={previewItem.fileName} />
            <div className="photo-preview-bar">
              <span>{previewItem.fileName}</span>
              <button type="button" className="button" autoFocus onClick={() => setPreview(null)}>
                关闭
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
