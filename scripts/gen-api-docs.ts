import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderApiDocs } from '../db/api-docs';

const out = resolve(__dirname, '..', 'docs', 'API.md');
writeFileSync(out, renderApiDocs());
console.log(`已生成 ${out}`);
