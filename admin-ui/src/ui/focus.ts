// Focus after an inline form closes: Escape closes it, and focus goes back to the control that opened
// it (which React renders anew once the form is gone).
import type { KeyboardEvent } from 'react';
import { useEffect, useRef } from 'react';

/** A keydown handler that calls `close` on Escape (once, for the innermost form). */
export function closeOnEscape(close: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}

/**
 * `focusAfterRender(() => element)` focuses that element after the next render (the button that
 * comes back when a form closes, say).
 */
export function useFocusAfterRender(): (target: () => HTMLElement | null | undefined) => void {
  const pending = useRef<(() => HTMLElement | null | undefined) | null>(null);
  useEffect(() => {
    const target = pending.current;
    if (!target) return;
    pending.current = null;
    target()?.focus();
  });
  return (target) => {
    pending.current = target;
  };
}
