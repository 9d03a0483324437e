/**
 * Partials shared by every template (`{{> api_reference}}` …). Prompts are markdown; code fences use
 * `~~~` so the sources stay readable inside template literals. Curl examples name the key only as
 * `$LOOP_API_KEY`: a rendered prompt must never contain a secret.
 */

const apiReference = `## Working with Loop

Loop's API is at {{loopUrl}}/api/v1. Every call needs the header \`Authorization: Bearer $LOOP_API_KEY\`
(the key is in your environment as \`LOOP_API_KEY\`; never write its value into an issue, a comment or a commit).
Send JSON with \`Content-Type: application/json\`. Issues are named by id or by number.

| to | call |
| --- | --- |
| read an issue (parent, children, labels, relations) | \`GET /issues/{number}\` |
| change an issue: \`status\`, \`priority\`, \`description\`, \`agentSummary\`, \`agentSessionId\`, \`commits\`, \`pullRequests\`, \`labelIds\`, \`projectId\` | \`PATCH /issues/{number}\` |
| create an issue: \`title\`, \`type\`, and optionally \`description\`, \`status\`, \`priority\` (0 none, 1 urgent, 2 high, 3 medium, 4 low), \`parentId\`, \`projectId\`, \`labelIds\`, \`hypothesis\` | \`POST /issues\` |
| comment (\`parentId\` to reply) | \`POST /issues/{number}/comments\` with \`{body, authorName, authorType}\` |
| relate two issues: \`blocks\`, \`blocked_by\`, \`related\`, \`duplicate\` | \`POST /issues/{number}/relations\` with \`{type, relatedIssueId}\` |
| search issues | \`GET /issues?q=words&type=task&status=todo,backlog&projectId=…\` |
| labels | \`GET /labels\`, \`POST /labels\` with \`{name, color: "#RRGGBB"}\` |
| record progress on a goal | \`PATCH /goals/{id}\` with \`{currentValue}\` (and \`status: "achieved"\` when the target is met) |
| report something new you noticed | \`POST /signals\` with \`{source, type, severity, title, payload}\` |

{{#if meta.dispatchId}}
**Your claim** is dispatch \`{{meta.dispatchId}}\`; its lease ends {{date meta.leaseExpiresAt}}. Send the header
\`Loop-Dispatch-Id: {{meta.dispatchId}}\` on every change and comment you make to this issue. If Loop answers
**409 \`lease_lost\`**, your claim is over (the lease ran out or the claim was closed, and the issue may be another
agent's now): stop working on it and do not retry the write. When the work takes longer than the lease, renew it
before it ends (each renewal runs a full lease from now):

~~~bash
curl -s -X POST {{loopUrl}}/api/v1/dispatches/{{meta.dispatchId}}/heartbeat -H "Authorization: Bearer $LOOP_API_KEY"
~~~

{{/if}}
~~~bash
# read this issue
curl -s {{loopUrl}}/api/v1/issues/{{issue.number}} -H "Authorization: Bearer $LOOP_API_KEY"

# comment on it
curl -s -X POST {{loopUrl}}/api/v1/issues/{{issue.number}}/comments \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json"{{#if meta.dispatchId}} -H "Loop-Dispatch-Id: {{meta.dispatchId}}"{{/if}} \\
  -d '{"body": "What I found and what I did", "authorName": "your-agent-name", "authorType": "agent"}'

# finish it
curl -s -X PATCH {{loopUrl}}/api/v1/issues/{{issue.number}} \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json"{{#if meta.dispatchId}} -H "Loop-Dispatch-Id: {{meta.dispatchId}}"{{/if}} \\
  -d '{"status": "done", "agentSummary": "What changed and how it was verified"}'
~~~

Rules of the road:
- The hierarchy is one level deep: a root issue may have children, a child may not. To attach work to a
  child issue, create it as a sibling (the same \`parentId\`) or as a root linked with \`related\`.
- "A blocks B" means B cannot start until A is done. Loop only hands out issues whose blockers are finished.
- Always end your claim: move the issue to \`done\` or \`canceled\` (with an \`agentSummary\`), or, if you must
  stop early, comment why and move it back to \`todo\` (or \`backlog\` when it needs a human). An issue left
  \`in_progress\` is handed to another agent when the lease runs out.
- To take more work afterwards, claim it with \`POST /dispatch/next\` and a new \`Idempotency-Key\` header (any unique
  string); if the answer is lost, repeat the request with the same key: you get the same claim, never a second one.
`;

