/**
 * `npm start` (after the build): opens the console in Electron when its binary and a display are available,
 * otherwise serves the same console in the browser host (`npm run cli -- serve`), passing the arguments on
 * (`--data DIR`, `--port N`, `--host H`).
 *
 * The Electron binary is looked up without `require('electron')`: that call downloads the binary on first use,
 * which fails on machines without GitHub access (see STACK.md).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable as the electron package would run it, or null when it has not been downloaded. */
function findElectronBinary() {
  const packageDir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  if (!relativePath) return null;
  // The same override the electron package honours (a binary unpacked somewhere else).
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(distDir, relativePath);
  return existsSync(binary) ? binary : null;
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** The tsx command-line entry, read from tsx's package.json so it also works where .bin holds .cmd shims (Windows). */
function tsxCli() {
  const packageDir = join(ROOT, 'node_modules', 'tsx');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.tsx;
  return join(packageDir, bin);
}

/**
 * Runs the child until it exits and mirrors its exit code. On POSIX the child gets its own process group, so a
 * Ctrl+C reaches it once (forwarded from here) rather than twice (terminal + forward): a second SIGINT would cut
 * the headless host's database close short.
 */
function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env, detached: process.platform !== 'win32' });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  // A closed terminal takes this process with it; stop the console cleanly rather than leave it running alone.
  process.on('SIGHUP', () => forward('SIGTERM'));
  child.on('error', (err) => {
    console.error(`无法启动 ${command}:${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 1 : 0));
  });
}

const args = process.argv.slice(2);
const electronBinary = findElectronBinary();

if (electronBinary && hasDisplay()) {
  if (!existsSync(join(ROOT, 'out', 'main', 'main.js'))) {
    console.error('尚未构建应用,请先运行 npm run build(npm start 会自动构建)。 / The app is not built: run npm run build first.');
    process.exit(1);
  }
  // ELECTRON_RUN_AS_NODE inherited from a parent tool would start Electron as plain Node instead of the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electronBinary, [ROOT, ...args], env);
} else {
  console.log(
    electronBinary
      ? '未检测到图形显示(DISPLAY / WAYLAND_DISPLAY 均未设置),改用浏览器模式启动同一控制台 / No display available: serving the console in the browser host'
      : '未找到 Electron 可执行文件(本机无法下载 Electron),改用浏览器模式启动同一控制台 / Electron binary not available: serving the console in the browser host',
  );
  run(process.execPath, [tsxCli(), join('electron', 'cli.ts'), 'serve', ...args]);
}
