/**
 * The text of the default templates, one per stage of the loop (signal → hypothesis → plan → task →
 * monitor) plus prompt improvement. Each says what to analyse, what to create through the API, how
 * to finish, and ends with the review. Code fences use `~~~` so the sources stay readable here.
 */

const context = `{{> issue_context}}

{{> parent_context}}
{{> sibling_context}}
{{> children_context}}
{{> blockers_context}}
{{> project_and_goal_context}}
{{> previous_sessions}}`;

const footer = `{{> api_reference}}

{{> review_instructions}}
`;

const projectField = `{{#if project}}"projectId": "{{project.id}}", {{/if}}`;

export const signalTriage = `# Triage signal #{{issue.number}}: {{issue.title}}

You are triaging a **signal**: something Loop observed (an error spike, a metric change, a failed
workflow, a note from a human). Your job is to decide what it means and turn it into the next step of
the loop. You do not fix anything here.

${context}

## Analyse

1. Read the payload above. What happened, where, since when, how often, for whom?
2. Is it real and actionable, or noise (a known flake, a test environment, a one-off)?
3. Is it a duplicate of an existing issue? Search before you create anything:
   \`GET /issues?q=<key words>&type=signal,hypothesis,task\`.
4. Which project does it belong to, and does it threaten that project's goal?

## Act

- **Noise:** comment with your reasoning, then \`PATCH\` the signal to \`{"status": "canceled", "agentSummary": "…"}\`.
- **Duplicate:** relate it (\`{"type": "duplicate", "relatedIssueId": <other number>}\`), comment, and cancel it.
- **Actionable:** create one or more **hypothesis** issues as children of this signal, each a single
  testable explanation with your honest confidence:

~~~bash
curl -s -X POST {{loopUrl}}/api/v1/issues \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"title": "Hypothesis: <cause>", "type": "hypothesis", "status": "todo", "priority": 2, ${projectField}"parentId": "{{issue.id}}",
       "description": "Why you think so, with links to the evidence",
       "hypothesis": {"statement": "<cause> makes <effect>", "confidence": 0.6, "evidence": ["<what you saw>"],
                      "validationCriteria": "<what would prove it>", "prediction": "<what changes if it is fixed>"}}'
~~~

  Set \`priority\` from the impact (1 urgent … 4 low). If the signal belongs to a project and has none,
  set its \`projectId\`. Then move the signal to \`done\` with an \`agentSummary\` naming the hypotheses.

## Done when

The signal is \`done\` (with at least one hypothesis child) or \`canceled\` (with a comment saying why).

${footer}`;

export const hypothesisPlan = `# Test hypothesis #{{issue.number}} and plan the work

You are working on a **hypothesis**: a proposed explanation of a signal or an opportunity for a goal.
Your job is to check it against the evidence and, if it holds, write the plan that will act on it.

${context}

## Analyse

1. Restate the hypothesis in one sentence. Is it specific and falsifiable?
2. Gather evidence for and against it (code, logs, metrics, the parent signal's payload). Update your
   confidence honestly; a rejected hypothesis is a useful result.
3. Decide what would change if it is true, and how the project's goal would move.

## Act

- **Rejected:** comment with the evidence, update the hypothesis (\`PATCH\` with a lower
  \`hypothesis.confidence\` and the new evidence), then cancel it. If you found a better explanation,
  create it as a new hypothesis (a sibling: the same \`parentId\`).
- **Supported:** create a **plan** issue. The hierarchy is one level deep, so when this hypothesis has a
  parent the plan is a root issue linked to it with \`related\`; when it has none, make the plan its child.

~~~bash
curl -s -X POST {{loopUrl}}/api/v1/issues \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"title": "Plan: <outcome>", "type": "plan", "status": "todo", "priority": {{issue.priority}}, ${projectField}{{#unless parent}}"parentId": "{{issue.id}}", {{/unless}}
       "description": "Goal of the plan, approach, risks, and how success will be measured"}'
{{#if parent}}
# then link it (use the plan's number from the response)
curl -s -X POST {{loopUrl}}/api/v1/issues/{{issue.number}}/relations \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"type": "related", "relatedIssueId": <plan number>}'
{{/if}}
~~~

  Write the plan's description so that someone else can decompose it: the intended change, the
  constraints, and the measurable success criteria (tie them to the goal's metric when there is one).
  Then move the hypothesis to \`done\` with an \`agentSummary\` stating the evidence and your confidence.
- If the evidence changes what the project's goal should read (its \`currentValue\`), record it with
  \`PATCH /goals/{id}\`.

## Done when

The hypothesis is \`canceled\` with the evidence against it, or \`done\` with a plan issue that names
measurable success criteria.

${footer}`;