const reviewInstructions = `## Review this prompt (last step, always)

Rate the prompt you were given from 1 (poor) to 5 (excellent) so the next agent gets a better one:
- **clarity**: were the instructions unambiguous?
- **completeness**: did it give you everything you needed (context, API calls, a definition of done)?
- **relevance**: did it fit this issue?

Put concrete suggestions in \`feedback\`: what was missing, wrong or superfluous. Low scores with reasons are useful.

{{#if meta.versionId}}
~~~bash
curl -s -X POST {{loopUrl}}/api/v1/prompt-reviews \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"versionId": "{{meta.versionId}}", "issueId": {{issue.number}}, "clarity": 4, "completeness": 4, "relevance": 4, "feedback": "…", "authorType": "agent"}'
~~~
{{else}}
This prompt is Loop's built-in fallback (no template matched the issue), so there is no version to review. If a
dedicated template would have helped, say what it should contain in a comment on the issue.
{{/if}}`;

const issueContext = `## Issue #{{issue.number}}: {{issue.title}}

- type: {{issue.type}} · status: {{statusLabel issue.status}} · priority: {{priorityLabel issue.priority}}
- id: {{issue.id}}
{{#if labels.length}}
- labels: {{join (pluck labels "name") ", "}}
{{/if}}

{{#if issue.description}}
{{issue.description}}
{{else}}
(no description)
{{/if}}
{{#if issue.hypothesis}}

**Hypothesis:** {{issue.hypothesis.statement}}
- confidence: {{issue.hypothesis.confidence}}
- validation criteria: {{issue.hypothesis.validationCriteria}}
{{#if issue.hypothesis.prediction}}
- prediction: {{issue.hypothesis.prediction}}
{{/if}}
{{#each issue.hypothesis.evidence}}
- evidence: {{this}}
{{/each}}
{{/if}}
{{#if issue.signalSource}}

**Signal from {{issue.signalSource}}.** Payload:
~~~json
{{json issue.signalPayload}}
~~~
{{/if}}`;

const parentContext = `{{#if parent}}
## Parent: {{issueLine parent}}

{{#if parent.description}}
{{parent.description}}
{{else}}
(no description)
{{/if}}
{{#if parent.hypothesis}}

Parent hypothesis: {{parent.hypothesis.statement}} (confidence {{parent.hypothesis.confidence}});
validated when: {{parent.hypothesis.validationCriteria}}
{{/if}}
{{#if parent.signalSource}}

The parent is a signal from {{parent.signalSource}}. Its payload:
~~~json
{{json parent.signalPayload}}
~~~
{{/if}}

{{/if}}`;

const siblingContext = `{{#if siblings.length}}
## Sibling issues (same parent)

{{#each siblings}}
- {{issueLine this}}
{{/each}}

{{/if}}`;

const childrenContext = `{{#if children.length}}
## Child issues

{{#each children}}
- {{issueLine this}}
{{/each}}

{{/if}}`;

const blockersContext = `{{#if blockedBy.length}}
## Blocked by

{{#each blockedBy}}
- {{issueLine this}}
{{/each}}

{{/if}}
{{#if blocking.length}}
## Blocking (waiting for this issue)

{{#each blocking}}
- {{issueLine this}}
{{/each}}

{{/if}}`;

const projectAndGoalContext = `{{#if project}}
## Project: {{project.name}}

Status {{project.status}}, health {{project.health}}.
{{#if project.description}}

{{project.description}}
{{/if}}
{{#if goal}}

**Goal: {{goal.title}}** ({{goal.status}}){{#if goal.metric}} — {{goal.metric}}: {{default goal.currentValue "?"}} of {{default goal.targetValue "?"}}{{#if goal.unit}} {{goal.unit}}{{/if}}{{/if}}
{{#if goal.description}}
{{goal.description}}
{{/if}}
Goal id for updates: {{goal.id}}

{{else}}

The project has no goal yet.

{{/if}}
{{else}}
## Project

This issue belongs to no project.

{{/if}}`;

const previousSessions = `{{#if previousSessions.length}}
## Previous sessions on this issue

Earlier agents worked on this issue without finishing it. Learn from them before you start.

{{#each previousSessions}}
- {{date claimedAt}}: {{outcome}}{{#if finishedAt}} at {{date finishedAt}}{{/if}}{{#if agentSessionId}} (session {{agentSessionId}}){{/if}}{{#if summary}} — {{summary}}{{/if}}{{#if commits.length}}; commits {{join (pluck commits "sha") ", "}}{{/if}}{{#if pullRequests.length}}; pull requests {{join (pluck pullRequests "url") ", "}}{{/if}}
{{/each}}

{{/if}}`;

export const partials = {
  api_reference: apiReference,
  review_instructions: reviewInstructions,
  parent_context: parentContext,
  sibling_context: siblingContext,
  project_and_goal_context: projectAndGoalContext,
  issue_context: issueContext,
  children_context: childrenContext,
  blockers_context: blockersContext,
  previous_sessions: previousSessions,
} as const;

export type PartialName = keyof typeof partials;
export const partialNames = Object.keys(partials) as PartialName[];
