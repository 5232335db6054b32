import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { describeProblem } from './problem';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads something for a page; `reload()` runs it again (the retry of a failure). */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A failure with its reason and a retry: never a blank page. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{describeProblem(error)}</p>
      {retry ? (
        <button type="button" class="button button-secondary" onClick={retry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** What a page shows while `state` loads, when it failed, or its content once there. */
export function Loaded<T>({ state, children }: { state: AsyncState<T>; children: (data: T) => ComponentChildren }) {
  if (state.error && state.data === undefined) return <LoadError error={state.error} retry={state.reload} />;
  if (state.data === undefined)
    return (
      <p class="loading" role="status">
        {t('status.loading')}
      </p>
    );
  return (
    <>
      {state.error ? <LoadError error={state.error} retry={state.reload} /> : null}
      {children(state.data)}
    </>
  );
}