export const planDecompose = `# Decompose plan #{{issue.number}}: {{issue.title}}

You are working on a **plan**. Your job is to break it into tasks an agent can finish in one session
each, in the right order, plus a monitor that checks whether the plan worked.

${context}

## Analyse

1. What is the intended outcome, and what are the success criteria? If they are missing or vague,
   make them concrete first (edit the plan's description) or comment and ask.
2. What changes are needed? Split them into tasks that are small, independently verifiable, and
   clear about their definition of done. Look at the existing children above before adding more.
3. Which tasks depend on which? Only sequence what really must be sequential.

## Act

{{#if issue.parentId}}
This plan is itself a child issue, so it cannot have children: create the tasks as root issues and
link each one to the plan with \`related\`.
{{else}}
Create each task as a child of this plan:
{{/if}}

~~~bash
curl -s -X POST {{loopUrl}}/api/v1/issues \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"title": "<verb> <object>", "type": "task", "status": "todo", "priority": {{issue.priority}}, ${projectField}{{#unless issue.parentId}}"parentId": "{{issue.id}}", {{/unless}}
       "description": "What to change, where, and how to verify it (tests, commands, expected result)"}'
~~~

- Order them with relations: when task A must come first, \`POST /issues/<A>/relations\` with
  \`{"type": "blocks", "relatedIssueId": <B>}\`.
- Create one **monitor** issue (\`"type": "monitor"\`, \`"status": "todo"\`) that checks the success
  criteria once the work has shipped (which metric, which threshold, over what period), and make every
  task block it, so it is handed out only when they are all finished.
- Comment on the plan with the breakdown, then move the plan to \`done\` with an \`agentSummary\` listing
  the tasks and the monitor.

## Done when

The plan has tasks with clear definitions of done, relations for the real dependencies, a monitor
blocked by the tasks, and is \`done\`.

${footer}`;

export const taskExecute = `# Task #{{issue.number}}: {{issue.title}}

You are executing a **task**. Do the work it describes, verify it, and report what you did.

${context}

## Work

1. Read the task, its parent and its siblings above so you know where it fits. If earlier sessions
   failed, start from what they learned.
2. Make the change. Keep it to the task's scope; follow the repository's conventions and tests.
3. Verify it: run the relevant tests or checks and note the results.
4. Record your work on the issue as you go:

~~~bash
curl -s -X PATCH {{loopUrl}}/api/v1/issues/{{issue.number}} \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json"{{#if meta.dispatchId}} -H "Loop-Dispatch-Id: {{meta.dispatchId}}"{{/if}} \\
  -d '{"agentSessionId": "<your session id>", "commits": [{"sha": "<sha>", "message": "<message>"}],
       "pullRequests": [{"number": 1, "url": "<url>", "status": "open", "merged": false}]}'
~~~

## If something gets in the way

- Work you discover that is outside this task: create a new task for it{{#if parent}} as a sibling
  (\`"parentId": "{{parent.id}}"\`){{/if}} instead of widening this one.
- A blocker: create (or find) the issue that blocks you, relate it with
  \`{"type": "blocked_by", "relatedIssueId": <blocker>}\`, comment, and move this task back to \`todo\`.
- The task is wrong or no longer needed: comment why and cancel it.

## Done when

The change is made and verified, and the task is \`done\` with an \`agentSummary\` saying what changed,
how you verified it, and anything the next person should know.

${footer}`;

