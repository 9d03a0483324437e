import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../src/components/markdown';

describe('Markdown', () => {
  it('renders Markdown structure', () => {
    const { container } = render(<Markdown>{'# Title\n\n- one\n- **two**\n\n[docs](https://example.com)'}</Markdown>);
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    expect(container.querySelectorAll('li')).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'docs' })).toHaveAttribute('href', 'https://example.com');
  });

  it('shows raw HTML as text and creates no script, image or handler', () => {
    const hostile = 'Before <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\nafter <b onclick="x()">bold</b>';
    const { container } = render(<Markdown>{hostile}</Markdown>);
    expect(container.querySelector('script, img, b, [onerror], [onclick]')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.textContent).toContain('<img src=x onerror="alert(2)">');
  });

  it('does not turn a javascript: link into a live href', () => {
    render(<Markdown>{'[click](javascript:alert(1))'}</Markdown>);
    expect(screen.getByText('click').closest('a')?.getAttribute('href') ?? '').not.toContain('javascript:');
  });
});
