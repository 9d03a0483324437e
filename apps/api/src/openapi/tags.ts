import { operationsOf } from './complete-responses';
import type { OpenApiDocument } from './document';
import { tagDescriptions } from './tag-names';

/**
 * Declares every tag the operations use, in the order of `tagDescriptions`, each with its description.
 * A tag spelled outside `Tag` has no description and fails here rather than reaching the document.
 */
export function declareTags(document: OpenApiDocument): OpenApiDocument {
  const used = new Set<string>();
  for (const { operation } of operationsOf(document)) for (const tag of operation.tags ?? []) used.add(tag);
  const unknown = [...used].filter((name) => !(name in tagDescriptions));
  if (unknown.length > 0) throw new Error(`OpenAPI tags without a description (add them to Tag): ${unknown.join(', ')}`);
  document.tags = Object.entries(tagDescriptions)
    .filter(([name]) => used.has(name))
    .map(([name, description]) => ({ name, description }));
  return document;
}
