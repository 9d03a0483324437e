import { relations } from 'drizzle-orm';
import { comments, issueLabels, issueRelations, issues, labels } from './issues';
import { dispatches } from './operations';
import { goals, projects } from './projects';
import { promptReviews, promptTemplates, promptVersions } from './prompts';
import { signals } from './signals';

export const issuesRelations = relations(issues, ({ one, many }) => ({
  parent: one(issues, { fields: [issues.parentId], references: [issues.id], relationName: 'hierarchy' }),
  children: many(issues, { relationName: 'hierarchy' }),
  project: one(projects, { fields: [issues.projectId], references: [projects.id] }),
  issueLabels: many(issueLabels),
  outgoingRelations: many(issueRelations, { relationName: 'outgoing' }),
  incomingRelations: many(issueRelations, { relationName: 'incoming' }),
  comments: many(comments),
  dispatches: many(dispatches),
  signal: one(signals, { fields: [issues.id], references: [signals.issueId] }),
}));

export const labelsRelations = relations(labels, ({ many }) => ({
  issueLabels: many(issueLabels),
}));

export const issueLabelsRelations = relations(issueLabels, ({ one }) => ({
  issue: one(issues, { fields: [issueLabels.issueId], references: [issues.id] }),
  label: one(labels, { fields: [issueLabels.labelId], references: [labels.id] }),
}));

export const issueRelationsRelations = relations(issueRelations, ({ one }) => ({
  issue: one(issues, { fields: [issueRelations.issueId], references: [issues.id], relationName: 'outgoing' }),
  relatedIssue: one(issues, {
    fields: [issueRelations.relatedIssueId],
    references: [issues.id],
    relationName: 'incoming',
  }),
}));

export const commentsRelations = relations(comments, ({ one, many }) => ({
  issue: one(issues, { fields: [comments.issueId], references: [issues.id] }),
  parent: one(comments, { fields: [comments.parentId], references: [comments.id], relationName: 'thread' }),
  replies: many(comments, { relationName: 'thread' }),
}));

export const projectsRelations = relations(projects, ({ one, many }) => ({
  goal: one(goals, { fields: [projects.goalId], references: [goals.id] }),
  issues: many(issues),
  templates: many(promptTemplates),
}));

export const goalsRelations = relations(goals, ({ many }) => ({
  projects: many(projects),
}));

export const signalsRelations = relations(signals, ({ one }) => ({
  issue: one(issues, { fields: [signals.issueId], references: [issues.id] }),
}));

export const promptTemplatesRelations = relations(promptTemplates, ({ one, many }) => ({
  project: one(projects, { fields: [promptTemplates.projectId], references: [projects.id] }),
  activeVersion: one(promptVersions, {
    fields: [promptTemplates.activeVersionId],
    references: [promptVersions.id],
    relationName: 'active',
  }),
  versions: many(promptVersions, { relationName: 'versions' }),
}));

export const promptVersionsRelations = relations(promptVersions, ({ one, many }) => ({
  template: one(promptTemplates, {
    fields: [promptVersions.templateId],
    references: [promptTemplates.id],
    relationName: 'versions',
  }),
  reviews: many(promptReviews),
}));

export const promptReviewsRelations = relations(promptReviews, ({ one }) => ({
  version: one(promptVersions, { fields: [promptReviews.versionId], references: [promptVersions.id] }),
  issue: one(issues, { fields: [promptReviews.issueId], references: [issues.id] }),
}));

export const dispatchesRelations = relations(dispatches, ({ one }) => ({
  issue: one(issues, { fields: [dispatches.issueId], references: [issues.id] }),
  template: one(promptTemplates, { fields: [dispatches.templateId], references: [promptTemplates.id] }),
  version: one(promptVersions, { fields: [dispatches.versionId], references: [promptVersions.id] }),
}));