export const monitorCheck = `# Monitor #{{issue.number}}: {{issue.title}}

You are running a **monitor**: a check of whether shipped work had the effect it was meant to have.

${context}

## Check

1. Find the success criteria: in this issue's description, its parent plan, or the hypothesis it
   tests. Note the metric, the threshold and the period.
2. Measure the current value with the tools you have (dashboards, logs, queries), and compare it with
   the criteria and with the value before the change.

## Act

- **Goal progress:** record the measured value on the project's goal{{#if goal}} ({{goal.id}}){{/if}}:

~~~bash
curl -s -X PATCH {{loopUrl}}/api/v1/goals/{{#if goal}}{{goal.id}}{{else}}<goal id>{{/if}} \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"currentValue": <measured value>}'
~~~

  When the target is met, also set \`"status": "achieved"\`.
- **Met:** comment with the numbers and move this monitor to \`done\`.
- **Not met, or a regression:** report it as a new signal, so the loop starts again with evidence:

~~~bash
curl -s -X POST {{loopUrl}}/api/v1/signals \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d '{"source": "loop-monitor", "type": "metric-change", "severity": "medium", "title": "<what did not improve>",
       ${projectField}"payload": {"monitor": {{issue.number}}, "metric": "<metric>", "expected": "<target>", "observed": "<value>"}}'
~~~

  then comment with the numbers and move the monitor to \`done\`.
- **Too early to tell:** comment with what you measured and when to look again, and move the monitor
  to \`backlog\`.

## Done when

The goal's \`currentValue\` is up to date and the monitor is \`done\` (met, or reported as a signal) or
\`backlog\` (too early, with a comment).

${footer}`;

export const promptImprovement = `# Improve a prompt template (#{{issue.number}})

Agents rated one of Loop's prompt templates, and the reviews say it needs work (or it is due for its
periodic refresh). Your job is to propose a better version as a **draft**. A human reviews and promotes
it; do not promote it yourself.

${context}

## Analyse

1. The issue above names the template (its slug and id) and quotes the scores and the feedback. Read
   the template and its versions:

~~~bash
curl -s {{loopUrl}}/api/v1/templates/<slug> -H "Authorization: Bearer $LOOP_API_KEY"
curl -s {{loopUrl}}/api/v1/templates/<slug>/versions -H "Authorization: Bearer $LOOP_API_KEY"
curl -s "{{loopUrl}}/api/v1/templates/<slug>/reviews?limit=200" -H "Authorization: Bearer $LOOP_API_KEY"
~~~

2. Group the feedback: what is unclear, what is missing, what is irrelevant? Which dimension
   (clarity, completeness, relevance) scores lowest? Compare with earlier versions' scores.
3. Preview what the current version renders for a real issue: \`GET /issues/<issue number>/prompt-preview\`.

## Act

Write the new version's content (Handlebars over markdown). Keep what works, fix what the feedback
names, and keep the closing \`\\{{> review_instructions}}\` partial. Variables: \`issue\`,
\`parent\`, \`siblings\`, \`children\`, \`project\`, \`goal\`, \`labels\`, \`blocking\`, \`blockedBy\`,
\`previousSessions\`, \`loopUrl\`, \`meta\`. Partials: \`api_reference\`, \`review_instructions\`,
\`parent_context\`, \`sibling_context\`, \`project_and_goal_context\`, \`issue_context\`, \`children_context\`,
\`blockers_context\`, \`previous_sessions\`. Helpers: \`json\`, \`priorityLabel\`, \`statusLabel\`,
\`issueLine\`, \`date\`, \`percent\`, \`join\`, \`pluck\`, \`default\`, \`truncate\`, \`eq\`, \`ne\`, \`gt\`, \`lt\`,
\`and\`, \`or\`, \`not\`.

~~~bash
curl -s -X POST {{loopUrl}}/api/v1/templates/<slug>/versions \\
  -H "Authorization: Bearer $LOOP_API_KEY" -H "Content-Type: application/json" \\
  -d @- <<'JSON'
{"content": "<the full new template>", "changelog": "<what changed and which feedback it answers>",
 "authorName": "your-agent-name", "authorType": "agent", "status": "draft"}
JSON
~~~

Loop refuses content that does not compile (422, with the line). Then comment on this issue with the
new version's id and number and a summary of the changes, and move this issue to \`done\`.

## Done when

A draft version exists that answers the feedback, and this issue is \`done\` with a comment naming it.

${footer}`;
