// A stand-in for the npm package react-style-singleton (2.x), which GraphiQL's dialogs reach through
// Radix and react-remove-scroll to lock the page's scrolling while a dialog is open. The original
// adds a <style> element, which the content security policy (`style-src 'self'`) refuses with a console
// error each time a dialog opens; this one adopts a constructed stylesheet (CSSOM, which the policy
// does not restrict) with the same reference counting. vite.config.ts points the package name here.
import { useEffect } from 'react';
import type { FC } from 'react';

/** Adds `style` once for however many users, and takes it away when the last one goes. */
export function stylesheetSingleton(): { add: (style: string) => void; remove: () => void } {
  let counter = 0;
  let sheet: CSSStyleSheet | null = null;
  return {
    add(style: string) {
      if (counter === 0 && typeof document !== 'undefined') {
        const next = new CSSStyleSheet();
        next.replaceSync(style);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, next];
        sheet = next;
      }
      counter++;
    },
    remove() {
      counter--;
      if (counter === 0 && sheet) {
        const gone = sheet;
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== gone);
        sheet = null;
      }
    },
  };
}

/** A hook that holds the styles while the calling component is mounted. */
export function styleHookSingleton(): (styles: string, isDynamic?: boolean) => void {
  const sheet = stylesheetSingleton();
  return (styles, isDynamic) => {
    // As in the original: the styles of the first mount stay unless `isDynamic` is set.
    useEffect(() => {
      sheet.add(styles);
      return () => sheet.remove();
    }, [styles && isDynamic]);
  };
}

/** A component that holds the styles while it is mounted. */
export function styleSingleton(): FC<{ styles: string; dynamic?: boolean }> {
  const useStyle = styleHookSingleton();
  const Sheet: FC<{ styles: string; dynamic?: boolean }> = ({ styles, dynamic }) => {
    useStyle(styles, dynamic);
    return null;
  };
  return Sheet;
}
