import { unwrap } from '@loop/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useClient } from '../../auth/auth-context';
import { Markdown } from '../../components/markdown';
import { ErrorState, QueryView } from '../../components/states';
import type { CommentThread } from '../../lib/api-types';
import { authorName } from '../../lib/author';
import { dateTime } from '../../lib/time';
import { issueKey } from './use-issue';

type Comment = Omit<CommentThread, 'replies'>;

function CommentBody({ comment }: { comment: Comment }) {
  return (
    <>
      <p className="text-xs text-slate-600">
        <span className="font-medium text-slate-800">{comment.authorName}</span> ({comment.authorType}) ·{' '}
        <time dateTime={comment.createdAt}>{dateTime(comment.createdAt)}</time>
      </p>
      <Markdown>{comment.body}</Markdown>
    </>
  );
}

function CommentBox({ issueRef, parentId, label, onDone }: { issueRef: string; parentId?: string; label: string; onDone?: () => void }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const id = useId();
  const [body, setBody] = useState('');
  const post = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/v1/issues/{idOrNumber}/comments', {
          params: { path: { idOrNumber: issueRef } },
          body: { body, authorName: authorName.read(), authorType: 'human', ...(parentId ? { parentId } : {}) },
        }),
      ),
    onSuccess: async () => {
      setBody('');
      onDone?.();
      await queryClient.invalidateQueries({ queryKey: [...issueKey(issueRef), 'comments'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim()) post.mutate();
  }

  return (
    <form onSubmit={submit} className="space-y-2">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={id}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        rows={3}
        className="w-full rounded border border-slate-400 p-2 text-sm"
        placeholder="Markdown"
      />
      {post.isError && <ErrorState error={post.error} />}
      <button type="submit" disabled={post.isPending || !body.trim()} className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-60">
        {post.isPending ? 'Posting…' : parentId ? 'Reply' : 'Comment'}
      </button>
    </form>
  );
}

function Thread({ thread, issueRef }: { thread: CommentThread; issueRef: string }) {
  const [replying, setReplying] = useState(false);
  return (
    <li className="space-y-2 rounded border border-slate-200 p-3" data-testid="comment">
      <CommentBody comment={thread} />
      {thread.replies.length > 0 && (
        <ul className="ml-4 space-y-2 border-l-2 border-slate-200 pl-3" aria-label="Replies">
          {thread.replies.map((reply) => (
            <li key={reply.id} data-testid="reply">
              <CommentBody comment={reply} />
            </li>
          ))}
        </ul>
      )}
      {replying ? (
        <CommentBox issueRef={issueRef} parentId={thread.id} label={`Reply to ${thread.authorName}`} onDone={() => setReplying(false)} />
      ) : (
        <button type="button" onClick={() => setReplying(true)} className="text-xs text-blue-800 underline">
          Reply
        </button>
      )}
    </li>
  );
}

export function Comments({ issueRef }: { issueRef: string }) {
  const client = useClient();
  const comments = useQuery({
    queryKey: [...issueKey(issueRef), 'comments'],
    queryFn: () =>
      unwrap(client.GET('/api/v1/issues/{idOrNumber}/comments', { params: { path: { idOrNumber: issueRef }, query: { limit: 200 } } })),
  });
  return (
    <section aria-labelledby="comments-title" className="space-y-3">
      <h2 id="comments-title" className="text-lg font-semibold">
        Comments
      </h2>
      <QueryView query={comments} isEmpty={({ data }) => data.length === 0} empty="No comments yet.">
        {({ data }) => (
          <ul className="space-y-3">
            {data.map((thread) => (
              <Thread key={thread.id} thread={thread} issueRef={issueRef} />
            ))}
          </ul>
        )}
      </QueryView>
      <CommentBox issueRef={issueRef} label="Add a comment" />
    </section>
  );
}
