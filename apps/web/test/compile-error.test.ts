import { LoopApiError } from '@loop/client';
import { describe, expect, it } from 'vitest';
import { compileError } from '../src/lib/compile-error';

const refusal = (message: string) => new LoopApiError(422, 'validation_failed', `content: ${message}`, [{ field: 'content', message }]);

describe('compile errors of a new version', () => {
  it('takes the line from the compiler message and shows its source', () => {
    const content = '# {{issue.title}}\n\n{{#if issue.description}\n';
    const error = compileError(refusal("Parse error on line 3:\n{{#if issue.description}\n-----------------------^\nExpecting 'CLOSE'"), content);
    expect(error).toMatchObject({ line: 3, source: '{{#if issue.description}' });
    expect(error?.message).toContain('Parse error on line 3');
  });

  it('reads the "(line N)" form too', () => {
    expect(compileError(refusal('Unknown partial "nope" (line 2)'), 'a\n{{> nope}}')?.line).toBe(2);
  });

  it('is not a compile error when the API refused something else', () => {
    expect(compileError(new LoopApiError(401, 'unauthorized', 'no'), 'x')).toBeNull();
    expect(compileError(new LoopApiError(422, 'validation_failed', 'authorName: required', [{ field: 'authorName', message: 'required' }]), 'x')).toBeNull();
  });
});
