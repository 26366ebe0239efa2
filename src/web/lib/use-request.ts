import { useCallback, useEffect, useRef, useState } from 'react';

export type RequestState<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the request again (after a change). */
  reload: () => void;
};

/**
 * Loads data for a component: re-runs when `deps` change, ignores answers that arrive after a newer
 * request started, keeps the previous data while reloading (no flicker on paging).
 */
export function useRequest<T>(fn: () => Promise<T>, deps: readonly unknown[], enabled = true): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(enabled);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    fnRef.current().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [...deps, tick, enabled]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
