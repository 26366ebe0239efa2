import { useCallback, useMemo, useReducer, useRef } from 'react';
import type { DeploymentDetail, OutlineItem } from '../../../../contracts/deploy.ts';

const MAX_UNDO = 100;

type Snapshot = { items: OutlineItem[]; title: string; meetingDate: string | null };
type State = { present: Snapshot; past: Snapshot[] };
type Action = { type: 'change'; fn: (s: Snapshot) => Snapshot } | { type: 'undo' } | { type: 'reset'; snap: Snapshot };

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'change': {
      const next = action.fn(state.present);
      if (next === state.present) return state;
      return { present: next, past: [...state.past.slice(-(MAX_UNDO - 1)), state.present] };
    }
    case 'undo': {
      const prev = state.past[state.past.length - 1];
      return prev ? { present: prev, past: state.past.slice(0, -1) } : state;
    }
    case 'reset':
      return { present: action.snap, past: [] };
  }
}

export type OutlineEditor = Snapshot & {
  dirty: boolean;
  canUndo: boolean;
  /** Applies an edit to the items (undoable). */
  edit: (fn: (items: OutlineItem[]) => OutlineItem[]) => void;
  setTitle: (s: string) => void;
  setMeetingDate: (d: string | null) => void;
  undo: () => void;
  /** After a save or a reload: the server's copy becomes the new clean state. */
  reset: (d: DeploymentDetail) => void;
};

const snapOf = (d: DeploymentDetail): Snapshot => ({ items: d.items, title: d.title, meetingDate: d.meetingDate });

/** The import screen's working copy of a draft: items, title and meeting date, with undo and a dirty flag. */
export function useOutlineEditor(initial: DeploymentDetail): OutlineEditor {
  const [state, dispatch] = useReducer(reducer, undefined, () => ({ present: snapOf(initial), past: [] }));
  const saved = useRef(JSON.stringify(snapOf(initial)));

  const edit = useCallback(
    (fn: (items: OutlineItem[]) => OutlineItem[]) =>
      dispatch({ type: 'change', fn: (s) => ({ ...s, items: fn(s.items) }) }),
    [],
  );
  const setTitle = useCallback(
    (title: string) => dispatch({ type: 'change', fn: (s) => (s.title === title ? s : { ...s, title }) }),
    [],
  );
  const setMeetingDate = useCallback(
    (meetingDate: string | null) =>
      dispatch({ type: 'change', fn: (s) => (s.meetingDate === meetingDate ? s : { ...s, meetingDate }) }),
    [],
  );
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const reset = useCallback((d: DeploymentDetail) => {
    saved.current = JSON.stringify(snapOf(d));
    dispatch({ type: 'reset', snap: snapOf(d) });
  }, []);

  const dirty = useMemo(() => JSON.stringify(state.present) !== saved.current, [state.present]);
  return { ...state.present, dirty, canUndo: state.past.length > 0, edit, setTitle, setMeetingDate, undo, reset };
}
