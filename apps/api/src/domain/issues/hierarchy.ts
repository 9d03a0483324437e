import { type SQL, sql } from 'drizzle-orm';
import { LoopError } from '../errors';

/**
 * What the hierarchy rule reads about an issue and the parent it is given. A fact breaks the rule
 * when it is set (true, or an id rather than null); facts only an existing issue can have are left out
 * for a new one.
 */
export interface HierarchyFacts {
  /** The parent named is the issue itself. */
  parentIsSelf: boolean;
  /** The parent's own live parent: set when the parent is a child rather than a root. */
  grandparentId: string | null;
  /** The issue has live children. */
  hasChildren: boolean;
}

/** How a message names the two issues (`#12` through the API, a key in the seed data). */
interface Names {
  issue: string;
  parent: string;
}

/**
 * The hierarchy rule, one level deep: an issue is a root or the child of a root. Its clauses in the
 * order their problems are reported; `newIssues` marks those a new issue can break, which the create
 * statement checks in SQL (`hierarchyHoldsSql`), since it inserts only when the rule holds.
 */
export const hierarchyRule = [
  { fact: 'parentIsSelf', newIssues: false, message: () => 'an issue cannot be its own parent' },
  {
    fact: 'grandparentId',
    newIssues: true,
    message: ({ parent }: Names) =>
      `issue ${parent} is itself a child of another issue; issues nest only one level deep, so a child cannot have children`,
  },
  {
    fact: 'hasChildren',
    newIssues: false,
    message: ({ issue }: Names) => `issue ${issue} has children, so it cannot become a child; issues nest only one level deep`,
  },
] as const satisfies readonly { fact: keyof HierarchyFacts; newIssues: boolean; message: (names: Names) => string }[];

/** The facts a new issue can break: ids, null while the rule holds. */
type NewIssueFact = Extract<(typeof hierarchyRule)[number], { newIssues: true }>['fact'];

/** Throws `hierarchy_violation` (422 on `parentId`) for the first clause the facts break. */
export function checkHierarchy(facts: Partial<HierarchyFacts>, names: Names): void {
  for (const clause of hierarchyRule) {
    if (facts[clause.fact]) throw hierarchyViolation(clause.message(names));
  }
}

/**
 * The clauses a new issue can break, as an SQL condition over the columns where a statement resolved
 * their facts. Adding such a clause fails to compile until every caller supplies its column.
 */
export function hierarchyHoldsSql(columns: Record<NewIssueFact, SQL>): SQL {
  const holds = hierarchyRule.flatMap((clause) => (clause.newIssues ? [sql`${columns[clause.fact]} is null`] : []));
  return sql.join(holds, sql` and `);
}

function hierarchyViolation(message: string) {
  return new LoopError('hierarchy_violation', `parentId: ${message}`, [{ field: 'parentId', message }]);
}
