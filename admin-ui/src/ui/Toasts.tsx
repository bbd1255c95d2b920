// Toasts: the confirmation of a change (saved, ended, paused…), shown for a few seconds in a corner
// and announced politely (one `role="status"` live region, there before any toast). Each can be
// dismissed with its close button or Escape; none goes away while the pointer is over it or focus is
// in it. A change the API can take back offers Undo, which runs the reverse mutation (the views it
// changes are refetched by the client's cache) and says how it went in the same toast.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, errorMessage, toCode } from '../api/client';

/** How long a toast stays, unless hovered or focused (then it stays until it is left). */
export const TOAST_MS = 8_000;

export interface Undo {
  /** The button's text (default "Undo"). */
  label?: string;
  /** Takes the change back; resolves to what the toast says then (default "Undone."). */
  run: () => Promise<ReactNode | void>;
}

/**
 * For an undo's mutation: its `userErrors` (the API refusing it, e.g. a record changed meanwhile)
 * as the error the toast shows.
 */
export function throwIfRefused(errors: readonly { message: string; code?: string | null }[]): void {
  const first = errors[0];
  if (!first) return;
  throw new ApiError(toCode(first.code, 400), errors.map((e) => e.message).join(' '));
}

export interface ToastInput {
  message: ReactNode;
  undo?: Undo | undefined;
}

interface Toast extends ToastInput {
  id: number;
  state: 'shown' | 'undoing' | 'undone' | 'failed';
  outcome?: ReactNode;
}

interface Toaster {
  /** Shows a toast; returns its id. */
  show(toast: ToastInput): number;
  dismiss(id: number): void;
}

const ToastContext = createContext<Toaster | null>(null);

/** Outside a `ToastProvider` (a component rendered on its own) a toast is not shown. */
const NONE: Toaster = { show: () => 0, dismiss: () => {} };

export function useToast(): Toaster {
  return useContext(ToastContext) ?? NONE;
}

let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((toast: ToastInput) => {
    const id = nextId++;
    setToasts((all) => [...all, { ...toast, id, state: 'shown' }]);
    return id;
  }, []);
  const toaster = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  const undo = useCallback(async (toast: Toast) => {
    if (!toast.undo) return;
    const set = (patch: Partial<Toast>) => setToasts((all) => all.map((t) => (t.id === toast.id ? { ...t, ...patch } : t)));
    set({ state: 'undoing' });
    try {
      const said = await toast.undo.run();
      set({ state: 'undone', outcome: said ?? 'Undone.' });
    } catch (e) {
      set({ state: 'failed', outcome: `Could not undo: ${errorMessage(e)}` });
    }
  }, []);

  // Escape that nothing else took (an open form, a dialog) dismisses the newest toast.
  const newest = toasts[toasts.length - 1]?.id;
  useEffect(() => {
    if (newest === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      dismiss(newest);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [newest, dismiss]);

  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} dismiss={dismiss} onUndo={() => void undo(t)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, dismiss, onUndo }: { toast: Toast; dismiss: (id: number) => void; onUndo: () => void }) {
  const { id } = toast;
  const onDismiss = useCallback(() => dismiss(id), [dismiss, id]);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const held = hovered || focused || toast.state === 'undoing';

  // The time left starts again after each change of the toast, and waits while it is held.
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(onDismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, toast.state, onDismiss]);

  // Undo done: its button is gone, so focus (if it was there) goes to the close button.
  const undone = toast.state === 'undone' || toast.state === 'failed';
  useEffect(() => {
    if (undone && root.current?.contains(document.activeElement) === false && document.activeElement === document.body) {
      close.current?.focus();
    }
  }, [undone]);

  return (
    <div
      ref={root}
      className={`toast toast-${toast.state}`}
      data-testid="toast"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onDismiss();
      }}
    >
      <div className="toast-message">
        {toast.state === 'shown' || toast.state === 'undoing' ? toast.message : null}
        {toast.state === 'undone' && <p>{toast.outcome}</p>}
        {toast.state === 'failed' && <p role="alert">{toast.outcome}</p>}
      </div>
      <div className="toast-actions">
        {toast.undo && (toast.state === 'shown' || toast.state === 'undoing') && (
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={onUndo}
            disabled={toast.state === 'undoing'}
          >
            {toast.state === 'undoing' ? 'Undoing…' : (toast.undo.label ?? 'Undo')}
          </button>
        )}
        <button ref={close} type="button" className="button button-small button-ghost toast-close" onClick={onDismiss} aria-label="Dismiss notification">
          <span aria-hidden="true">×</span>
        </button>
      </div>
    </div>
  );
}
