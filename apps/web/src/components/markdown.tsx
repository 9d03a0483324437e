import ReactMarkdown from 'react-markdown';

interface MdNode {
  type: string;
  children?: MdNode[];
}

/**
 * Raw HTML in Markdown (a `<script>`, an `<img onerror>`) becomes plain text: people see what was
 * written and the browser runs nothing. Dropping it silently would hide what an attacker tried.
 */
function rawHtmlAsText() {
  return function transform(tree: MdNode) {
    const stack: MdNode[] = [tree];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'html') node.type = 'text';
      if (node.children) stack.push(...node.children);
    }
  };
}

const plugins = [rawHtmlAsText];

/** Markdown from issues and comments, rendered without raw HTML (no rehype-raw, ever). */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown space-y-2 break-words text-sm leading-relaxed [&_a]:text-blue-800 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5">
      <ReactMarkdown remarkPlugins={plugins} skipHtml={false}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
