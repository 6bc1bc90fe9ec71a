/**
 * The Content-Security-Policy of the console, the same in Electron (response header on the app protocol)
 * and in the headless host (HTTP header). `img-src data:` is needed for AG Grid's inline SVG icons;
 * `style-src 'unsafe-inline'` for the style attributes React, AG Grid and ECharts set on elements.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
