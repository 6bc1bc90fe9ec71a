/**
 * The import and template methods (db/io/api.ts) as the import dialog uses them, with the contract's own
 * types, and the file → base64 step.
 */
import type { MethodInput, MethodOutput } from '../../../../db/api';
import { call } from '../../api';

export type ImportPreview = MethodOutput<'import.preview'>;
export type ImportResult = MethodOutput<'import.commit'>;
export type ImportTemplate = MethodOutput<'templates.list'>[number];
export type ImportMatch = ImportPreview['matches'][number];
export type ImportProblem = ImportPreview['problems'][number];
/** Column index (as a string) → field key, or null for 不导入. */
export type ImportMapping = ImportPreview['mapping'];
export type ConfirmedMatch = NonNullable<MethodInput<'import.commit'>['confirmedMatches']>[number];

export interface ImportFile {
  fileName: string;
  base64: string;
}

type PreviewInput = { ledger: string; sheet?: string; mapping?: ImportMapping; templateId?: number; confirmedMatches?: ConfirmedMatch[] } & ImportFile;
type CommitInput = { ledger: string; sheet?: string; mapping: ImportMapping; confirmedMatches?: ConfirmedMatch[]; validOnly?: boolean } & ImportFile;

export const importApi = {
  ledgers: () => call('import.ledgers', {}),
  preview: (input: PreviewInput) => call('import.preview', input),
  commit: (input: CommitInput) => call('import.commit', input),
  templates: (ledger: string) => call('templates.list', { ledger }),
  /** Templates keep the mapping by header text, so they still fit when the columns move. */
  saveTemplate: (ledger: string, name: string, mapping: Record<string, string | null>) => call('templates.save', { ledger, name, mapping }),
  blank: (ledger: string) => call('templates.blank', { ledger }),
};

/** A chosen or dropped file as the API takes it (base64 in chunks: a 20 MB file would overflow one apply). */
export async function readImportFile(file: File): Promise<ImportFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return { fileName: file.name, base64: btoa(binary) };
}

export const IMPORT_FILE_PATTERN = /\.(xlsx|csv)$/i;
