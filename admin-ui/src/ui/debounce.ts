// A value that settles: it follows its input once the input has stayed the same for a while, so a
// search or a preview asks the server once per pause in typing, not once per key.
import { useEffect, useState } from 'react';

/** `value`, once it has not changed for `delay` ms (at first, `value` itself). */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}
