import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// js-yaml, ajv and the configuration schema arrive with electron-builder (a devDependency); they are loaded the way
// electron-builder itself loads them, so the test checks the file exactly as packaging would read it.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator') as {
  validateSchema(schema: unknown, data: unknown, options?: { name?: string }): void;
};
const schema: unknown = require('app-builder-lib/scheme.json');

const configText = readFileSync(join(__dirname, '..', 'electron-builder.yml'), 'utf8');

type Config = {
  appId: string;
  productName: string;
  npmRebuild: boolean;
  files: string[];
  asarUnpack: string[];
  directories: { output: string };
  electronFuses: Record<string, boolean>;
  win: { target: Array<{ target: string }> };
  nsis: Record<string, unknown>;
  linux: { target: string[]; synopsis: string; desktop: { entry: Record<string, string> } };
  deb: { synopsis: string };
};

describe('electron-builder.yml', () => {
  const config = yaml.load(configText) as Config;

  it('is valid against the electron-builder configuration schema', () => {
    expect(() => validateSchema(schema, structuredClone(config), { name: 'electron-builder' })).not.toThrow();
  });

  it('the schema check catches a misspelt option', () => {
    expect(() => validateSchema(schema, { ...structuredClone(config), npmRebuilt: false })).toThrow(/npmRebuilt/);
  });

  it('identifies the product', () => {
    expect(config.appId).toBe('cn.gov.sanidesk');
    expect(config.productName).toBe('SaniDesk');
    expect(config.directories.output).toBe('release');
  });

  it('packages only the built bundles and the manifest, without rebuilding sqlite3', () => {
    expect(config.files).toEqual(['out/**', 'package.json']);
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/node_modules/sqlite3/**');
  });

  it('builds an NSIS installer for Windows with Chinese shortcuts', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis.shortcutName).toBe('环卫台账与考评');
    expect(config.nsis.installerLanguages).toEqual(['zh_CN']);
  });

  it('builds AppImage and deb for Linux with the Chinese name in the desktop entry', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.desktop.entry.Name).toBe('环卫台账与考评');
    expect(config.linux.desktop.entry.Comment).toBeTruthy();
    expect(config.linux.synopsis).toBe('环卫台账与考评');
    expect(config.deb.synopsis).toBe('环卫台账与考评');
  });

  it('turns off the Electron fuses that would let a local user run the app as Node', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });
});
