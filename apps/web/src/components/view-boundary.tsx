import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * Catches a view that throws while rendering — most often a lazy chunk that no longer exists because
 * a new build replaced it — and offers a reload instead of a blank page. Keyed by the path outside,
 * so moving to another view starts clean.
 */
export class ViewBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-800">
        <p>This view could not be shown: {this.state.error.message}</p>
        <button type="button" onClick={() => window.location.reload()} className="mt-2 rounded border border-red-400 bg-white px-2 py-1">
          Reload the page
        </button>
      </div>
    );
  }
}
