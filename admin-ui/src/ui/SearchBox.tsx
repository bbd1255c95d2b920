// A search box whose term lives elsewhere (in the URL): typing searches after a short pause, Enter at
// once, and a term changed from outside (Back, a shared link) shows in the box.
import { type FormEvent, useEffect, useRef, useState } from 'react';

export function SearchBox({
  value,
  onSearch,
  label,
  placeholder,
  maxLength = 200,
  delay = 300,
}: {
  /** The term in force. */
  value: string;
  /** Called with the trimmed term after a pause in typing, or on Enter. */
  onSearch: (term: string) => void;
  label: string;
  placeholder?: string;
  maxLength?: number;
  delay?: number;
}) {
  const [text, setText] = useState(value);
  // The last term this box sent: a `value` different from it was changed from outside.
  const sent = useRef(value);
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  const send = (term: string) => {
    const trimmed = term.trim().slice(0, maxLength);
    if (trimmed === sent.current) return;
    sent.current = trimmed;
    onSearch(trimmed);
  };
  const latest = useRef(send);
  latest.current = send;
  useEffect(() => {
    const timer = setTimeout(() => latest.current(text), delay);
    return () => clearTimeout(timer);
  }, [text, delay]);

  return (
    <form
      className="search-box"
      role="search"
      aria-label={label}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        send(text);
      }}
    >
      <label className="field field-inline">
        <span>{label}</span>
        <input
          type="search"
          value={text}
          maxLength={maxLength}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
    </form>
  );
}
