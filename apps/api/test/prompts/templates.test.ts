import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { aProjectWithGoalRow } from '../support/fixtures/prompts';

describe('/templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('POST', () => {
    it('creates a template whose content becomes an active version 1', async () => {
      const response = await t.api.post('/api/v1/templates', {
        slug: 'frontend-task',
        name: 'Frontend task',
        description: 'For frontend work',
        conditions: { type: 'task', labels: ['frontend'] },
        specificity: 20,
        content: '# {{issue.title}}',
      });
      expect(response.status).toBe(201);
      const template = response.body.data;
      expect(template).toMatchObject({
        slug: 'frontend-task',
        name: 'Frontend task',
        description: 'For frontend work',
        conditions: { type: 'task', labels: ['frontend'] },
        specificity: 20,
        projectId: null,
        improvementIssueId: null,
        activeVersion: {
          templateId: template.id,
          version: 1,
          content: '# {{issue.title}}',
          status: 'active',
          usageCount: 0,
          reviewScore: null,
        },
      });
      expect(template.activeVersionId).toBe(template.activeVersion.id);
      expect(template.activeVersion.activatedAt).toEqual(expect.any(String));
      expect(template).not.toHaveProperty('deletedAt');
    });

    it('creates a template without content, with default conditions and specificity and no active version', async () => {
      const response = await t.api.post('/api/v1/templates', { slug: 'bare', name: 'Bare' });
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({
        conditions: {},
        specificity: 10,
        description: null,
        activeVersionId: null,
        activeVersion: null,
      });
      const versions = await t.api.get('/api/v1/templates/bare/versions');
      expect(versions.body.total).toBe(0);
    });

    it('scopes a template to a live project', async () => {
      const { project } = await aProjectWithGoalRow(t.db);
      const response = await t.api.post('/api/v1/templates', { slug: 'scoped', name: 'Scoped', projectId: project.id });
      expect(response.status).toBe(201);
      expect(response.body.data.projectId).toBe(project.id);
    });

    it('answers 409 for a slug a live template holds, and frees the slug once that template is deleted', async () => {
      await t.api.post('/api/v1/templates', { slug: 'taken', name: 'First' });
      const duplicate = await t.api.post('/api/v1/templates', { slug: 'taken', name: 'Second' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('conflict');
      expect((await t.api.delete('/api/v1/templates/taken')).status).toBe(204);
      const again = await t.api.post('/api/v1/templates', { slug: 'taken', name: 'Third' });
      expect(again.status).toBe(201);
      expect(again.body.data.name).toBe('Third');
    });

    it.each(['Upper', 'with space', '-leading', 'trailing-', 'double--hyphen', 'under_score', 'preview', ''])(
      'refuses the slug %j with 422',
      async (slug) => {
        const response = await t.api.post('/api/v1/templates', { slug, name: 'Bad' });
        expect(response.status).toBe(422);
        expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain('slug');
      },
    );

    it('refuses missing fields, unknown fields and wrong types with 422 naming them', async () => {
      const response = await t.api.post('/api/v1/templates', { specificity: 1.5, conditions: [], activeVersionId: 'x' });
      expect(response.status).toBe(422);
      const fields = response.body.details.map((detail: { field: string }) => detail.field);
      expect(fields).toEqual(expect.arrayContaining(['slug', 'name', 'specificity', 'conditions', 'activeVersionId']));
    });

    it('refuses an unknown or deleted project with 422 naming projectId', async () => {
      const { project } = await aProjectWithGoalRow(t.db, { project: { deletedAt: new Date() } });
      for (const projectId of ['no-such-project', project.id]) {
        const response = await t.api.post('/api/v1/templates', { slug: 'orphan', name: 'Orphan', projectId });
        expect(response.status).toBe(422);
        expect(response.body.code).toBe('invalid_reference');
        expect(response.body.details[0].field).toBe('projectId');
      }
      expect((await t.api.get('/api/v1/templates/orphan')).status).toBe(404);
    });

    it('refuses content that does not compile, with the line, and creates nothing', async () => {
      const response = await t.api.post('/api/v1/templates', { slug: 'broken', name: 'Broken', content: 'ok\n{{#each issue}}' });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.error).toMatch(/line 2/);
      expect(response.body.details[0].field).toBe('content');
      expect((await t.api.get('/api/v1/templates/broken')).status).toBe(404);
    });
  });

  describe('GET', () => {
    it('lists live templates newest first, each with its active version, paginated', async () => {
      const first = await t.api.post('/api/v1/templates', { slug: 'list-a', name: 'A', content: 'a' });
      const second = await t.api.post('/api/v1/templates', { slug: 'list-b', name: 'B' });
      const page = await t.api.get('/api/v1/templates?limit=2');
      expect(page.status).toBe(200);
      expect(page.body.limit).toBe(2);
      expect(page.body.offset).toBe(0);
      expect(page.body.data.map((template: { slug: string }) => template.slug)).toEqual(['list-b', 'list-a']);
      expect(page.body.data[0].activeVersion).toBeNull();
      expect(page.body.data[1].activeVersion).toMatchObject({ id: first.body.data.activeVersionId, version: 1 });

      const all = await t.api.get('/api/v1/templates?limit=200');
      expect(all.body.total).toBe(all.body.data.length);
      expect(all.body.data.map((template: { id: string }) => template.id)).toContain(second.body.data.id);
      expect((await t.api.get('/api/v1/templates?limit=0')).status).toBe(422);
    });

    it('finds a template by id and by slug', async () => {
      const created = await t.api.post('/api/v1/templates', { slug: 'by-either', name: 'Either', content: 'x' });
      const byId = await t.api.get(`/api/v1/templates/${created.body.data.id}`);
      const bySlug = await t.api.get('/api/v1/templates/by-either');
      expect(byId.status).toBe(200);
      expect(bySlug.body).toEqual(byId.body);
      expect(bySlug.body.data.activeVersion.content).toBe('x');
    });

    it('answers 404 for an unknown template', async () => {
      const response = await t.api.get('/api/v1/templates/no-such-template');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    });
  });

  describe('PATCH', () => {
    it('changes only the fields sent, and null clears a nullable one', async () => {
      await t.api.post('/api/v1/templates', { slug: 'editable', name: 'Editable', description: 'Old', content: 'c' });
      const response = await t.api.patch('/api/v1/templates/editable', {
        name: 'Edited',
        description: null,
        conditions: { status: 'todo' },
        specificity: 40,
      });
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({
        slug: 'editable',
        name: 'Edited',
        description: null,
        conditions: { status: 'todo' },
        specificity: 40,
        activeVersion: { content: 'c' },
      });
    });

    it('renames the slug, refusing one another live template holds', async () => {
      await t.api.post('/api/v1/templates', { slug: 'rename-me', name: 'R' });
      await t.api.post('/api/v1/templates', { slug: 'occupied', name: 'O' });
      expect((await t.api.patch('/api/v1/templates/rename-me', { slug: 'occupied' })).status).toBe(409);
      const renamed = await t.api.patch('/api/v1/templates/rename-me', { slug: 'renamed' });
      expect(renamed.status).toBe(200);
      expect((await t.api.get('/api/v1/templates/renamed')).status).toBe(200);
      expect((await t.api.get('/api/v1/templates/rename-me')).status).toBe(404);
    });

    it('refuses read-only fields, content (a new version instead) and a reserved slug with 422', async () => {
      await t.api.post('/api/v1/templates', { slug: 'strict', name: 'S' });
      for (const body of [{ id: 'x' }, { activeVersionId: 'x' }, { content: 'new' }, { slug: 'preview' }, { createdAt: 'now' }]) {
        const response = await t.api.patch('/api/v1/templates/strict', body);
        expect(response.status, JSON.stringify(body)).toBe(422);
      }
    });

    it('answers 404 for an unknown template', async () => {
      expect((await t.api.patch('/api/v1/templates/ghost', { name: 'x' })).status).toBe(404);
    });
  });

  describe('DELETE', () => {
    it('soft-deletes: the template disappears from every read', async () => {
      const created = await t.api.post('/api/v1/templates', { slug: 'doomed', name: 'Doomed', content: 'x' });
      expect((await t.api.delete(`/api/v1/templates/${created.body.data.id}`)).status).toBe(204);
      expect((await t.api.get('/api/v1/templates/doomed')).status).toBe(404);
      expect((await t.api.get(`/api/v1/templates/${created.body.data.id}/versions`)).status).toBe(404);
      const list = await t.api.get('/api/v1/templates?limit=200');
      expect(list.body.data.map((template: { slug: string }) => template.slug)).not.toContain('doomed');
      expect((await t.api.delete('/api/v1/templates/doomed')).status).toBe(404);
    });
  });
});
