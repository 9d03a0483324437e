import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from '../src/openapi/render';

// `npm run openapi:export`: writes the OpenAPI document to apps/api/openapi.json (committed, so
// reviewers see API changes in diffs and client generators need no running server).
const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
const document = renderOpenApiDocument();
writeFileSync(target, document);
const { paths } = JSON.parse(document) as { paths: Record<string, unknown> };
console.log(`Wrote ${target} (${Object.keys(paths).length} paths).`);
