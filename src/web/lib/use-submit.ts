import { App } from 'antd';
import { useState } from 'react';
import { errorMessage } from './api.ts';

/**
 * A form's submit: busy while it runs, the server's error (in the user's language) kept for the form to show, a
 * success message when `fn` returns one, then `onDone`. `setError` lets the form refuse before sending.
 */
export function useSubmit(fn: () => Promise<string | undefined | unknown>, onDone: () => void) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await fn();
      if (typeof done === 'string') void message.success(done);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}
